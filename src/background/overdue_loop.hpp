// The background loop that escalates clocks at risk or breached, on a timer, through the single writer.
#pragma once

#include "app/clocks.hpp"

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <vector>

namespace mend::background {

class overdue_loop {
public:
    // Everything passed by reference is owned by main and outlives the loop.
    overdue_loop(boost::asio::io_context& ioc, app::writer& writes, const app::clock& clock,
                 double at_risk_share, std::chrono::seconds interval,
                 std::vector<app::escalation_listener*> hooks = {});

    // Spawns the loop on its own strand: one scan at once, then one per interval.
    void start();

    // Thread-safe. The loop ends after the scan in progress, if any; the io_context can then run out of work.
    void stop();

    // Scans finished since start, for tests and logs.
    std::uint64_t scans() const { return scans_.load(); }

private:
    boost::asio::awaitable<void> run();
    boost::asio::awaitable<void> scan_once();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::steady_timer timer_; // used on strand_ only
    app::writer& writes_;
    const app::clock& clock_;
    const double at_risk_share_;
    const std::chrono::seconds interval_;
    const std::vector<app::escalation_listener*> hooks_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> scans_{0};
};

} // namespace mend::background
