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

// Retry-After (seconds or an HTTP date) or RateLimit-Reset / X-RateLimit-Reset, when the reply asks us to
// wait: a 429 or 503, or a rate-limit header saying nothing is left. Dates are counted from `now`.
std::optional<std::chrono::milliseconds> wait_asked_for(const http_reply& reply, domain::instant now);

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
