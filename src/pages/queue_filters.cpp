#include "pages/queue_filters.hpp"

#include <array>

namespace mend::pages {

namespace {

constexpr std::array<std::string_view, 6> filter_keys{"status",        "priority", "category",
                                                      "contractor_id", "overdue",  "q"};

std::optional<std::string> non_empty(std::string v) {
    if (v.empty()) {
        return std::nullopt;
    }
    return v;
}

std::string percent_encoded(std::string_view text) {
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '_' || c == '.' || c == '~';
        if (plain) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4U]);
            out.push_back(hex[c & 15U]);
        }
    }
    return out;
}

// `link` with the filters of this page added as "&key=value".
std::string with_filters(std::string link, const query_lookup& value_of) {
    for (const auto key : filter_keys) {
        const auto v = value_of(key);
        if (!v.empty()) {
            link.append("&").append(key).append("=").append(percent_encoded(v));
        }
    }
    return link;
}

} // namespace

app::queue_query queue_query(const query_lookup& value_of) {
    app::queue_query q;
    q.filters.status = non_empty(value_of("status"));
    q.filters.priority = non_empty(value_of("priority"));
    q.filters.category = non_empty(value_of("category"));
    q.filters.contractor_id = non_empty(value_of("contractor_id"));
    q.filters.overdue = non_empty(value_of("overdue"));
    q.filters.limit = std::to_string(queue_page_size);
    q.search = non_empty(value_of("q"));
    q.page = non_empty(value_of("page"));
    q.after = non_empty(value_of("after"));
    q.before = non_empty(value_of("before"));
    return q;
}

std::string queue_link(const query_lookup& value_of, std::int64_t page, std::string_view cursor) {
    std::string link = "/queue?page=" + std::to_string(page);
    if (!cursor.empty()) {
        link.append("&").append(cursor);
    }
    return with_filters(link, value_of);
}

std::string queue_csv_link(const query_lookup& value_of) {
    std::string link = with_filters("/queue.csv?", value_of);
    if (link.back() == '?') {
        link.pop_back();
    } else {
        link.erase(link.find('&'), 1);
    }
    return link;
}

} // namespace mend::pages
