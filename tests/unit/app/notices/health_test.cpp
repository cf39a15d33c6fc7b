#include "app/notices/health.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using namespace std::chrono_literals;
using turn = channel_health::turn;
using steady = std::chrono::steady_clock;

const attempt_result refused{attempt_outcome::unavailable, std::nullopt, "", "Couldn't connect to server",
                             false};
const attempt_result login{attempt_outcome::configuration_failure, std::nullopt, "", "SMTP 535: denied",
                           false};
const attempt_result sent{attempt_outcome::delivered, std::nullopt, "", "", false};

class health_test : public ::testing::Test {
protected:
    test::manual_clock clock;
    channel_health health{clock, 1000ms, 4000ms};
    steady::time_point t0 = steady::now();
};

TEST_F(health_test, the_first_send_is_a_probe_and_the_others_wait_for_its_answer) {
    EXPECT_EQ(health.take_turn("email", t0), turn::probe);
    EXPECT_EQ(health.take_turn("email", t0), turn::wait);
    EXPECT_FALSE(health.open("email", t0));
    EXPECT_EQ(health.record("email", sent, true, t0), health_change::none);
    EXPECT_EQ(health.take_turn("email", t0), turn::send);
    EXPECT_EQ(health.take_turn("email", t0), turn::send);
    EXPECT_TRUE(health.open("email", t0));
}

TEST_F(health_test, trouble_closes_the_channel_at_once_and_probes_back_off_to_the_cap) {
    health.take_turn("email", t0);
    health.record("email", sent, true, t0);
    EXPECT_EQ(health.record("email", refused, false, t0), health_change::went_down);
    EXPECT_FALSE(health.open("email", t0)); // sends already queued do not go
    EXPECT_EQ(health.take_turn("email", t0 + 999ms), turn::wait);
    // A send that was on its way when the channel went down says nothing new.
    health.record("email", refused, false, t0 + 500ms);
    EXPECT_EQ(health.take_turn("email", t0 + 1000ms), turn::probe);
    EXPECT_EQ(health.take_turn("email", t0 + 1000ms), turn::wait); // one probe at a time
    health.record("email", login, true, t0 + 1000ms);
    EXPECT_EQ(health.take_turn("email", t0 + 2999ms), turn::wait);
    EXPECT_EQ(health.take_turn("email", t0 + 3000ms), turn::probe); // 2 s after the second failure
    health.record("email", refused, true, t0 + 3000ms);
    EXPECT_EQ(health.take_turn("email", t0 + 6999ms), turn::wait);
    EXPECT_EQ(health.take_turn("email", t0 + 7000ms), turn::probe); // 4 s
    health.record("email", refused, true, t0 + 7000ms);
    EXPECT_EQ(health.take_turn("email", t0 + 11000ms), turn::probe); // capped at 4 s
    EXPECT_EQ(health.record("email", sent, true, t0 + 11000ms), health_change::came_up);
    EXPECT_EQ(health.take_turn("email", t0 + 11000ms), turn::send);
}

TEST_F(health_test, lists_each_channel_with_its_reason_since_when_and_next_probe) {
    clock.t = domain::from_unix(1'800'000'000);
    health.watch("email");
    health.watch("webhook");
    health.take_turn(health_key("webhook", "https://crm.example/hook", address_kind::url), t0);
    health.record("webhook https://crm.example/hook", refused, true, t0);
    const auto all = health.conditions();
    ASSERT_EQ(all.size(), 3U);
    EXPECT_EQ(all[0].channel, "email");
    EXPECT_TRUE(all[0].up);
    EXPECT_EQ(all[2].channel, "webhook");
    EXPECT_EQ(all[2].address, "https://crm.example/hook");
    EXPECT_FALSE(all[2].up);
    EXPECT_EQ(all[2].reason, "Couldn't connect to server");
    EXPECT_EQ(all[2].since, clock.t);
    ASSERT_TRUE(all[2].next_probe);
    EXPECT_LE(*all[2].next_probe, clock.t + 1000ms);
    EXPECT_EQ(health_key("email", "tess@example.org", address_kind::email), "email");
}

TEST_F(health_test, a_rate_limit_rests_the_channel_even_after_a_success) {
    health.take_turn("webhook x", t0);
    const attempt_result limited{attempt_outcome::delivered, 2000ms, "", "", false};
    EXPECT_EQ(health.record("webhook x", limited, true, t0), health_change::none);
    EXPECT_FALSE(health.open("webhook x", t0 + 1000ms));
    EXPECT_EQ(health.take_turn("webhook x", t0 + 1999ms), turn::wait);
    std::chrono::milliseconds wait = 250ms;
    EXPECT_EQ(health.closed_keys(t0 + 1900ms, wait), std::vector<std::string>{"webhook x"});
    EXPECT_EQ(wait, 100ms);
    EXPECT_EQ(health.take_turn("webhook x", t0 + 2000ms), turn::send);
}

} // namespace
} // namespace mend::app
