// Building HTTP responses: JSON bodies, API errors, and the one mapping from use-case problems to statuses.
#pragma once

#include "app/error.hpp"
#include "http/router.hpp"

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace mend::http_api {

response_t json_response(const request_t& req, boost::beast::http::status status,
                         const boost::json::value& body);

response_t error_for(const request_t& req, boost::beast::http::status status, std::string_view code,
                     std::string_view message, std::string_view field = {},
                     const std::vector<std::string>& allowed = {});

boost::beast::http::status status_of(app::errc code);

response_t problem_response(const request_t& req, const app::problem& p);

} // namespace mend::http_api
