// Building HTTP responses (JSON bodies, API errors, the one mapping from use-case problems to statuses) and
// reading what API requests carry (JSON bodies, query parameters).
#pragma once

#include "app/error.hpp"
#include "http/router.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/url/url_view.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mend::http {

// {"error": {"code", "message", "field"?, "allowed"?}}
boost::json::object error_to_json(std::string_view code, std::string_view message,
                                  std::string_view field = {}, const std::vector<std::string>& allowed = {});

response_t json_response(const request_t& req, boost::beast::http::status status,
                         const boost::json::value& body);
// The same for a JSON document already written as text.
response_t json_text_response(const request_t& req, boost::beast::http::status status, std::string body);
// 200 with a CSV document, not cached (reports hold what staff may read).
response_t csv_response(const request_t& req, std::string body);

response_t error_for(const request_t& req, boost::beast::http::status status, std::string_view code,
                     std::string_view message, std::string_view field = {},
                     const std::vector<std::string>& allowed = {});

boost::beast::http::status status_of(app::errc code);

// Whether no header value carries CR, LF or NUL, and Location no control character at all (TAB included):
// whatever a handler passes, no header can be added and no path can become another site's address. The
// router answers 500 instead of a response that fails this.
bool headers_are_safe(const response_t& res);

response_t problem_response(const request_t& req, const app::problem& p);

// Checks the media type and parses a JSON object body; returns the response to send instead (415, 400) when
// it cannot.
std::optional<response_t> read_json_object(const request_t& req, boost::json::object& out);

// The value of a query parameter; nullopt when absent or given without "=".
std::optional<std::string> query_param(const boost::urls::url_view& url, std::string_view key);

} // namespace mend::http
