#include "app/unit_of_work.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <stdexcept>
#include <thread>
#include <vector>

namespace mend::app {
namespace {

using namespace std::chrono_literals;

// Answers each unit from a thread of its own a little later, as the single writer does after its commit.
// The units themselves are not run: what is tested is the waiting.
class late_writer final : public writer {
public:
    ~late_writer() override {
        for (auto& t : threads_) {
            t.join();
        }
    }

    void listen(change_listener&) override {}

    void submit(work, done d) override {
        if (stopped) {
            throw std::runtime_error("the writer has stopped");
        }
        threads_.emplace_back([this, d = std::move(d)] {
            std::this_thread::sleep_for(50ms);
            answered = true;
            d(failure);
        });
    }

    std::exception_ptr failure;
    bool stopped = false;
    std::atomic<bool> answered{false};

private:
    std::vector<std::thread> threads_;
};

TEST(run_and_wait, returns_once_the_writer_has_answered) {
    late_writer writer;
    run_and_wait(writer, [](unit_of_work&) { return true; });
    EXPECT_TRUE(writer.answered);
}

TEST(run_and_wait, rethrows_what_the_unit_threw) {
    late_writer writer;
    writer.failure = std::make_exception_ptr(std::runtime_error("database is locked"));
    EXPECT_THROW(run_and_wait(writer, [](unit_of_work&) { return true; }), std::runtime_error);
    EXPECT_TRUE(writer.answered);
}

TEST(run_and_wait, rethrows_a_stopped_writer_at_once) {
    late_writer writer;
    writer.stopped = true;
    EXPECT_THROW(run_and_wait(writer, [](unit_of_work&) { return true; }), std::runtime_error);
    EXPECT_FALSE(writer.answered);
}

} // namespace
} // namespace mend::app
