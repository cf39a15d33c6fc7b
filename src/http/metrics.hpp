// Counters of HTTP requests and a latency histogram: atomics only, so the request path takes no lock.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace mend::http {

class http_metrics {
public:
    // Upper bounds of the latency buckets, in seconds (Prometheus "le"); the last bucket is +Inf.
    static constexpr std::array<double, 10> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                   0.025,  0.05,  0.1,    0.5,   1.0};

    void observe(unsigned status, std::chrono::steady_clock::duration took);

    // Prometheus text format (version 0.0.4) of the counters.
    std::string render() const;

private:
    std::array<std::atomic<std::uint64_t>, 6> by_class_{}; // 1xx..5xx at [1..5]
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_micros_{0};
};

} // namespace mend::http
