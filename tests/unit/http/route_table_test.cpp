#include "http/route_table.hpp"

#include <gtest/gtest.h>

namespace mend::http {
namespace {

boost::asio::awaitable<response_t> nothing(context&) {
    co_return response_t{};
}

route_table sample() {
    route_table t;
    t.add({http::verb::get, "/api/v1/requests", access::bearer, nothing});
    t.add({http::verb::post, "/api/v1/requests", access::bearer, nothing});
    t.add({http::verb::get, "/api/v1/requests/{reference}/events", access::bearer, nothing});
    return t;
}

TEST(route_table, placeholders_capture_their_segment) {
    const auto m = sample().match(http::verb::get, "/api/v1/requests/K7QD-9XPT/events");
    ASSERT_NE(m.found, nullptr);
    EXPECT_EQ(m.params, std::vector<std::string>{"K7QD-9XPT"});
}

TEST(route_table, a_known_path_with_another_method_lists_the_allowed_ones) {
    const auto m = sample().match(http::verb::delete_, "/api/v1/requests");
    EXPECT_EQ(m.found, nullptr);
    EXPECT_EQ(m.methods, (std::vector<http::verb>{http::verb::get, http::verb::post}));
}

TEST(route_table, head_is_answered_as_get_and_a_trailing_slash_is_the_same_path) {
    EXPECT_NE(sample().match(http::verb::head, "/api/v1/requests").found, nullptr);
    EXPECT_NE(sample().match(http::verb::get, "/api/v1/requests/").found, nullptr);
}

TEST(route_table, empty_or_extra_segments_do_not_match) {
    EXPECT_TRUE(sample().match(http::verb::get, "/api/v1/requests//events").methods.empty());
    EXPECT_TRUE(sample().match(http::verb::get, "/api/v1/requests/A/events/x").methods.empty());
    EXPECT_TRUE(sample().match(http::verb::get, "api/v1/requests").methods.empty());
}

TEST(route_table, the_first_route_that_fits_gives_its_parameters_in_order) {
    route_table t;
    t.add({http::verb::get, "/jobs/{reference}/photos/{id}/small", access::open, nothing});
    t.add({http::verb::get, "/jobs/{reference}/photos/{id}", access::open, nothing});
    t.add({http::verb::post, "/jobs/{reference}/photos/{id}", access::open, nothing});
    // The first pattern matches two segments before failing; what it saw is not kept.
    const auto m = t.match(http::verb::get, "/jobs/K7QD-9XPT/photos/42");
    ASSERT_NE(m.found, nullptr);
    EXPECT_EQ(m.found->pattern, "/jobs/{reference}/photos/{id}");
    EXPECT_EQ(m.params, (std::vector<std::string>{"K7QD-9XPT", "42"}));
    EXPECT_EQ(m.methods, (std::vector<http::verb>{http::verb::get, http::verb::post}));
    EXPECT_EQ(t.match(http::verb::get, "/jobs/K7QD-9XPT/photos/42/small").params,
              (std::vector<std::string>{"K7QD-9XPT", "42"}));
}

} // namespace
} // namespace mend::http
