// Runs the HTTP server on a data directory until SIGINT or SIGTERM.
#pragma once

#include "cli/config.hpp"

namespace mend::cli {

// Prints "listening on http://HOST:PORT" once bound; returns 0 after a clean drain.
int serve(const config& cfg);

} // namespace mend::cli
