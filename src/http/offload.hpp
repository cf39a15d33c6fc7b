// Moves work off the HTTP thread and awaits it: a use case as one unit of work on the single writer, or
// blocking work (password hashing, file I/O) on a worker pool.
#pragma once

#include "app/unit_of_work.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace mend::http {

// Completes on the calling coroutine's executor once the unit's commit is durable; rethrows what the unit
// threw. `w` is owned by main and outlives every session.
boost::asio::awaitable<void> run_on_writer(app::writer& w, app::writer::work work);

// Completes on the calling coroutine's executor once `work` has run on `pool`; rethrows what it threw.
// `pool` is owned by main and outlives every session.
boost::asio::awaitable<void> run_blocking(boost::asio::thread_pool& pool, std::function<void()> work);

// Awaits `unit` on the writer and returns its result. The work shares the unit, so it stays valid even if the
// awaiting coroutine is gone before the writer reaches it.
template <typename Unit>
boost::asio::awaitable<typename Unit::result_type> await_unit(app::writer& w, std::shared_ptr<Unit> unit) {
    app::writer::work work = [unit](app::unit_of_work& uow) {
        return (*unit)(uow);
    };
    auto pending = run_on_writer(w, std::move(work));
    co_await std::move(pending);
    co_return unit->take();
}

// Runs `use_case(uow, args...)` as one unit of work on the writer and completes with its result (an
// app::outcome for most use cases) on the calling coroutine's executor: a problem rolls the unit back, and
// what the use case threw is rethrown. The arguments are copied before this returns, so nothing the caller
// holds needs to outlive the call; `w` is owned by main and outlives every session.
template <typename UseCase, typename... Args>
auto write(app::writer& w, UseCase use_case, const Args&... args) {
    using unit_t = app::bound_use_case<UseCase, std::decay_t<Args>...>;
    return await_unit(w, std::make_shared<unit_t>(std::move(use_case), args...));
}

} // namespace mend::http
