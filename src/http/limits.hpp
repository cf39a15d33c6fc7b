// The limits of the HTTP edge ([server] in the config): how many connections, how long a header may take, how
// slowly a body may arrive, how much of a refused body is read so that its client hears the refusal, and
// whose X-Forwarded-For names the client.
#pragma once

#include "http/proxies.hpp"

#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace mend::http {

struct server_limits {
    std::size_t max_connections = 0;         // 0: default_max_connections(open_file_limit())
    std::chrono::seconds header_timeout{30}; // from waiting for a request to its header read whole
    std::size_t body_min_bytes_per_second = 1024;
    std::chrono::seconds body_grace{10};    // before the body's minimum rate applies
    std::chrono::seconds write_timeout{30}; // plus a second per body_min_bytes_per_second of the response
    std::size_t header_limit = std::size_t{8} * 1024; // the request line and header fields
    std::size_t read_buffer = std::size_t{16} * 1024; // the most read ahead and not yet parsed: bounds a
                                                      // chunked body's trailers and chunk headers
    // Of a refused body, read and dropped so that a client that sends all of it before reading hears the
    // refusal rather than a reset: enough for an upload a little over the upload pages' 41 MiB, for as long
    // as it keeps the body's minimum rate, and for discard_timeout at most.
    std::size_t discard_limit = std::size_t{64} * 1024 * 1024;
    std::chrono::seconds discard_timeout{30};
    trusted_proxies proxies{}; // whose X-Forwarded-For names the client (the session asks client_of)
};

using steady_time = std::chrono::steady_clock::time_point;

// The process's limit of open files (RLIMIT_NOFILE, soft), read now.
std::uint64_t open_file_limit();

// Leaves an eighth of the files (at least 128) to the database, photo files and outbound connections.
std::size_t default_max_connections(std::uint64_t open_files);

// When a body begun at `started`, with `received` bytes so far, must have sent its next bytes: after the
// grace, it must keep up body_min_bytes_per_second on average.
steady_time body_deadline(const server_limits& limits, steady_time started, std::size_t received);

// How long writing a response of `bytes` may take.
std::chrono::steady_clock::duration write_allowance(const server_limits& limits, std::size_t bytes);

// Pauses of the accept loop after failures that a retry at once would only repeat (no file descriptor or
// memory free): 10 ms doubling to 1 s, reset by an accept that works. Says when to log, so that a long
// shortage logs a line a minute rather than one per failure. One accept loop's; not thread-safe.
class accept_backoff {
public:
    static constexpr std::chrono::milliseconds first{10};
    static constexpr std::chrono::milliseconds longest{1000};
    static constexpr std::chrono::seconds log_every{60};

    // Whether `error` (an accept's) calls for a pause rather than an immediate retry.
    static bool calls_for_pause(const boost::system::error_code& error);

    // The pause after one more failure.
    std::chrono::milliseconds failed();
    void succeeded() { next_ = first; }

    // When a failure at `now` is to be logged: how many were not since the last line logged; nullopt when it
    // is not to be logged.
    std::optional<std::uint64_t> log_now(steady_time now);

private:
    std::chrono::milliseconds next_ = first;
    std::optional<steady_time> logged_;
    std::uint64_t suppressed_ = 0;
};

} // namespace mend::http
