// A small blocking HTTP client over libcurl for the channels' REST calls, reusing connections.
#pragma once

#include "domain/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mend::notify {

struct http_reply {
    long status = 0; // 0 when no response arrived
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // names lower-cased
    std::string transport_error;                              // set when status is 0
    bool maybe_received = false; // the request may have reached the server (a timeout after connecting)

    std::optional<std::string> header(std::string_view name) const;
};

// How long a reply asks us to wait: Retry-After, RateLimit-Reset or X-RateLimit-Reset (seconds, a Unix time,
// an HTTP date or an ISO 8601 time), or the IETF RateLimit header's reset; on a 429 or a 5xx, or on any reply
// (a success too) whose rate-limit headers say nothing is left. Dates are counted from `now`.
std::optional<std::chrono::milliseconds> wait_asked_for(const http_reply& reply, domain::instant now);

// The provider's trouble rather than an answer about the request: no reply at all (refused, timed out, DNS,
// TLS handshake), a 408 or a 5xx.
bool is_outage(const http_reply& reply);

// Thread-safe: keeps a pool of curl handles, each used by one thread at a time.
class http_client {
public:
    http_client(long timeout_ms, std::string ca_file);
    ~http_client();
    http_client(const http_client&) = delete;
    http_client& operator=(const http_client&) = delete;

    http_reply request(const std::string& method, const std::string& url,
                       const std::vector<std::string>& headers, const std::string& body);

private:
    void* checkout();
    void give_back(void* handle);

    long timeout_ms_;
    std::string ca_file_;
    struct pool;
    pool* pool_;
};

// Once per process, before any thread uses curl.
void init_curl();

} // namespace mend::notify
