#include "background/periodic_loop.hpp"

#include <boost/asio/post.hpp>
#include <exception>
#include <iostream>
#include <optional>
#include <utility>

namespace mend::background {

namespace net = boost::asio;

namespace {

// One write per line, so that lines from several threads do not interleave.
void log_line(const std::string& line) {
    std::cerr << (line + "\n") << std::flush;
}

// What `work` threw, or nothing when it returned.
std::optional<std::string> failure_of(const std::function<void()>& work) {
    try {
        work();
        return std::nullopt;
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an unknown exception";
    }
}

} // namespace

periodic_loop::periodic_loop(std::string name, std::chrono::milliseconds interval, step_function step,
                             drained_function drained)
    : name_(std::move(name))
    , interval_(interval)
    , step_(std::move(step))
    , drained_(std::move(drained))
    , timer_(ioc_)
    , work_guard_(net::make_work_guard(ioc_)) {}

periodic_loop::~periodic_loop() {
    stop();
}

void periodic_loop::start() {
    const std::lock_guard lock(lifecycle_mutex_);
    if (started_ || stopping_) {
        return;
    }
    started_ = true;
    thread_ = std::thread([this] { run(); });
}

void periodic_loop::wake() {
    net::post(ioc_, [this] { timer_.cancel(); });
}

void periodic_loop::post(std::function<void()> work) {
    net::post(ioc_, std::move(work));
}

void periodic_loop::stop() {
    const std::lock_guard lock(lifecycle_mutex_);
    stopping_ = true;
    if (thread_.joinable()) {
        wake();
        thread_.join();
    }
}

void periodic_loop::run() {
    log_line(name_ + ": started");
    while (!stopping_) {
        const auto next = run_step();
        if (stopping_) {
            break;
        }
        wait(next);
    }
    while (!has_drained()) {
        wait(interval_);
    }
    log_line(name_ + ": stopped");
}

std::chrono::milliseconds periodic_loop::run_step() {
    auto next = interval_;
    if (const auto failure = failure_of([this, &next] { next = step_(); })) {
        log_line(name_ + ": failed, trying again in " + std::to_string(interval_.count()) +
                 " ms: " + *failure);
    }
    ++steps_;
    return next;
}

bool periodic_loop::has_drained() {
    if (!drained_) {
        return true;
    }
    bool done = true; // a check that throws would otherwise hold stop() for ever
    if (const auto failure = failure_of([this, &done] { done = drained_(); })) {
        log_line(name_ + ": cannot tell whether its work has drained: " + *failure);
    }
    return done;
}

// Runs what is posted meanwhile; wake() and stop() end the wait early by cancelling the timer. A wake() that
// comes during a step runs after the wait below has begun, so it is never lost.
void periodic_loop::wait(std::chrono::milliseconds how_long) {
    bool over = false;
    timer_.expires_after(how_long);
    timer_.async_wait([&over](const boost::system::error_code&) { over = true; });
    while (!over) {
        if (const auto failure = failure_of([this] { ioc_.run_one(); })) {
            log_line(name_ + ": posted work failed: " + *failure);
        }
    }
}

} // namespace mend::background
