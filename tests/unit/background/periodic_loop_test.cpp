#include "background/periodic_loop.hpp"

#include <atomic>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace mend::background {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using ::testing::HasSubstr;

// Generous: the tests run beside builds on a small machine; only lower bounds on time are exact.
constexpr auto patience = 10s;

template <typename Predicate> bool eventually(Predicate holds) {
    const auto deadline = steady::now() + patience;
    while (!holds()) {
        if (steady::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

TEST(periodic_loop, runs_the_first_step_at_once_then_waits_as_long_as_each_step_asks) {
    std::mutex mutex;
    std::vector<steady::time_point> times;
    // The interval (for failures) is an hour: only the steps' own 30 ms can make five steps come in time.
    periodic_loop loop("test loop", 1h, [&] {
        const std::lock_guard lock(mutex);
        times.push_back(steady::now());
        return 30ms;
    });
    const auto started = steady::now();
    loop.start();
    ASSERT_TRUE(eventually([&] { return loop.steps() >= 5; }));
    loop.stop();

    const std::lock_guard lock(mutex);
    EXPECT_LT(times.front() - started, patience);
    for (std::size_t i = 1; i < times.size(); ++i) {
        EXPECT_GE(times[i] - times[i - 1], 30ms) << "step " << i << " came early";
    }
}

TEST(periodic_loop, wake_runs_the_next_step_now) {
    periodic_loop loop("test loop", 1h, [] { return 1h; });
    loop.start();
    ASSERT_TRUE(eventually([&] { return loop.steps() == 1; }));
    loop.wake();
    EXPECT_TRUE(eventually([&] { return loop.steps() == 2; }));
}

TEST(periodic_loop, a_wake_during_a_step_is_not_lost) {
    std::atomic<bool> in_step{false};
    std::atomic<bool> release{false};
    periodic_loop loop("test loop", 1h, [&] {
        if (!release) {
            in_step = true;
            while (!release) {
                std::this_thread::sleep_for(1ms);
            }
        }
        return 1h;
    });
    loop.start();
    ASSERT_TRUE(eventually([&] { return in_step.load(); }));
    loop.wake();
    release = true;
    EXPECT_TRUE(eventually([&] { return loop.steps() == 2; }));
}

TEST(periodic_loop, stop_lets_the_step_in_progress_finish_and_starts_no_other) {
    std::atomic<bool> in_step{false};
    std::atomic<bool> finished{false};
    periodic_loop* self = nullptr;
    periodic_loop loop("test loop", 1h, [&] {
        in_step = true;
        while (!self->stopping()) { // stop() has been called while this step runs
            std::this_thread::sleep_for(1ms);
        }
        std::this_thread::sleep_for(50ms);
        finished = true;
        return 0ms;
    });
    self = &loop;
    loop.start();
    ASSERT_TRUE(eventually([&] { return in_step.load(); }));
    loop.stop();
    EXPECT_TRUE(finished);
    EXPECT_EQ(loop.steps(), 1U);
}

TEST(periodic_loop, stop_waits_until_the_loop_has_drained) {
    std::thread::id loop_thread;
    std::thread::id posted_thread;
    bool drained = false; // loop thread only
    periodic_loop loop(
        "test loop", 5ms,
        [&] {
            loop_thread = std::this_thread::get_id();
            return 1h;
        },
        [&] { return drained; });
    loop.start();
    ASSERT_TRUE(eventually([&] { return loop.steps() == 1; }));
    std::thread finisher([&] {
        static_cast<void>(eventually([&] { return loop.stopping(); }));
        std::this_thread::sleep_for(50ms);
        loop.post([&] {
            posted_thread = std::this_thread::get_id();
            drained = true;
        });
    });
    loop.stop();
    finisher.join();
    EXPECT_TRUE(drained);
    EXPECT_EQ(posted_thread, loop_thread);
}

TEST(periodic_loop, a_failing_step_is_logged_and_the_next_one_runs_after_the_interval) {
    std::atomic<int> calls{0};
    steady::time_point failed_at;
    steady::time_point retried_at;
    testing::internal::CaptureStderr();
    {
        periodic_loop loop("test loop", 10ms, [&]() -> std::chrono::milliseconds {
            if (++calls == 1) {
                failed_at = steady::now();
                throw std::runtime_error("the disk is full");
            }
            retried_at = steady::now();
            return 1h;
        });
        loop.start();
        EXPECT_TRUE(eventually([&] { return loop.steps() == 2; }));
        loop.stop();
    }
    const std::string log = testing::internal::GetCapturedStderr();
    EXPECT_EQ(calls, 2);
    EXPECT_GE(retried_at - failed_at, 10ms);
    EXPECT_THAT(log, HasSubstr("level=info msg=\"loop started\" loop=\"test loop\"\n"));
    EXPECT_THAT(log, HasSubstr("level=error msg=\"loop step failed\" loop=\"test loop\" retry_ms=10 "
                               "error=\"the disk is full\"\n"));
    EXPECT_THAT(log, HasSubstr("level=info msg=\"loop stopped\" loop=\"test loop\"\n"));
}

TEST(periodic_loop, stop_is_idempotent_thread_safe_and_final) {
    periodic_loop loop("test loop", 1h, [] { return 1h; });
    loop.start();
    ASSERT_TRUE(eventually([&] { return loop.steps() == 1; }));
    std::thread other([&] { loop.stop(); });
    loop.stop();
    other.join();
    loop.stop();
    loop.start(); // does nothing after stop()
    EXPECT_EQ(loop.steps(), 1U);

    periodic_loop never_started("test loop", 1h, [] { return 1h; });
    never_started.stop();
    never_started.start();
    EXPECT_EQ(never_started.steps(), 0U);
}

} // namespace
} // namespace mend::background
