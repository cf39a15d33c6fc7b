// Repair targets: how long each priority may take, in hours, working days or calendar days.
#pragma once

#include "domain/calendar.hpp"
#include "domain/enums.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace mend::domain {

struct span {
    enum class unit { hours, working_days, calendar_days };
    int amount = 0;
    unit u = unit::hours;

    friend bool operator==(const span&, const span&) = default;
};

// "24 hours", "5 working days", "90 calendar days".
std::string describe(const span& s);

// Accepts "N hours", "N working days" and "N days" / "N calendar days" (N from 1 to 3650, singular too).
std::optional<span> parse_span(std::string_view text);

// How a deadline counted in days ends. The law's "within N (working) days" runs to the end of the Nth day
// (midnight UK time); the landlord's own targets may keep the time of day the period started.
enum class deadline_rule { time_of_day, end_of_day };

// The end of a span that starts at `from`. Calendar days are added to the UK date and keep the UK time of
// day, across a clock change too; hours are exact. With end_of_day a span in days ends at the midnight after
// its last day.
instant add_span(const holiday_calendar& cal, instant from, const span& s,
                 deadline_rule rule = deadline_rule::time_of_day);

struct target_policy {
    // Indexed by priority: emergency, urgent, routine, planned.
    std::array<span, 4> by_priority{{{24, span::unit::hours},
                                     {5, span::unit::working_days},
                                     {20, span::unit::working_days},
                                     {90, span::unit::calendar_days}}};

    const span& of(priority p) const { return by_priority[static_cast<std::size_t>(p)]; }
};

// A job's target: when it is due, and how that was worked out.
struct target {
    domain::priority priority = domain::priority::routine;
    span allowed;
    instant from{}; // the report time: targets always count from when the landlord was told
    instant due{};
    std::string basis; // e.g. "5 working days from 2026-11-25T12:45:00Z (England and Wales bank holidays)"
};

target compute_target(const target_policy& policy, const holiday_calendar& cal, priority p, instant reported);

} // namespace mend::domain
