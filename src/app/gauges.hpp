// The counts /metrics reports as gauges. A background loop gathers them (the scans) into a cache; a scrape
// reads the cache, so that it does no scan on the HTTP thread.
#pragma once

#include "app/clocks.hpp"
#include "app/notices/notices.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace mend::app {

using counts = std::vector<std::pair<std::string, std::int64_t>>;

struct gauges {
    counts jobs_by_status;   // every status, zeros included; empty when clocks are not kept
    counts clocks_by_state;  // at_risk and breached now; empty when clocks are not kept
    counts notices_by_state; // every state, zeros included; empty when notices are not wired in
};

// Runs the scans: reads only, safe from any thread. A null source is left out.
gauges read_gauges(const time_services* time, notice_reads* notices, domain::instant now);

// Thread-safe.
class gauge_cache {
public:
    struct snapshot {
        std::shared_ptr<const gauges> values; // null before the first store
        std::uint64_t generation = 0;         // of the changes the values include
    };

    // Counts a committed change: the cache is stale until values gathered after it are stored.
    void changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

    // `generation`: generation() read before the scans began.
    void store(gauges values, std::uint64_t generation);
    snapshot latest() const;
    bool stale() const;

    // Asks the loop that stores the values for new ones soon; `wake` is set by that loop (empty: nobody).
    void on_refresh(std::function<void()> wake);
    void refresh() const;

private:
    std::atomic<std::uint64_t> generation_{0};
    mutable std::mutex mutex_;
    snapshot latest_;            // guarded by mutex_
    std::function<void()> wake_; // guarded by mutex_
};

// Passes each unit to `inner` and counts each commit in `cache`, before the unit's caller hears of it, so
// that a scrape after an answer sees the change. Both are owned by main and outlive this.
class counting_writer final : public writer {
public:
    counting_writer(writer& inner, gauge_cache& cache)
        : inner_(inner)
        , cache_(cache) {}
    void submit(work w, done d) override;
    void listen(change_listener& l) override { inner_.listen(l); }

private:
    writer& inner_;
    gauge_cache& cache_;
};

} // namespace mend::app
