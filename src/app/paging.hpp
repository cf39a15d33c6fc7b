// Keyset paging shared by every listing: reading `limit` and `cursor`, and cutting a page with its next
// cursor.
#pragma once

#include "app/error.hpp"
#include "domain/job.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

constexpr int max_page_size = 200;

// A whole number and nothing else ("12", "-3"); nullopt for "", "12a", "1.5".
std::optional<std::int64_t> parse_whole(std::string_view text);

// Reads `limit` (1..max_page_size; absent leaves `limit` as it is) and `cursor` (a next_cursor from an
// earlier page; absent or empty leaves `after_id` empty). The problem names the field at fault.
std::optional<problem> read_paging(const std::optional<std::string>& limit_text,
                                   const std::optional<std::string>& cursor_text, int& limit,
                                   std::optional<domain::id_t>& after_id);

// A store returns up to limit + 1 items so that a caller can tell whether there are more: this trims the
// extra one and returns the cursor of the next page (the id of the last item kept), or nullopt on the last
// page.
template <typename T, typename IdOf>
std::optional<std::string> cut_page(std::vector<T>& items, int limit, IdOf id_of) {
    if (static_cast<int>(items.size()) <= limit) {
        return std::nullopt;
    }
    items.resize(static_cast<std::size_t>(limit));
    return std::to_string(id_of(items.back()));
}

} // namespace mend::app
