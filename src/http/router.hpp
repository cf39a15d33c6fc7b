// The API as a function from an HTTP request to a response; the session only reads, dispatches and writes.
#pragma once

#include "http/services.hpp"

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <cstddef>

namespace mend::http {

// Beast's vocabulary, so that api/ and pages/ can say http::status and http::verb.
using boost::beast::http::field;
using boost::beast::http::status;
using boost::beast::http::verb;
using request_t = boost::beast::http::request<boost::beast::http::string_body>;
using response_t = boost::beast::http::response<boost::beast::http::string_body>;

// Never throws: a failure inside becomes a logged 500 carrying the request id.
boost::asio::awaitable<response_t> handle_request(services& svc, request_t req);

// The body limit of the route a request header names: a route's own limit (photo uploads), else the
// configured one.
std::size_t body_limit_for(const services& svc, boost::beast::http::verb method, std::string_view target);

// A JSON error response, used also by the session for errors it finds before routing (413).
response_t error_response(unsigned version, boost::beast::http::status status, std::string_view code,
                          std::string_view message);

} // namespace mend::http
