#include "notify/http_client.hpp"

#include "domain/text.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <curl/curl.h>
#include <mutex>

namespace mend::notify {

namespace {

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* out) {
    std::string_view line(data, size * count);
    auto& headers = *static_cast<std::vector<std::pair<std::string, std::string>>*>(out);
    if (line.rfind("HTTP/", 0) == 0) {
        headers.clear(); // a new response (after 100 Continue or a redirect) starts over
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        headers.emplace_back(domain::lower_case(line.substr(0, colon)),
                             std::string(domain::trim(line.substr(colon + 1))));
    }
    return size * count;
}

std::optional<long long> parse_number(std::string_view text) {
    long long value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// A wait given as seconds, an absolute Unix time (X-RateLimit-Reset as GitHub sends it), an HTTP date, or an
// ISO 8601 time (as Mastodon sends it).
std::optional<std::chrono::milliseconds> wait_until(const std::string& value, domain::instant now) {
    const long long now_unix = domain::to_unix(now);
    if (auto n = parse_number(value)) {
        const long long wait = *n > 1'000'000'000 ? *n - now_unix : *n;
        return std::chrono::seconds(std::max(0LL, wait));
    }
    if (auto at = domain::parse_iso(value)) {
        return std::max(std::chrono::milliseconds(0), *at - now);
    }
    const std::time_t at = curl_getdate(value.c_str(), nullptr);
    if (at > 0) {
        return std::chrono::seconds(std::max<long long>(0, at - now_unix));
    }
    return std::nullopt;
}

struct rate_limit_fields {
    std::optional<long long> remaining;
    std::optional<long long> reset; // seconds
};

// The IETF RateLimit header: "limit=100, remaining=0, reset=50" (early drafts) or "\"default\";r=0;t=50".
rate_limit_fields structured_rate_limit(std::string_view value) {
    rate_limit_fields out;
    while (!value.empty()) {
        const auto end = value.find_first_of(",;");
        const auto item = domain::trim(value.substr(0, end));
        const auto equals = item.find('=');
        if (equals != std::string_view::npos) {
            const auto key = domain::trim(item.substr(0, equals));
            const auto number = parse_number(domain::trim(item.substr(equals + 1)));
            if (key == "remaining" || key == "r") {
                out.remaining = number;
            } else if (key == "reset" || key == "t") {
                out.reset = number;
            }
        }
        if (end == std::string_view::npos) {
            break;
        }
        value.remove_prefix(end + 1);
    }
    return out;
}

} // namespace

struct http_client::pool {
    std::mutex mutex;
    std::vector<CURL*> idle;
};

std::optional<std::string> http_reply::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k == name) {
            return v;
        }
    }
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> wait_asked_for(const http_reply& reply, domain::instant now) {
    const auto structured = structured_rate_limit(reply.header("ratelimit").value_or(""));
    const bool exhausted = reply.header("x-ratelimit-remaining") == std::optional<std::string>("0") ||
                           reply.header("ratelimit-remaining") == std::optional<std::string>("0") ||
                           structured.remaining == std::optional<long long>(0);
    if (reply.status != 429 && reply.status < 500 && !exhausted) {
        return std::nullopt;
    }
    for (const char* name : {"retry-after", "ratelimit-reset", "x-ratelimit-reset"}) {
        if (auto v = reply.header(name)) {
            if (auto wait = wait_until(*v, now)) {
                return wait;
            }
        }
    }
    if (structured.reset) {
        return std::chrono::seconds(std::max(0LL, *structured.reset));
    }
    return std::nullopt;
}

bool is_outage(const http_reply& reply) {
    return reply.status == 0 || reply.status == 408 || reply.status >= 500;
}

void init_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

http_client::http_client(long timeout_ms, std::string ca_file)
    : timeout_ms_(timeout_ms)
    , ca_file_(std::move(ca_file))
    , pool_(new pool) {
    init_curl();
}

http_client::~http_client() {
    for (auto* h : pool_->idle) {
        curl_easy_cleanup(h);
    }
    delete pool_;
}

void* http_client::checkout() {
    {
        std::lock_guard lock(pool_->mutex);
        if (!pool_->idle.empty()) {
            auto* h = pool_->idle.back();
            pool_->idle.pop_back();
            return h;
        }
    }
    return curl_easy_init();
}

void http_client::give_back(void* handle) {
    std::lock_guard lock(pool_->mutex);
    pool_->idle.push_back(static_cast<CURL*>(handle));
}

http_reply http_client::request(const std::string& method, const std::string& url,
                                const std::vector<std::string>& headers, const std::string& body) {
    auto* h = static_cast<CURL*>(checkout());
    http_reply reply;
    if (h == nullptr) {
        reply.transport_error = "could not create a curl handle";
        return reply;
    }
    curl_easy_reset(h); // keeps the connection cache: the next request to the same host reuses it
    curl_slist* list = nullptr;
    for (const auto& line : headers) {
        list = curl_slist_append(list, line.c_str());
    }
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method != "GET") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms_, 10000L));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &collect_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &reply.headers);
    if (!ca_file_.empty()) {
        curl_easy_setopt(h, CURLOPT_CAINFO, ca_file_.c_str());
    }
    const CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
    } else {
        reply.status = 0;
        reply.transport_error = error[0] != '\0' ? error : curl_easy_strerror(rc);
        long connect_code = 0;
        curl_easy_getinfo(h, CURLINFO_HTTP_CONNECTCODE, &connect_code);
        curl_off_t uploaded = 0;
        curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &uploaded);
        reply.maybe_received = rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_RECV_ERROR ||
                               rc == CURLE_GOT_NOTHING || rc == CURLE_PARTIAL_FILE || uploaded > 0;
    }
    curl_slist_free_all(list);
    give_back(h);
    return reply;
}

} // namespace mend::notify
