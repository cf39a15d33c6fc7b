#include "http/responses.hpp"

#include "http/json_mapping.hpp"

#include <boost/json/serialize.hpp>

namespace mend::http_api {

namespace http = boost::beast::http;

response_t json_response(const request_t& req, http::status status, const boost::json::value& body) {
    response_t res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.body() = boost::json::serialize(body);
    res.body() += '\n';
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
}

response_t error_for(const request_t& req, http::status status, std::string_view code,
                     std::string_view message, std::string_view field,
                     const std::vector<std::string>& allowed) {
    return json_response(req, status, error_to_json(code, message, field, allowed));
}

http::status status_of(app::errc code) {
    switch (code) {
    case app::errc::unauthorized:
        return http::status::unauthorized;
    case app::errc::forbidden:
        return http::status::forbidden;
    case app::errc::not_found:
        return http::status::not_found;
    case app::errc::invalid_transition:
    case app::errc::stale_version:
    case app::errc::conflict:
        return http::status::conflict;
    case app::errc::validation:
        return http::status::unprocessable_entity;
    }
    return http::status::internal_server_error;
}

response_t problem_response(const request_t& req, const app::problem& p) {
    return error_for(req, status_of(p.code), app::code_name(p.code), p.message, p.field, p.allowed);
}

} // namespace mend::http_api
