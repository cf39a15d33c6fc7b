#include "app/notices/channel.hpp"

#include <charconv>

namespace mend::app {

std::string_view to_string(attempt_outcome o) {
    switch (o) {
    case attempt_outcome::delivered:
        return "delivered";
    case attempt_outcome::accepted:
        return "accepted";
    case attempt_outcome::retry_later:
        return "retry_later";
    case attempt_outcome::permanent_failure:
        return "permanent_failure";
    case attempt_outcome::configuration_failure:
        return "configuration_failure";
    case attempt_outcome::unavailable:
        return "unavailable";
    }
    return "unknown";
}

std::string notice_key(std::string_view reference, domain::id_t notice_id, std::string_view channel) {
    std::string key(reference);
    key += ".n";
    key += std::to_string(notice_id);
    key += '.';
    key += channel;
    return key;
}

std::optional<domain::id_t> notice_id_of_key(std::string_view key) {
    const auto start = key.find(".n");
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    const char* first = key.data() + start + 2;
    const char* last = key.data() + key.size();
    domain::id_t id = 0;
    const auto [ptr, ec] = std::from_chars(first, last, id);
    if (ec != std::errc{} || ptr == first || (ptr != last && *ptr != '.') || id <= 0) {
        return std::nullopt;
    }
    return id;
}

} // namespace mend::app
