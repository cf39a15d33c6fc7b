#include "cli/bench_limit.hpp"

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace mend::cli {

namespace {

using steady = std::chrono::steady_clock;

// Shared by the chains of units, which outlive run_limit's frame only by the moment their last callback
// takes to return; latencies and counts are touched on the writer thread only, until `active` is zero.
struct limit_state {
    std::function<app::writer::work()> make_unit;
    app::writer* w = nullptr;
    steady::time_point deadline;
    std::vector<double> latencies_ms;
    limit_result result;
    std::mutex mutex;
    std::condition_variable finished;
    std::size_t active = 0; // guarded by mutex
    steady::time_point last_answer;
};

// Submits `work` for one chain; its callback records the answer and submits the chain's next unit, until
// the deadline.
void submit(const std::shared_ptr<limit_state>& state, app::writer::work work) {
    auto kept = std::make_shared<bool>(false);
    app::writer::work counted = [work = std::move(work), kept](app::unit_of_work& uow) {
        *kept = work(uow);
        return *kept;
    };
    const auto started = steady::now();
    state->w->submit(std::move(counted), [state, kept, started](const std::exception_ptr& failure) {
        const auto now = steady::now();
        state->latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - started).count());
        if (failure) {
            ++state->result.failed;
        } else if (*kept) {
            ++state->result.committed;
        } else {
            ++state->result.refused;
        }
        if (now < state->deadline) {
            try {
                submit(state, state->make_unit());
                return;
            } catch (...) {
                ++state->result.failed; // the writer has stopped: this chain ends
            }
        }
        std::lock_guard lock(state->mutex);
        state->last_answer = now;
        if (--state->active == 0) {
            state->finished.notify_all();
        }
    });
}

double percentile(std::vector<double>& sorted_ms, double share) {
    if (sorted_ms.empty()) {
        return 0;
    }
    const auto at = static_cast<std::size_t>(share * static_cast<double>(sorted_ms.size() - 1));
    return sorted_ms[at];
}

} // namespace

limit_result run_limit(app::writer& w, const std::function<app::writer::work()>& make_unit,
                       std::size_t concurrency, std::chrono::milliseconds duration) {
    auto state = std::make_shared<limit_state>();
    state->make_unit = make_unit;
    state->w = &w;
    std::vector<app::writer::work> first;
    for (std::size_t i = 0; i < concurrency; ++i) {
        first.push_back(make_unit()); // before any callback may call make_unit on the writer thread
    }
    state->active = concurrency;
    const auto start = steady::now();
    state->deadline = start + duration;
    state->last_answer = start;
    for (auto& work : first) {
        submit(state, std::move(work));
    }
    std::unique_lock lock(state->mutex);
    state->finished.wait(lock, [&state] { return state->active == 0; });
    limit_result out = state->result;
    out.seconds = std::chrono::duration<double>(state->last_answer - start).count();
    std::sort(state->latencies_ms.begin(), state->latencies_ms.end());
    out.p50_ms = percentile(state->latencies_ms, 0.50);
    out.p99_ms = percentile(state->latencies_ms, 0.99);
    return out;
}

} // namespace mend::cli
