#include "http/offload.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace mend::http {

namespace net = boost::asio;

namespace {

// Holds the coroutine's completion handler until the other thread reports; keeps the executor busy meanwhile
// so that io_context::run does not return while the work is pending.
template <typename Handler> struct pending {
    Handler handler;
    net::executor_work_guard<net::associated_executor_t<Handler, net::any_io_executor>> guard;
};

// Hands `start` a callback that resumes the coroutine on its own executor with the work's failure, if any.
// Holds a pointer, not the Start itself: g++ 12 destroys non-trivial temporaries of a co_await expression
// twice, so nothing but trivial values may be built inside one.
template <typename Start> struct initiate_offload {
    const Start* start;

    template <typename Handler> void operator()(Handler&& handler, net::any_io_executor ex) const {
        using state_t = pending<std::decay_t<Handler>>;
        auto handler_ex = net::get_associated_executor(handler, ex);
        auto state = std::make_shared<state_t>(
            state_t{std::forward<Handler>(handler), net::make_work_guard(handler_ex)});
        (*start)([state](std::exception_ptr failure) {
            auto target = state->guard.get_executor();
            net::post(target, [state, failure]() mutable {
                std::move(state->handler)(failure);
                state->guard.reset();
            });
        });
    }
};

template <typename Start> net::awaitable<void> offload(Start start) {
    auto ex = co_await net::this_coro::executor;
    // With use_awaitable, a non-null exception_ptr in the signature is rethrown in this coroutine.
    co_await net::async_initiate<const net::use_awaitable_t<>&, void(std::exception_ptr)>(
        initiate_offload<Start>{&start}, net::use_awaitable, ex);
}

struct start_on_writer {
    app::writer* w;
    app::writer::work work;
    template <typename Done> void operator()(Done done) const { w->submit(work, std::move(done)); }
};

struct start_on_pool {
    net::thread_pool* pool;
    std::function<void()> work;
    template <typename Done> void operator()(Done done) const {
        net::post(pool->get_executor(), [work = work, done = std::move(done)]() {
            std::exception_ptr failure;
            try {
                work();
            } catch (...) {
                failure = std::current_exception();
            }
            done(failure);
        });
    }
};

} // namespace

net::awaitable<void> run_on_writer(app::writer& w, app::writer::work work) {
    return offload(start_on_writer{&w, std::move(work)});
}

net::awaitable<void> run_blocking(net::thread_pool& pool, std::function<void()> work) {
    return offload(start_on_pool{&pool, std::move(work)});
}

} // namespace mend::http
