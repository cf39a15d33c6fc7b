#include "http/blocking.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace mend::http_api {

namespace net = boost::asio;

namespace {

// Keeps the coroutine's executor busy while the work runs elsewhere, as writer_await.cpp does for commits.
template <typename Handler> struct pending_work {
    Handler handler;
    net::executor_work_guard<net::associated_executor_t<Handler, net::any_io_executor>> guard;
};

struct initiate_blocking {
    net::thread_pool* pool;

    template <typename Handler>
    void operator()(Handler&& handler, std::function<void()> work, net::any_io_executor ex) const {
        using state_t = pending_work<std::decay_t<Handler>>;
        auto handler_ex = net::get_associated_executor(handler, ex);
        auto state = std::make_shared<state_t>(
            state_t{std::forward<Handler>(handler), net::make_work_guard(handler_ex)});
        net::post(pool->get_executor(), [state, work = std::move(work)]() {
            std::exception_ptr failure;
            try {
                work();
            } catch (...) {
                failure = std::current_exception();
            }
            auto target = state->guard.get_executor();
            net::post(target, [state, failure]() mutable {
                std::move(state->handler)(failure);
                state->guard.reset();
            });
        });
    }
};

} // namespace

net::awaitable<void> run_blocking(net::thread_pool& pool, std::function<void()> work) {
    auto ex = co_await net::this_coro::executor;
    co_await net::async_initiate<const net::use_awaitable_t<>&, void(std::exception_ptr)>(
        initiate_blocking{&pool}, net::use_awaitable, std::move(work), ex);
}

} // namespace mend::http_api
