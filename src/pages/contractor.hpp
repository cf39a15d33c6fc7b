// The contractor's pages, made for a phone on site: today's work first, and a job page with the next step on
// top, the tenant's number to tap, how to get in and the way there.
#pragma once

#include "domain/calendar.hpp"
#include "domain/job.hpp"
#include "pages/job_forms.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::pages {

// Where an open work order goes on the list: booked for `today` (UK date), booked for later, or the rest (not
// booked yet, or booked for a day gone by).
enum class work_order_group { today, upcoming, other };
work_order_group group_of(const domain::job& job, domain::date today);

// Today's appointments, then later ones, each soonest first; then the rest in the order given.
void order_work_orders(std::vector<domain::job>& jobs, domain::date today);

// A maps search for the home, which works on any phone without JavaScript.
std::string directions_url(const std::string& address, const std::string& postcode);

// The step a contractor most likely takes next, of those `allowed`: accept when offered, book once accepted,
// start once booked, complete once started.
std::optional<domain::action> next_site_action(const domain::job& job,
                                               const std::vector<domain::action>& allowed);

// The forms of the contractor's job page: "next" (the next step, with Decline beside Accept) and "others"
// (the rest, under "Other actions", open when one of them came back with an error).
mdata site_forms(const context& ctx, const domain::job& job, const std::vector<domain::action>& allowed,
                 const std::vector<domain::job_clock>& clocks, const form_errors& errors,
                 const action_input* in);

} // namespace mend::pages
