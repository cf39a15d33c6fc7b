#include "http/limits.hpp"

#include <boost/asio/error.hpp>
#include <gtest/gtest.h>

namespace mend::http {
namespace {

using namespace std::chrono_literals;

TEST(limits, connections_leave_files_for_the_rest_of_the_process) {
    EXPECT_EQ(default_max_connections(1024), 896U); // systemd's default limit
    EXPECT_EQ(default_max_connections(65536), 57344U);
    EXPECT_EQ(default_max_connections(200), 100U);
    EXPECT_GE(default_max_connections(1), 1U);
}

TEST(limits, a_phone_at_32_kib_per_second_keeps_ahead_of_the_body_deadline) {
    const server_limits limits;
    const steady_time start{};
    for (int second = 0; second <= 64; ++second) {
        const std::size_t received = static_cast<std::size_t>(second) * 32 * 1024;
        EXPECT_GT(body_deadline(limits, start, received), start + std::chrono::seconds(second + 1));
    }
}

TEST(limits, a_trickle_falls_behind_the_body_deadline) {
    const server_limits limits;
    const steady_time start{};
    // A byte every 3 s: after 15 s it has sent 5 bytes, and was due long before.
    EXPECT_LT(body_deadline(limits, start, 5), start + 15s);
    EXPECT_EQ(body_deadline(limits, start, 0), start + limits.body_grace);
    EXPECT_EQ(body_deadline(limits, start, 1024), start + limits.body_grace + 1s);
}

TEST(limits, a_large_response_may_take_longer_to_write) {
    const server_limits limits;
    EXPECT_EQ(write_allowance(limits, 100), limits.write_timeout);
    EXPECT_EQ(write_allowance(limits, 5 * 1024 * 1024), limits.write_timeout + 5120s);
}

TEST(limits, accept_pauses_only_for_shortages_and_backs_off) {
    namespace errors = boost::asio::error;
    EXPECT_TRUE(accept_backoff::calls_for_pause(make_error_code(errors::no_descriptors)));
    EXPECT_TRUE(accept_backoff::calls_for_pause(make_error_code(errors::no_buffer_space)));
    EXPECT_FALSE(accept_backoff::calls_for_pause(make_error_code(errors::connection_aborted)));
    accept_backoff backoff;
    EXPECT_EQ(backoff.failed(), 10ms);
    EXPECT_EQ(backoff.failed(), 20ms);
    for (int i = 0; i < 20; ++i) {
        backoff.failed();
    }
    EXPECT_EQ(backoff.failed(), 1000ms);
    backoff.succeeded();
    EXPECT_EQ(backoff.failed(), 10ms);
}

TEST(limits, a_long_shortage_logs_a_line_a_minute) {
    accept_backoff backoff;
    const steady_time start{};
    EXPECT_EQ(backoff.log_now(start), 0U);
    for (int i = 1; i < 1000; ++i) {
        EXPECT_FALSE(backoff.log_now(start + std::chrono::milliseconds(i * 10)));
    }
    EXPECT_EQ(backoff.log_now(start + 61s), 999U);
    EXPECT_FALSE(backoff.log_now(start + 62s));
}

} // namespace
} // namespace mend::http
