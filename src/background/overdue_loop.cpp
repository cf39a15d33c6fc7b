#include "background/overdue_loop.hpp"

#include "http/offload.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>

namespace mend::background {

namespace net = boost::asio;

namespace {

void log_failure(std::exception_ptr failure) {
    if (!failure) {
        return;
    }
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        std::cerr << "overdue loop ended by an error: " << e.what() << std::endl;
    }
}

} // namespace

overdue_loop::overdue_loop(net::io_context& ioc, app::writer& writes, const app::clock& clock,
                           double at_risk_share, std::chrono::seconds interval,
                           std::vector<app::escalation_listener*> hooks)
    : strand_(net::make_strand(ioc))
    , timer_(strand_)
    , writes_(writes)
    , clock_(clock)
    , at_risk_share_(at_risk_share)
    , interval_(interval)
    , hooks_(std::move(hooks)) {}

void overdue_loop::start() {
    net::co_spawn(strand_, run(), log_failure);
}

void overdue_loop::stop() {
    stopping_ = true;
    net::post(strand_, [this] { timer_.cancel(); });
}

net::awaitable<void> overdue_loop::scan_once() {
    const auto now = clock_.now();
    const double share = at_risk_share_;
    const auto& hooks = hooks_;
    int escalated = 0;
    co_await http::run_on_writer(writes_, [&escalated, &hooks, now, share](app::unit_of_work& uow) {
        escalated = app::escalate_clocks(uow, now, share, hooks);
        return true;
    });
    if (escalated > 0) {
        std::cerr << "overdue loop: escalated " << escalated << " clock(s)" << std::endl;
    }
}

net::awaitable<void> overdue_loop::run() {
    while (!stopping_) {
        try {
            co_await scan_once();
        } catch (const std::exception& e) {
            // A failed scan is retried at the next interval; the loop must outlive a busy or failing
            // database.
            std::cerr << "overdue loop: scan failed: " << e.what() << std::endl;
        }
        ++scans_;
        if (stopping_) {
            break;
        }
        timer_.expires_after(interval_);
        co_await timer_.async_wait(net::as_tuple(net::use_awaitable));
    }
}

} // namespace mend::background
