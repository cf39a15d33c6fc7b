#include "http/metrics.hpp"

#include <cstdio>

namespace mend::http {

void http_metrics::observe(unsigned status, std::chrono::steady_clock::duration took) {
    const auto cls = status / 100;
    by_class_[cls < by_class_.size() ? cls : 0].fetch_add(1, std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(took).count();
    std::size_t b = 0;
    while (b < bounds.size() && seconds > bounds[b]) {
        ++b;
    }
    buckets_[b].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_micros_.fetch_add(
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()),
        std::memory_order_relaxed);
}

std::string http_metrics::render() const {
    std::string out = "# HELP mend_http_requests_total HTTP requests answered, by status class.\n"
                      "# TYPE mend_http_requests_total counter\n";
    for (std::size_t cls = 1; cls < by_class_.size(); ++cls) {
        out += "mend_http_requests_total{code=\"" + std::to_string(cls) + "xx\"} " +
               std::to_string(by_class_[cls].load(std::memory_order_relaxed)) + "\n";
    }
    out += "# HELP mend_http_request_duration_seconds Time from a request read to its response ready.\n"
           "# TYPE mend_http_request_duration_seconds histogram\n";
    // Read each counter once; the buckets are cumulative on the wire.
    std::uint64_t cumulative = 0;
    char le[32];
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
        cumulative += buckets_[b].load(std::memory_order_relaxed);
        if (b < bounds.size()) {
            std::snprintf(le, sizeof le, "%g", bounds[b]);
        } else {
            std::snprintf(le, sizeof le, "+Inf");
        }
        out += "mend_http_request_duration_seconds_bucket{le=\"" + std::string(le) + "\"} " +
               std::to_string(cumulative) + "\n";
    }
    char sum[48];
    std::snprintf(sum, sizeof sum, "%.6f",
                  static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6);
    out += "mend_http_request_duration_seconds_sum " + std::string(sum) + "\n";
    // The buckets' total, so that _count equals the +Inf bucket even while other threads observe.
    out += "mend_http_request_duration_seconds_count " + std::to_string(cumulative) + "\n";
    return out;
}

} // namespace mend::http
