#include "http/router.hpp"

#include "app/requests.hpp"
#include "app/tokens.hpp"
#include "domain/reference.hpp"
#include "http/json_mapping.hpp"
#include "http/writer_await.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <iostream>
#include <string>
#include <vector>

namespace mend::http_api {

namespace net = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

response_t json_response(const request_t& req, http::status status, const json::value& body) {
    response_t res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.body() = json::serialize(body);
    res.body() += '\n';
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
}

response_t error_for(const request_t& req, http::status status, std::string_view code,
                     std::string_view message, std::string_view field = {},
                     const std::vector<std::string>& allowed = {}) {
    return json_response(req, status, error_to_json(code, message, field, allowed));
}

// The one place where a use case's problem becomes an HTTP status.
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

enum class route_id { healthz, me, requests, request, actions, events, none };

struct route {
    route_id id = route_id::none;
    std::string reference;
    std::vector<http::verb> methods;
};

route match(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    if (path.empty() || path.front() != '/') {
        return {};
    }
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto end = slash == std::string_view::npos ? path.size() : slash;
        segments.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    if (!segments.empty() && segments.back().empty() && segments.size() > 1) {
        segments.pop_back(); // a trailing slash names the same resource
    }
    using v = http::verb;
    if (segments.size() == 1 && segments[0] == "healthz") {
        return {route_id::healthz, {}, {v::get, v::head}};
    }
    if (segments.size() < 3 || segments[0] != "api" || segments[1] != "v1") {
        return {};
    }
    if (segments.size() == 3 && segments[2] == "me") {
        return {route_id::me, {}, {v::get}};
    }
    if (segments[2] != "requests") {
        return {};
    }
    if (segments.size() == 3) {
        return {route_id::requests, {}, {v::get, v::post}};
    }
    if (segments.size() == 4) {
        return {route_id::request, segments[3], {v::get}};
    }
    if (segments.size() == 5 && segments[4] == "actions") {
        return {route_id::actions, segments[3], {v::post}};
    }
    if (segments.size() == 5 && segments[4] == "events") {
        return {route_id::events, segments[3], {v::get}};
    }
    return {};
}

std::string allow_header(const std::vector<http::verb>& methods) {
    std::string out;
    for (auto m : methods) {
        if (!out.empty()) {
            out += ", ";
        }
        out += std::string(http::to_string(m));
    }
    return out;
}

std::optional<domain::actor> authenticate(services& svc, const request_t& req) {
    const auto header = req[http::field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    if (header.size() <= scheme.size() || header.substr(0, scheme.size()) != scheme) {
        return std::nullopt;
    }
    return svc.reads.actor_by_token_hash(app::token_hash(header.substr(scheme.size())));
}

// Checks the media type and parses a JSON object body; returns the response to send instead when it cannot.
std::optional<response_t> read_json_object(const request_t& req, json::object& out) {
    const auto type = req[http::field::content_type];
    const auto base = type.substr(0, type.find(';'));
    if (base != "application/json") {
        return error_for(req, http::status::unsupported_media_type, "unsupported_media_type",
                         "send the body as Content-Type: application/json");
    }
    boost::system::error_code ec;
    json::value value = json::parse(req.body(), ec);
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

json::object request_json(services& svc, const domain::actor& who, const domain::request& job) {
    return request_to_json(job, app::next_actions(svc.reads, who, job, svc.clock.now()));
}

net::awaitable<response_t> create_request(services& svc, const request_t& req, const domain::actor& who) {
    json::object body;
    if (auto bad = read_json_object(req, body)) {
        co_return std::move(*bad);
    }
    auto cmd = parse_report(body);
    if (!cmd) {
        co_return problem_response(req, cmd.error());
    }
    std::optional<app::outcome<domain::request>> result;
    const auto now = svc.clock.now();
    co_await run_on_writer(svc.writes, [&result, &who, &cmd, now](app::write_tx& tx) {
        result = app::report_request(tx, who, *cmd, now);
        return result->has_value();
    });
    if (!*result) {
        co_return problem_response(req, result->error());
    }
    const domain::request& job = **result;
    auto res = json_response(req, http::status::created, request_json(svc, who, job));
    res.set(http::field::location, "/api/v1/requests/" + job.reference);
    co_return res;
}

net::awaitable<response_t> act_on_request(services& svc, const request_t& req, const domain::actor& who,
                                          std::string reference) {
    json::object body;
    if (auto bad = read_json_object(req, body)) {
        co_return std::move(*bad);
    }
    auto cmd = parse_action(body);
    if (!cmd) {
        co_return problem_response(req, cmd.error());
    }
    std::optional<app::outcome<domain::request>> result;
    const auto now = svc.clock.now();
    co_await run_on_writer(svc.writes, [&result, &who, &cmd, &reference, now](app::write_tx& tx) {
        result = app::apply_action(tx, who, reference, *cmd, now);
        return result->has_value();
    });
    if (!*result) {
        co_return problem_response(req, result->error());
    }
    co_return json_response(req, http::status::ok, request_json(svc, who, **result));
}

response_t list_requests(services& svc, const request_t& req, const domain::actor& who,
                         const boost::urls::url_view& url) {
    app::list_query q;
    q.status = query_param(url, "status");
    q.priority = query_param(url, "priority");
    q.category = query_param(url, "category");
    q.contractor_id = query_param(url, "contractor_id");
    q.uprn = query_param(url, "uprn");
    q.limit = query_param(url, "limit");
    q.cursor = query_param(url, "cursor");
    auto page = app::list_requests(svc.reads, who, q);
    if (!page) {
        return problem_response(req, page.error());
    }
    json::array items;
    for (const auto& job : page->items) {
        items.push_back(request_json(svc, who, job));
    }
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr);
    return json_response(req, http::status::ok, out);
}

response_t get_events(services& svc, const request_t& req, const domain::actor& who,
                      std::string_view reference) {
    auto events = app::request_events(svc.reads, who, reference);
    if (!events) {
        return problem_response(req, events.error());
    }
    json::array items;
    for (const auto& e : *events) {
        items.push_back(event_to_json(e, who.who != domain::role::tenant));
    }
    return json_response(req, http::status::ok, json::object{{"items", std::move(items)}});
}

net::awaitable<response_t> dispatch(services& svc, const request_t& req) {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url) {
        co_return error_for(req, http::status::bad_request, "bad_request",
                            "the request target is not a valid URL");
    }
    const route r = match(url->path());
    if (r.id == route_id::none) {
        co_return error_for(req, http::status::not_found, "not_found", "no such resource");
    }
    if (std::find(r.methods.begin(), r.methods.end(), req.method()) == r.methods.end()) {
        auto res = error_for(req, http::status::method_not_allowed, "method_not_allowed",
                             "use " + allow_header(r.methods));
        res.set(http::field::allow, allow_header(r.methods));
        co_return res;
    }
    if (r.id == route_id::healthz) {
        co_return json_response(req, http::status::ok, json::object{{"status", "ok"}});
    }
    const auto who = authenticate(svc, req);
    if (!who) {
        auto res = error_for(req, http::status::unauthorized, "unauthorized",
                             "send a valid API token as Authorization: Bearer <token>");
        res.set(http::field::www_authenticate, "Bearer");
        co_return res;
    }
    switch (r.id) {
    case route_id::me:
        co_return json_response(req, http::status::ok, actor_to_json(*who));
    case route_id::requests:
        if (req.method() == http::verb::post) {
            co_return co_await create_request(svc, req, *who);
        }
        co_return list_requests(svc, req, *who, *url);
    case route_id::request: {
        auto job = app::get_request(svc.reads, *who, r.reference);
        if (!job) {
            co_return problem_response(req, job.error());
        }
        co_return json_response(req, http::status::ok, request_json(svc, *who, *job));
    }
    case route_id::actions:
        co_return co_await act_on_request(svc, req, *who, r.reference);
    case route_id::events:
        co_return get_events(svc, req, *who, r.reference);
    case route_id::healthz:
    case route_id::none:
        break;
    }
    co_return error_for(req, http::status::not_found, "not_found", "no such resource");
}

} // namespace

response_t error_response(unsigned version, http::status status, std::string_view code,
                          std::string_view message) {
    request_t req{http::verb::get, "/", version};
    auto res = error_for(req, status, code, message);
    res.keep_alive(false);
    return res;
}

net::awaitable<response_t> handle_request(services& svc, request_t req) {
    const std::uint64_t id = svc.next_request_id.fetch_add(1, std::memory_order_relaxed);
    std::optional<response_t> res;
    try {
        res = co_await dispatch(svc, req);
    } catch (const std::exception& e) {
        std::cerr << "request " << id << " " << req.method_string() << " " << req.target()
                  << " failed: " << e.what() << std::endl;
    }
    if (!res) {
        res = error_for(req, http::status::internal_server_error, "internal",
                        "something went wrong on our side; quote request id " + std::to_string(id));
    }
    res->set("X-Request-Id", std::to_string(id));
    if (req.method() == http::verb::head) {
        res->body().clear();
    }
    co_return std::move(*res);
}

} // namespace mend::http_api
