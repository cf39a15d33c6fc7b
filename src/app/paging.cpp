#include "app/paging.hpp"

#include <charconv>

namespace mend::app {

std::optional<std::int64_t> parse_whole(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

std::optional<problem> read_paging(const std::optional<std::string>& limit_text,
                                   const std::optional<std::string>& cursor_text, int& limit,
                                   std::optional<domain::id_t>& after_id) {
    if (limit_text) {
        const auto n = parse_whole(*limit_text);
        if (!n || *n < 1 || *n > max_page_size) {
            return invalid("limit",
                           "limit must be a whole number from 1 to " + std::to_string(max_page_size));
        }
        limit = static_cast<int>(*n);
    }
    if (cursor_text && !cursor_text->empty()) {
        after_id = parse_whole(*cursor_text);
        if (!after_id || *after_id < 0) {
            return invalid("cursor", "cursor must be a next_cursor value from an earlier page");
        }
    }
    return std::nullopt;
}

} // namespace mend::app
