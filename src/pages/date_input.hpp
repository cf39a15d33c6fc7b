// The GOV.UK date input (day, month and year boxes) and a time box, as the job page's forms ask for a date
// and time, and the reading back of what was typed into them.
#pragma once

#include "pages/html.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace mend::pages {

// What was typed into one date input's three boxes.
struct date_parts {
    std::string day, month, year;
};

// "2027-03-27" from day, month and year boxes ("27", "3", "2027"); nothing unless it is a real date.
std::optional<std::string> date_of(const date_parts& typed);

// The box a date's error is about, as a suffix of the input's id ("-day", "-month", "-year"), and the
// message, GOV.UK style: `what` names the date ("The date of the appointment").
std::optional<std::pair<std::string, std::string>> date_problem(const date_parts& typed,
                                                                std::string_view what);

// "09:30" from a time as people type it: "9:30", "09.30", "9am", "2:15pm", "14:30"; nothing when it is not
// one.
std::optional<std::string> clock_time_of(std::string_view typed);

// The data of _date_input.mustache: a fieldset with the three boxes, named "<name>-day" and so on, with ids
// "<id>-day"...; an error under any of those ids shows on the whole input.
mdata date_field(const std::string& id, const std::string& name, const std::string& legend,
                 const date_parts& value, const form_errors& errors, const std::string& hint);

} // namespace mend::pages
