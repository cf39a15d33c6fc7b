// The API as a function from an HTTP request to a response; the session only reads, dispatches and writes.
#pragma once

#include "app/clocks.hpp"
#include "app/notices.hpp"
#include "app/ports.hpp"
#include "app/social.hpp"
#include "http/http_metrics.hpp"

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>

namespace mend::http_api {

using request_t = boost::beast::http::request<boost::beast::http::string_body>;
using response_t = boost::beast::http::response<boost::beast::http::string_body>;

struct web_services; // http/web_services.hpp: what the HTML pages need besides the API's services

// Long-lived services owned by main; every session holds a reference to one instance.
struct services {
    app::read_store& reads;
    app::writer& writes;
    const app::clock& clock;
    std::size_t body_limit = 1024 * 1024;
    app::listeners hooks{};                  // told of every accepted change, inside its transaction
    app::notice_services* notices = nullptr; // the outbox's API; null when notices are not wired in
    app::social_services* social = nullptr;  // the social inbox's API; null when [social.mastodon] is off
    std::atomic<std::uint64_t> next_request_id{1};
    const app::time_services* time = nullptr; // targets and clocks; when null, jobs are shown without them
    http_metrics metrics{};                   // of every request handle_request answers
    web_services* web = nullptr;              // null: the pages are not served (their routes answer 404)
};

// Never throws: a failure inside becomes a logged 500 carrying the request id.
boost::asio::awaitable<response_t> handle_request(services& svc, request_t req);

// The body limit of the route a request header names: a route's own limit (photo uploads), else the
// configured one.
std::size_t body_limit_for(const services& svc, boost::beast::http::verb method, std::string_view target);

// A JSON error response, used also by the session for errors it finds before routing (413).
response_t error_response(unsigned version, boost::beast::http::status status, std::string_view code,
                          std::string_view message);

} // namespace mend::http_api
