// The background loop that escalates clocks at risk or breached, on a timer, through the single writer.
#pragma once

#include "app/clocks.hpp"
#include "app/complaints.hpp"
#include "background/periodic_loop.hpp"

#include <chrono>
#include <vector>

namespace mend::background {

// Threads: a periodic_loop of its own; each scan runs there and waits there for its commit.
class overdue_loop {
public:
    // Everything passed by reference is owned by main and outlives the loop.
    overdue_loop(app::writer& writes, const app::clock& clock, double at_risk_share,
                 std::chrono::seconds interval, std::vector<app::escalation_listener*> hooks = {},
                 const app::complaint_services* complaints = nullptr);

    // One scan at once, then one per interval.
    void start();
    // Thread-safe. Returns after the scan in progress, if any, has committed. The writer must still be
    // running.
    void stop();

private:
    std::chrono::milliseconds scan_once();

    app::writer& writes_;
    const app::clock& clock_;
    const double at_risk_share_;
    const std::chrono::milliseconds interval_;
    const std::vector<app::escalation_listener*> hooks_;
    const app::complaint_services* complaints_; // null: complaints' clocks are not scanned
    periodic_loop loop_;                        // last: its steps use everything above
};

} // namespace mend::background
