#include "http/responses.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace mend::http {

namespace json = boost::json;

json::object error_to_json(std::string_view code, std::string_view message, std::string_view field,
                           const std::vector<std::string>& allowed) {
    json::object error{{"code", code}, {"message", message}};
    if (!field.empty()) {
        error["field"] = field;
    }
    if (!allowed.empty() || code == "invalid_transition") {
        json::array list;
        for (const auto& a : allowed) {
            list.emplace_back(a);
        }
        error["allowed"] = std::move(list);
    }
    return {{"error", std::move(error)}};
}

namespace http = boost::beast::http;

response_t json_response(const request_t& req, http::status status, const boost::json::value& body) {
    return json_text_response(req, status, boost::json::serialize(body));
}

response_t json_text_response(const request_t& req, http::status status, std::string body) {
    response_t res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.body() += '\n';
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
}

response_t csv_response(const request_t& req, std::string body) {
    response_t res{http::status::ok, req.version()};
    res.set(http::field::content_type, "text/csv; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
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

bool headers_are_safe(const response_t& res) {
    for (const auto& f : res) {
        const auto value = f.value();
        const bool location = f.name() == http::field::location;
        for (const char c : value) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '\r' || c == '\n' || c == '\0' || (location && (byte < 0x20 || byte == 0x7f))) {
                return false;
            }
        }
    }
    return true;
}

response_t problem_response(const request_t& req, const app::problem& p) {
    return error_for(req, status_of(p.code), app::code_name(p.code), p.message, p.field, p.allowed);
}

std::optional<response_t> read_json_object(const request_t& req, boost::json::object& out) {
    const auto type = req[http::field::content_type];
    const auto base = type.substr(0, type.find(';'));
    if (base != "application/json") {
        return error_for(req, http::status::unsupported_media_type, "unsupported_media_type",
                         "send the body as Content-Type: application/json");
    }
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(req.body(), ec);
    if (ec) {
        return error_for(req, http::status::bad_request, "bad_json",
                         "the body is not valid JSON: " + ec.message());
    }
    if (!value.is_object()) {
        return error_for(req, http::status::bad_request, "bad_json", "the body must be a JSON object");
    }
    out = std::move(value.get_object());
    return std::nullopt;
}

std::optional<std::string> query_param(const boost::urls::url_view& url, std::string_view key) {
    auto params = url.params();
    auto it = params.find(key);
    if (it == params.end() || !(*it).has_value) {
        return std::nullopt;
    }
    return std::string((*it).value);
}

} // namespace mend::http
