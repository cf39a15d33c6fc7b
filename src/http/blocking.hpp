// Runs blocking work (password hashing, file I/O) on a worker pool without blocking the HTTP thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>

namespace mend::http_api {

// Completes on the calling coroutine's executor once `work` has run on `pool`; rethrows what it threw.
// `pool` is owned by main and outlives every session.
boost::asio::awaitable<void> run_blocking(boost::asio::thread_pool& pool, std::function<void()> work);

} // namespace mend::http_api
