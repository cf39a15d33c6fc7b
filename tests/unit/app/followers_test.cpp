#include "app/followers.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

std::vector<id_t> ids(const std::vector<follower_target>& told) {
    std::vector<id_t> out;
    for (const auto& t : told) {
        out.push_back(t.follower_id);
    }
    return out;
}

TEST(followers_to_tell, leaves_out_the_reporter_who_hears_as_the_reporter) {
    const std::vector<follower_target> followers{{1, 7, "email", "tom@example.org"},
                                                 {2, 8, "sms", "+447700900123"}};
    EXPECT_EQ(ids(followers_to_tell(followers, 7, {})), (std::vector<id_t>{2}));
    EXPECT_EQ(ids(followers_to_tell(followers, std::nullopt, {})), (std::vector<id_t>{1, 2}));
}

TEST(followers_to_tell, tells_each_address_once_on_any_channel_and_never_the_reporters) {
    const std::vector<follower_target> followers{{1, std::nullopt, "email", "flat@example.org"},
                                                 {2, 8, "email", "flat@example.org"},
                                                 {3, std::nullopt, "email", "reporter@example.org"},
                                                 {4, std::nullopt, "sms", "flat@example.org"}};
    EXPECT_EQ(ids(followers_to_tell(followers, 7, {"reporter@example.org"})), (std::vector<id_t>{1}));
}

TEST(followers_to_tell, leaves_out_those_with_nowhere_to_be_told_and_a_person_twice) {
    const std::vector<follower_target> followers{
        {1, 8, "", ""}, {2, 8, "file", "user 8"}, {3, 8, "email", "other@example.org"}};
    EXPECT_EQ(ids(followers_to_tell(followers, std::nullopt, {})), (std::vector<id_t>{2}));
}

} // namespace
} // namespace mend::app
