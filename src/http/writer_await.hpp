// Awaits a unit of work on the single writer without blocking the HTTP thread.
#pragma once

#include "app/ports.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace mend::http_api {

// Completes on the calling coroutine's executor once the unit's commit is durable; rethrows what the unit
// threw. `w` is owned by main and outlives every session.
boost::asio::awaitable<void> run_on_writer(app::writer& w, app::writer::work work);

} // namespace mend::http_api
