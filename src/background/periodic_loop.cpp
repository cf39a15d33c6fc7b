#include "background/periodic_loop.hpp"

#include "log/log.hpp"

#include <boost/asio/post.hpp>
#include <exception>
#include <optional>
#include <utility>

namespace mend::background {

namespace net = boost::asio;

namespace {

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
    log::info("loop started", {{"loop", name_}});
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
    log::info("loop stopped", {{"loop", name_}});
}

std::chrono::milliseconds periodic_loop::run_step() {
    auto next = interval_;
    if (const auto failure = failure_of([this, &next] { next = step_(); })) {
        log::error("loop step failed",
                   {{"loop", name_}, {"retry_ms", interval_.count()}, {"error", *failure}});
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
        log::error("loop drain check failed", {{"loop", name_}, {"error", *failure}});
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
            log::error("loop posted work failed", {{"loop", name_}, {"error", *failure}});
        }
    }
}

} // namespace mend::background
