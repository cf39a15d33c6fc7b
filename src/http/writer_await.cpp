#include "http/writer_await.hpp"

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

// Holds the coroutine's completion handler until the writer thread reports; keeps the executor busy meanwhile
// so that io_context::run does not return while a commit is pending.
template <typename Handler> struct pending_commit {
    Handler handler;
    net::executor_work_guard<net::associated_executor_t<Handler, net::any_io_executor>> guard;
};

struct initiate_commit {
    app::writer* w;

    template <typename Handler>
    void operator()(Handler&& handler, app::writer::work work, net::any_io_executor ex) const {
        using state_t = pending_commit<std::decay_t<Handler>>;
        auto handler_ex = net::get_associated_executor(handler, ex);
        auto state = std::make_shared<state_t>(
            state_t{std::forward<Handler>(handler), net::make_work_guard(handler_ex)});
        w->submit(std::move(work), [state](std::exception_ptr failure) {
            auto target = state->guard.get_executor();
            net::post(target, [state, failure]() mutable {
                std::move(state->handler)(failure);
                state->guard.reset();
            });
        });
    }
};

} // namespace

net::awaitable<void> run_on_writer(app::writer& w, app::writer::work work) {
    auto ex = co_await net::this_coro::executor;
    // With use_awaitable, a non-null exception_ptr in the signature is rethrown in this coroutine.
    co_await net::async_initiate<const net::use_awaitable_t<>&, void(std::exception_ptr)>(
        initiate_commit{&w}, net::use_awaitable, std::move(work), ex);
}

} // namespace mend::http_api
