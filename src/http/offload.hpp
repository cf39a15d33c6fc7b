// Moves work off the HTTP thread and awaits it: a unit of work on the single writer, or blocking work
// (password hashing, file I/O) on a worker pool.
#pragma once

#include "app/unit_of_work.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>

namespace mend::http {

// Completes on the calling coroutine's executor once the unit's commit is durable; rethrows what the unit
// threw. `w` is owned by main and outlives every session.
boost::asio::awaitable<void> run_on_writer(app::writer& w, app::writer::work work);

// Completes on the calling coroutine's executor once `work` has run on `pool`; rethrows what it threw.
// `pool` is owned by main and outlives every session.
boost::asio::awaitable<void> run_blocking(boost::asio::thread_pool& pool, std::function<void()> work);

} // namespace mend::http
