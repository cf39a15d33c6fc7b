// The API as a function from an HTTP request to a response; the session only reads, dispatches and writes.
#pragma once

#include "http/services.hpp"

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace mend::http {

// Beast's vocabulary, so that api/ and pages/ can say http::status and http::verb.
using boost::beast::http::field;
using boost::beast::http::status;
using boost::beast::http::verb;
using request_t = boost::beast::http::request<boost::beast::http::string_body>;
using response_t = boost::beast::http::response<boost::beast::http::string_body>;

// The rest of a streamed answer's body (a large CSV export), made piece by piece while it is sent, so that
// it is never whole in memory. Runs on the connection's executor, between writes; an empty piece ends it.
// A throw ends the connection without the last chunk, so that the client sees the answer is cut short.
class body_source {
public:
    virtual ~body_source() = default;
    virtual std::string next() = 0;
};

// An answer whose body may go on after `res`'s own: then it is sent with chunked transfer coding.
struct answer {
    response_t res;
    std::unique_ptr<body_source> rest;
};

// Never throws: a failure inside becomes a logged 500 carrying the request id. `peer` is the client's address
// (the session's trusted_proxies::client_of). The session sends `rest` as it is made.
boost::asio::awaitable<answer> answer_request(services& svc, request_t req,
                                              boost::asio::ip::address peer = {});

// The same, with a streamed body gathered whole into the response (for tests and small answers).
boost::asio::awaitable<response_t> handle_request(services& svc, request_t req,
                                                  boost::asio::ip::address peer = {});

// What a request's body may hold, decided from its header alone, before any byte of the body is read: a
// route's large limit (uploads) only for a caller the header names (session cookie or bearer token) whose
// role the route lets upload; the configured limit for everyone else.
struct admission {
    std::size_t body_limit = 0;  // for this caller
    std::size_t route_limit = 0; // the most the route takes from anyone
    bool caller_known = true;    // the route needs no caller, or the header names one
    // A page route's own answer to a body over the limit (HTML); empty: the JSON 413.
    std::function<response_t(unsigned version)> too_large_page{};
};
admission admit(services& svc, const request_t& header);

// An answer of the session before routing (400, 408, 413, 414, 431): a JSON error with the security headers,
// closing the connection.
response_t error_response(unsigned version, boost::beast::http::status status, std::string_view code,
                          std::string_view message);

} // namespace mend::http
