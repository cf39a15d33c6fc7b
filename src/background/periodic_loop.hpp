// The one pattern for background work: a thread of its own that runs a step, waits as long as the step asks
// (or until woken), and stops cleanly.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace mend::background {

// Threads: start() makes the loop thread, which runs every step, every drained() check and everything
// post()ed, one at a time; so what only those touch needs no lock. The other members are thread-safe, but
// stop() must not be called from the loop thread (it joins it).
//
// A step that throws is logged and tried again after `interval`: a loop outlives a busy or failing database
// or network. Start and stop are logged as "NAME: started" and "NAME: stopped".
class periodic_loop {
public:
    // Does one round of work and returns how long to wait before the next one.
    using step_function = std::function<std::chrono::milliseconds()>;
    // Whether the work that must end before the loop ends has ended (the dispatcher's attempts in flight).
    using drained_function = std::function<bool()>;

    // `interval`: the wait after a step that failed, and between drained() checks while stopping. An empty
    // `drained`: nothing to wait for.
    periodic_loop(std::string name, std::chrono::milliseconds interval, step_function step,
                  drained_function drained = {});
    ~periodic_loop(); // stop()
    periodic_loop(const periodic_loop&) = delete;
    periodic_loop& operator=(const periodic_loop&) = delete;

    // Makes the loop thread, which runs the first step at once. Only a first call before stop() does
    // anything.
    void start();
    // Ends the wait in progress, so the next step (or drained() check) runs now. Thread-safe.
    void wake();
    // Runs `work` on the loop thread between steps. Thread-safe; work posted after the loop ended never runs.
    void post(std::function<void()> work);
    // No step starts after this call (a step in progress may look at stopping() to finish early). Once the
    // step in progress has returned and drained() holds, ends the loop thread and joins it. Thread-safe and
    // idempotent; a second caller waits for the first to finish.
    void stop();

    // True once stop() has been called. Thread-safe.
    bool stopping() const { return stopping_.load(); }
    // Steps that have returned or thrown since start. Thread-safe.
    std::uint64_t steps() const { return steps_.load(); }

private:
    void run();
    std::chrono::milliseconds run_step();
    bool has_drained();
    void wait(std::chrono::milliseconds how_long);

    const std::string name_;
    const std::chrono::milliseconds interval_;
    const step_function step_;
    const drained_function drained_;

    boost::asio::io_context ioc_;
    boost::asio::steady_timer timer_; // loop thread only
    // Keeps run_one() waiting for posted work rather than returning when the timer is idle.
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_guard_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> steps_{0};

    std::mutex lifecycle_mutex_; // start() and stop()
    bool started_ = false;       // guarded by lifecycle_mutex_
    std::thread thread_;         // guarded by lifecycle_mutex_
};

} // namespace mend::background
