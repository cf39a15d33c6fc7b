#include "notify/http_client.hpp"

#include <gtest/gtest.h>

namespace mend::notify {
namespace {

using namespace std::chrono_literals;

http_reply reply_of(long status, std::vector<std::pair<std::string, std::string>> headers) {
    http_reply r;
    r.status = status;
    r.headers = std::move(headers);
    return r;
}

const domain::instant now = domain::from_unix(1'800'000'000);

TEST(wait_asked_for, honours_rate_limit_headers_on_a_success_too) {
    EXPECT_EQ(
        wait_asked_for(reply_of(200, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "7"}}), now),
        7000ms);
    EXPECT_EQ(wait_asked_for(
                  reply_of(201, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1800000030"}}), now),
              30'000ms); // a Unix time, as GitHub sends it
    EXPECT_EQ(wait_asked_for(reply_of(204, {{"ratelimit-remaining", "0"}, {"ratelimit-reset", "12"}}), now),
              12'000ms);
    EXPECT_EQ(wait_asked_for(reply_of(200, {{"x-ratelimit-remaining", "0"},
                                            {"x-ratelimit-reset", "2027-01-15T08:00:10.500Z"}}),
                             *domain::parse_iso("2027-01-15T08:00:00Z")),
              10'500ms); // an ISO time, as Mastodon sends it
    EXPECT_FALSE(
        wait_asked_for(reply_of(200, {{"x-ratelimit-remaining", "3"}, {"x-ratelimit-reset", "7"}}), now));
}

TEST(wait_asked_for, reads_the_ietf_ratelimit_header) {
    EXPECT_EQ(wait_asked_for(reply_of(200, {{"ratelimit", "\"default\";r=0;t=9"}}), now), 9000ms);
    EXPECT_EQ(wait_asked_for(reply_of(200, {{"ratelimit", "limit=100, remaining=0, reset=5"}}), now), 5000ms);
    EXPECT_FALSE(wait_asked_for(reply_of(200, {{"ratelimit", "limit=100, remaining=4, reset=5"}}), now));
}

TEST(wait_asked_for, takes_retry_after_on_a_429_or_a_5xx) {
    EXPECT_EQ(wait_asked_for(reply_of(429, {{"retry-after", "2"}}), now), 2000ms);
    EXPECT_EQ(wait_asked_for(reply_of(502, {{"retry-after", "120"}}), now), 120'000ms);
    EXPECT_FALSE(wait_asked_for(reply_of(400, {{"retry-after", "2"}}), now));
}

TEST(is_outage, is_no_answer_a_408_or_a_5xx) {
    EXPECT_TRUE(is_outage(reply_of(0, {})));
    EXPECT_TRUE(is_outage(reply_of(503, {})));
    EXPECT_TRUE(is_outage(reply_of(408, {})));
    EXPECT_FALSE(is_outage(reply_of(429, {})));
    EXPECT_FALSE(is_outage(reply_of(404, {})));
}

} // namespace
} // namespace mend::notify
