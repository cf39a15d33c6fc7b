// Instants as UTC seconds, and their ISO 8601 form on the wire.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mend::domain {

using instant = std::chrono::sys_seconds;

// "2026-11-25T12:45:00Z"
std::string format_iso(instant t);

// Accepts "YYYY-MM-DDTHH:MM[:SS[.fraction]]" followed by "Z" or "+HH:MM"/"-HH:MM"; fractions are dropped.
std::optional<instant> parse_iso(std::string_view text);

inline std::int64_t to_unix(instant t) {
    return t.time_since_epoch().count();
}
inline instant from_unix(std::int64_t seconds) {
    return instant{std::chrono::seconds{seconds}};
}

} // namespace mend::domain
