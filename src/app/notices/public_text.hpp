// What text said in public (a reply in a thread, a post on a public channel) may be made of, and the check it
// passes before it is queued.
#pragma once

#include "app/notices/notices.hpp"
#include "domain/privacy.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace mend::app {

// The variables a public template may use: the reference, the public status and category, dates, and links
// to public pages. Any other variable of `all` (a description, a location, a name, an address...) keeps its
// name but its value is withheld: a template that uses it renders a marker, and public_text_problem refuses
// the text naming the variable, never its value.
template_vars public_variables(const template_vars& all);

// The public step a change is told as in a job's threads and to its followers ("triaged", "scheduled",
// "completed", ...), if it is one.
std::optional<std::string> public_event(const change& c);

// Why `text` may not be said in public, as officers read it ("privacy: ..."), or nothing when it may:
// a withheld variable, a personal fact of `facts`, or anything shaped like a personal detail. `answered` is
// the handle the text answers, which is no leak.
std::optional<std::string> public_text_problem(std::string_view text, const domain::personal_facts& facts,
                                               std::string_view answered);

} // namespace mend::app
