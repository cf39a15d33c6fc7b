#include "domain/text.hpp"
#include "notify/crypto.hpp"
#include "notify/govuk/notify_channel.hpp"
#include "notify/webhook/webhook_channel.hpp"

#include <gtest/gtest.h>

namespace mend::notify {
namespace {

// The test vector of the Standard Webhooks specification (standard-webhooks/standard-webhooks, spec).
TEST(webhook_signature, matches_the_standard_webhooks_test_vector) {
    EXPECT_EQ(webhook_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                1614265330, R"({"test": 2432232314})"),
              "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(webhook_signature, is_empty_for_a_secret_without_the_whsec_prefix) {
    EXPECT_EQ(webhook_signature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1, "{}"), "");
}

// Notify's documentation shows this example key; the expected token was computed independently with
// Python's hmac and base64 modules for iat = 1700000000.
constexpr std::string_view example_key =
    "my_test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

TEST(notify_key, splits_the_documented_example_key) {
    const auto key = parse_notify_key(example_key);
    ASSERT_TRUE(key);
    EXPECT_EQ(key->service_id, "26785a09-ab16-4eb0-8407-a37497a57506");
    EXPECT_EQ(key->secret, "3d844edf-8d35-48ac-975b-e847b4f122b0");
    EXPECT_FALSE(parse_notify_key("not-a-key"));
    EXPECT_FALSE(
        parse_notify_key("name-26785a09-ab16-4eb0-8407-a37497a57506x3d844edf-8d35-48ac-975b-e847b4f122b0"));
}

TEST(notify_jwt, matches_the_value_computed_from_the_documented_example_key) {
    const auto key = parse_notify_key(example_key);
    ASSERT_TRUE(key);
    EXPECT_EQ(notify_jwt(*key, 1700000000),
              "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
              "eyJpc3MiOiIyNjc4NWEwOS1hYjE2LTRlYjAtODQwNy1hMzc0OTdhNTc1MDYiLCJpYXQiOjE3MDAwMDAwMDB9."
              "q1v0ZBAPOtT5-Ng39fZDm8ojJu-wrEQD-OrsVHHKnIM");
}

TEST(base64, round_trips_and_rejects_bad_input) {
    for (std::string text : {"", "a", "ab", "abc", "abcd", "\xff\x00\x10 bytes"}) {
        EXPECT_EQ(base64_decode(domain::base64(text)), text);
    }
    EXPECT_FALSE(base64_decode("abc"));
    EXPECT_EQ(base64url("\xfb\xff"), "-_8");
}

} // namespace
} // namespace mend::notify
