// The forms of the job page: which ones to offer, what each asks, the friendly checks made before the use
// case's own, and the action command each one posts.
#pragma once

#include "app/clocks.hpp"
#include "app/jobs.hpp"
#include "http/forms.hpp"
#include "http/route_table.hpp"
#include "pages/html.hpp"

#include <string>
#include <vector>

namespace mend::pages {

// Values the forms are filled with again after an error.
struct action_input {
    std::string action;
    form fields;
    bool restored = false; // kept when its session had ended, and put back after signing in (kept_form)
};

// The data of one action's form for job.mustache: "is_<action>", its fields ("f_*"), the job's reference and
// version. `clocks` are the job's, for the clock choices of pause_clock and resume_clock. In the one form of
// the staff's job page (`shared` true) every action's inputs are there at once, so each is named after its
// id ("cancel-reason"); own_inputs reads them back.
mdata action_form(const context& ctx, domain::action act, const domain::job& job,
                  const std::vector<domain::job_clock>& clocks, const form_errors& errors,
                  const action_input* in, bool shared = false);

// The inputs of the action `act` as its use case reads them: those named "<act>-<input>" in the one form of
// the staff's job page come first under their plain names; the rest stay as they were sent.
form own_inputs(const form& sent, const std::string& act);

// Actions taken aside from the usual course of a job (declining, holds, cancelling, clock pauses...): the job
// page offers them under "Other actions", after the likely next step.
bool side_action(domain::action act);

// Whether the page offers a form for an action the workflow allows: the Awaab's Law steps only when the
// job's clocks give them something to do now (a summary due, a clock running to pause), as the clock rules
// would otherwise refuse them.
bool offered(domain::action act, const domain::job& job, const std::vector<domain::job_clock>& clocks,
             const domain::clock_settings& settings, domain::instant now);

// Friendly checks before the use case's own, in the words of the GOV.UK Design System; each error is added
// under the id of the input it is about (radios: their first option).
void check_action_form(const std::string& act, const form& in, const domain::job& job, form_errors& errors);

// The command a form posts; a value the form cannot have sent (a rating that is not a number) is refused.
app::outcome<app::action_command> command_of(const std::string& act, const form& in);

// The id of the input on the page that a use case's field name is about; `act` empty for the report form.
std::string field_id(const std::string& field, const std::string& act = {});

} // namespace mend::pages
