#include "http/router.hpp"

#include "app/accounts/tokens.hpp"
#include "http/responses.hpp"
#include "http/route_table.hpp"
#include "http/security_headers.hpp"
#include "log/log.hpp"

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <chrono>

namespace mend::http {

namespace net = boost::asio;
namespace http = boost::beast::http;

namespace {

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

// Sets `pattern` to the route's pattern once one matches (for the access log, which names the route rather
// than the path: a tracking link's path is its secret), and `rest` to the handler's streamed body, if any.
net::awaitable<response_t> dispatch(services& svc, const request_t& req, net::ip::address peer,
                                    std::string_view& pattern, std::unique_ptr<body_source>& rest) {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url) {
        co_return error_for(req, http::status::bad_request, "bad_request",
                            "the request target is not a valid URL");
    }
    const auto m = svc.routes->match(req.method(), url->path());
    if (m.found == nullptr) {
        if (m.methods.empty()) {
            co_return error_for(req, http::status::not_found, "not_found", "no such resource");
        }
        auto res = error_for(req, http::status::method_not_allowed, "method_not_allowed",
                             "use " + allow_header(m.methods));
        res.set(http::field::allow, allow_header(m.methods));
        co_return res;
    }
    pattern = m.found->pattern;
    context ctx{svc, req, *url, m.params, std::nullopt};
    ctx.peer = peer;
    if (m.found->access == access::session) {
        const auto gate = svc.routes->gate();
        if (gate == nullptr) {
            co_return error_for(req, http::status::not_found, "not_found", "no such resource");
        }
        if (auto refused = gate(ctx)) {
            co_return std::move(*refused);
        }
    }
    if (m.found->access == access::bearer) {
        ctx.who = authenticate(svc, req);
        if (!ctx.who) {
            auto res = error_for(req, http::status::unauthorized, "unauthorized",
                                 "send a valid API token as Authorization: Bearer <token>");
            res.set(http::field::www_authenticate, "Bearer");
            co_return res;
        }
    }
    auto res = co_await m.found->run(ctx);
    rest = std::move(ctx.rest);
    co_return res;
}

std::optional<domain::actor> caller_of(services& svc, const route& r, const request_t& header) {
    switch (r.access) {
    case access::bearer:
        return authenticate(svc, header);
    case access::session: {
        const auto lookup = svc.routes->caller();
        return lookup == nullptr ? std::nullopt : lookup(svc, header);
    }
    case access::open:
        break;
    }
    return std::nullopt;
}

response_t internal_error(const request_t& req, std::uint64_t id) {
    return error_for(req, http::status::internal_server_error, "internal",
                     "something went wrong on our side; quote request id " + std::to_string(id));
}

void log_failure(std::uint64_t id, const request_t& req, std::string_view what) {
    log::error("request failed", {{"request_id", id},
                                  {"method", std::string_view(req.method_string())},
                                  {"target", std::string_view(req.target())},
                                  {"error", what}});
}

// Nothing was saved and the client may try again: 503, with a hint of when.
response_t storage_unavailable_response(const request_t& req) {
    auto res = error_for(req, http::status::service_unavailable, "storage_unavailable",
                         "the database cannot save changes at the moment (its disk is full or read-only); "
                         "nothing was saved, try again later");
    res.set(http::field::retry_after, "30");
    return res;
}

// One line per request answered: the route's pattern, or the path (without its query) when none matched.
void log_access(std::uint64_t id, const request_t& req, std::string_view pattern, const response_t& res,
                std::chrono::steady_clock::duration elapsed) {
    const std::string_view target = req.target();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    log::info("request", {{"request_id", id},
                          {"method", std::string_view(req.method_string())},
                          pattern.empty() ? log::field("path", target.substr(0, target.find('?')))
                                          : log::field("route", pattern),
                          {"status", res.result_int()},
                          {"duration_us", micros},
                          {"bytes", res.body().size()}});
}

} // namespace

admission admit(services& svc, const request_t& header) {
    admission out{svc.body_limit, svc.body_limit, true};
    auto url = boost::urls::parse_origin_form(header.target());
    if (!url) {
        return out;
    }
    const auto m = svc.routes->match(header.method(), url->path());
    if (m.found == nullptr || m.found->access == access::open) {
        return out;
    }
    const auto who = caller_of(svc, *m.found, header);
    out.caller_known = who.has_value();
    out.route_limit = std::max(svc.body_limit, m.found->body_limit);
    if (const auto answer = svc.routes->too_large(); answer != nullptr && m.found->body_limit != 0) {
        out.too_large_page = [&svc, answer, target = std::string(header.target())](unsigned version) {
            return answer(svc, version, target);
        };
    }
    if (who && m.found->uploaders.contains(who->role)) {
        out.body_limit = out.route_limit;
    }
    return out;
}

response_t error_response(unsigned version, http::status status, std::string_view code,
                          std::string_view message) {
    request_t req{http::verb::get, "/", version};
    auto res = error_for(req, status, code, message);
    set_security_headers(res);
    res.keep_alive(false);
    return res;
}

net::awaitable<answer> answer_request(services& svc, request_t req, net::ip::address peer) {
    const auto started = std::chrono::steady_clock::now();
    const std::uint64_t id = svc.next_request_id.fetch_add(1, std::memory_order_relaxed);
    std::optional<response_t> res;
    std::unique_ptr<body_source> rest;
    std::string_view pattern;
    try {
        res = co_await dispatch(svc, req, peer, pattern, rest);
    } catch (const app::storage_unavailable& e) {
        log::error("storage unavailable", {{"request_id", id}, {"error", e.what()}});
        res = storage_unavailable_response(req);
    } catch (const std::exception& e) {
        log_failure(id, req, e.what());
    }
    if (res && !headers_are_safe(*res)) {
        log_failure(id, req, "a header value carries CR, LF or (in Location) another control character");
        res.reset();
    }
    if (!res) {
        res = internal_error(req, id);
        rest.reset();
    }
    res->set("X-Request-Id", std::to_string(id));
    set_security_headers(*res);
    if (req.method() == http::verb::head) {
        res->body().clear();
        rest.reset();
    }
    const auto elapsed = std::chrono::steady_clock::now() - started;
    svc.metrics.observe(res->result_int(), elapsed);
    if (log::access_enabled()) {
        log_access(id, req, pattern, *res, elapsed);
    }
    co_return answer{std::move(*res), std::move(rest)};
}

net::awaitable<response_t> handle_request(services& svc, request_t req, net::ip::address peer) {
    auto out = co_await answer_request(svc, std::move(req), peer);
    if (out.rest) {
        for (auto piece = out.rest->next(); !piece.empty(); piece = out.rest->next()) {
            out.res.body() += piece;
        }
        out.res.prepare_payload();
    }
    co_return std::move(out.res);
}

} // namespace mend::http
