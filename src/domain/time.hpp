// The program's one time type: an instant in UTC to the millisecond; its ISO 8601 form on the wire and the
// Unix integers the database columns store.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mend::domain {

using instant = std::chrono::sys_time<std::chrono::milliseconds>;

// "2026-11-25T12:45:00Z": whole seconds, the milliseconds dropped.
std::string format_iso(instant t);

// Accepts "YYYY-MM-DDTHH:MM[:SS[.fraction]]" followed by "Z" or "+HH:MM"/"-HH:MM"; a fraction is kept to the
// millisecond.
std::optional<instant> parse_iso(std::string_view text);

// Jobs, their events and clocks are recorded to the second, as their columns store them, so that what a unit
// of work computes from a time is what a later read of it computes.
inline instant whole_seconds(instant t) {
    return std::chrono::floor<std::chrono::seconds>(t);
}

// Unix seconds (rounded down), as the columns of jobs, events, clocks and sessions store them.
inline std::int64_t to_unix(instant t) {
    return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}
inline instant from_unix(std::int64_t seconds) {
    return instant{std::chrono::seconds{seconds}};
}

// Unix milliseconds, as the columns of the outbox and the social inbox store them.
inline std::int64_t to_unix_millis(instant t) {
    return t.time_since_epoch().count();
}
inline instant from_unix_millis(std::int64_t milliseconds) {
    return instant{std::chrono::milliseconds{milliseconds}};
}

} // namespace mend::domain
