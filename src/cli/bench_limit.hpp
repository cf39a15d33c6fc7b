// The bench's limit mode: units of work handed straight to the writer, a fixed number in flight, with no
// HTTP, so that scripts/bench can print the group commit's ceiling beside what the server reaches.
#pragma once

#include "app/unit_of_work.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace mend::cli {

struct limit_result {
    std::uint64_t committed = 0; // units whose commit was durable and that kept their writes
    std::uint64_t refused = 0;   // units that rolled themselves back (a use case's problem)
    std::uint64_t failed = 0;    // units that threw, or whose batch did not commit
    double seconds = 0;          // from the first submit to the last unit's answer
    double p50_ms = 0;           // submit to durable commit, over every unit
    double p99_ms = 0;

    double per_second() const { return seconds > 0 ? static_cast<double>(committed) / seconds : 0; }
};

// Keeps `concurrency` units in flight on `w` until `duration` has passed: each unit's done callback (on the
// writer thread, once its batch is durable) submits the next one, as an HTTP client sends its next request
// once answered, but with no transport in between. `make_unit` is called on this thread for the first
// `concurrency` units, then on the writer thread only, never on two threads at once. Blocks until every unit
// in flight has been answered.
limit_result run_limit(app::writer& w, const std::function<app::writer::work()>& make_unit,
                       std::size_t concurrency, std::chrono::milliseconds duration);

} // namespace mend::cli
