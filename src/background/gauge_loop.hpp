// The background loop that gathers /metrics' gauges into their cache: on an interval, and soon after a scrape
// finds them stale.
#pragma once

#include "app/gauges.hpp"
#include "background/periodic_loop.hpp"

#include <chrono>

namespace mend::background {

// Threads: a periodic_loop of its own; every scan runs there, on the database's read connections.
class gauge_loop {
public:
    // Everything passed by reference or pointer is owned by main and outlives the loop; a null source is left
    // out of the gauges.
    gauge_loop(app::gauge_cache& cache, const app::time_services* time, app::notice_reads* notices,
               const app::clock& clock, std::chrono::seconds interval);
    ~gauge_loop(); // stop()
    gauge_loop(const gauge_loop&) = delete;
    gauge_loop& operator=(const gauge_loop&) = delete;

    // Gathers at once, then once per interval and whenever the cache asks.
    void start();
    // Thread-safe; returns after the gathering in progress, if any.
    void stop();

private:
    std::chrono::milliseconds gather();

    app::gauge_cache& cache_;
    const app::time_services* time_;
    app::notice_reads* notices_;
    const app::clock& clock_;
    const std::chrono::milliseconds interval_;
    periodic_loop loop_; // last: its steps use everything above
};

} // namespace mend::background
