#include "notify/mastodon/mastodon_channel.hpp"

#include <gtest/gtest.h>

namespace mend::notify {
namespace {

TEST(mastodon_channel, counts_urls_as_the_server_says_and_mentions_without_their_domain) {
    EXPECT_EQ(mastodon_length("hello", 23), 5U);
    EXPECT_EQ(mastodon_length("see https://repairs.example/requests/K7QD-9XPT now", 23), 4U + 23U + 4U);
    EXPECT_EQ(mastodon_length("@tom@social.example hi", 23), 4U + 3U);
    EXPECT_EQ(mastodon_length("caf\xc3\xa9", 23), 4U);
}

TEST(mastodon_channel, waits_until_the_rate_limit_resets_on_429) {
    http_reply reply;
    reply.status = 429;
    reply.headers = {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1970-01-01T00:01:00Z"}};
    EXPECT_EQ(mastodon_wait(reply, domain::from_unix_millis(30'000)), std::chrono::milliseconds(30'000));
    reply.status = 200;
    reply.headers = {{"x-ratelimit-remaining", "12"}};
    EXPECT_FALSE(mastodon_wait(reply, domain::from_unix_millis(0)));
}

TEST(mastodon_channel, follows_the_prev_link_to_newer_notifications) {
    const std::string link = "<https://social.example/api/v1/notifications?max_id=101>; rel=\"next\", "
                             "<https://social.example/api/v1/notifications?min_id=120&types%5B%5D=mention>; "
                             "rel=\"prev\"";
    EXPECT_EQ(link_prev_min_id(link), "120");
    EXPECT_FALSE(link_prev_min_id("<https://social.example/api/v1/notifications?max_id=101>; rel=\"next\""));
}

} // namespace
} // namespace mend::notify
