#include "pages/queue_filters.hpp"

#include <gtest/gtest.h>
#include <map>

namespace mend::pages {
namespace {

query_lookup params(std::map<std::string, std::string, std::less<>> values) {
    return [values = std::move(values)](std::string_view key) {
        const auto it = values.find(key);
        return it == values.end() ? std::string() : it->second;
    };
}

TEST(queue_filters, the_overdue_box_is_the_api_list_filter) {
    const auto q = queue_query(params({{"overdue", "true"}, {"status", "triaged"}}));
    EXPECT_EQ(q.filters.overdue, "true");
    EXPECT_EQ(q.filters.status, "triaged");
    EXPECT_FALSE(q.filters.priority);
    EXPECT_FALSE(q.page);
    EXPECT_FALSE(q.search);
    EXPECT_EQ(q.filters.limit, "50");
    // Not ticked: no filter at all. Anything else is passed on for the use case to refuse.
    EXPECT_FALSE(queue_query(params({})).filters.overdue);
    EXPECT_EQ(queue_query(params({{"overdue", "maybe"}})).filters.overdue, "maybe");
    const auto searched = queue_query(params({{"q", "e8 1ab"}, {"page", "3"}}));
    EXPECT_EQ(searched.search, "e8 1ab");
    EXPECT_EQ(searched.page, "3");
}

TEST(queue_filters, the_next_page_keeps_every_filter_encoded) {
    EXPECT_EQ(queue_link(params({{"overdue", "true"}, {"priority", "urgent"}, {"contractor_id", "3"}}), 2),
              "/queue?page=2&priority=urgent&contractor_id=3&overdue=true");
    EXPECT_EQ(queue_link(params({{"status", "a&b=c d"}}), 7), "/queue?page=7&status=a%26b%3Dc%20d");
    EXPECT_EQ(queue_link(params({{"q", "E8 1AB"}, {"page", "1"}}), 2), "/queue?page=2&q=E8%201AB");
    // Where the page starts is the link's own, not carried from this page.
    EXPECT_EQ(queue_link(params({{"status", "closed"}, {"after", "9"}}), 3, "after=41"),
              "/queue?page=3&after=41&status=closed");
    const auto q = queue_query(params({{"page", "3"}, {"before", "41"}}));
    EXPECT_EQ(q.before, "41");
    EXPECT_FALSE(q.after);
}

} // namespace
} // namespace mend::pages
