#include "app/accounts/login_throttle.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

const auto now = domain::from_unix(1'800'000'000);

TEST(login_throttle, an_account_is_counted_whichever_identifier_named_it) {
    login_throttle t;
    const login_throttle::attempt by_email{7, "tom@example.org", "192.0.2.1"};
    const login_throttle::attempt by_phone{7, "+447700900123", "198.51.100.9"};
    for (int i = 0; i < login_throttle::max_failures; ++i) {
        t.failed(by_email, now);
    }
    EXPECT_TRUE(t.blocked_until(by_phone, now)) << "the phone number gave five more guesses";
    t.succeeded(by_email);
    EXPECT_FALSE(t.blocked_until(by_phone, now));
}

TEST(login_throttle, one_address_guessing_many_identifiers_is_refused) {
    login_throttle t;
    for (int i = 0; i < login_throttle::max_failures_per_address; ++i) {
        const std::string nobody = "nobody" + std::to_string(i) + "@example.org";
        t.failed({std::nullopt, nobody, "203.0.113.5"}, now);
    }
    EXPECT_TRUE(t.blocked_until({42, "someone@example.org", "203.0.113.5"}, now));
    EXPECT_FALSE(t.blocked_until({42, "someone@example.org", "203.0.113.6"}, now));
    t.succeeded({42, "someone@example.org", "203.0.113.5"});
    EXPECT_TRUE(t.blocked_until({43, "other@example.org", "203.0.113.5"}, now))
        << "one good password must not buy the address more guesses";
}

TEST(login_throttle, the_tables_stay_bounded_whatever_they_are_sent) {
    login_throttle t;
    for (std::size_t i = 0; i < login_throttle::capacity + 500; ++i) {
        const std::string key = std::to_string(i);
        t.failed({std::nullopt, key, key}, now);
    }
    EXPECT_LE(t.size(), 2 * login_throttle::capacity);
}

TEST(failure_table, when_full_forgets_the_key_used_least_recently) {
    failure_table table(2, 3);
    const std::chrono::minutes window{15};
    table.failed("a", now, window);
    table.failed("b", now, window);
    table.failed("c", now, window);
    table.failed("a", now, window); // a is now the most recent, b the least
    table.failed("d", now, window);
    EXPECT_EQ(table.size(), 3U);
    EXPECT_TRUE(table.blocked_until("a", now, window)) << "a's two failures were kept";
    table.failed("b", now, window);
    EXPECT_FALSE(table.blocked_until("b", now, window)) << "b was forgotten, so this is its first failure";
    EXPECT_FALSE(table.blocked_until("a", now + window, window)) << "a window after the first failure";
}

} // namespace
} // namespace mend::app
