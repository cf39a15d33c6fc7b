// Handlers of the notices API: a job's notices, the outbox, retries, the letter print queue, and GOV.UK
// Notify's delivery receipts. Parse, call one use case, map the result.
#include "app/notices/notices.hpp"

#include "api/json_notices.hpp"
#include "api/routes.hpp"
#include "domain/workflow.hpp"
#include "http/offload.hpp"
#include "http/responses.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <random>

namespace mend::api {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

response_t not_enabled(const request_t& req) {
    return error_for(req, http::status::not_found, "not_found", "notices are not enabled in this server");
}

// Reads the notice id of the path; refused when notices are off or it is not an id (`missing` says of what).
std::optional<response_t> read_notice_id(const context& ctx, std::optional<app::id_t>& id,
                                         const char* missing) {
    if (ctx.svc.notices == nullptr) {
        return not_enabled(ctx.req);
    }
    id = parse_id(ctx.params.at(0));
    if (!id) {
        return error_for(ctx.req, http::status::not_found, "not_found", missing);
    }
    return std::nullopt;
}

double jitter() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(random);
}

net::awaitable<response_t> job_notices(context& ctx) {
    if (ctx.svc.notices == nullptr) {
        co_return not_enabled(ctx.req);
    }
    auto found = app::notices_of_job(ctx.svc.reads, ctx.svc.notices->reads, *ctx.who, ctx.params.at(0));
    if (!found) {
        co_return problem_response(ctx.req, found.error());
    }
    const bool staff = domain::is_staff(ctx.who->role);
    json::array items;
    for (const auto& n : found->items) {
        items.push_back(notice_to_json(n, staff));
    }
    json::object out{{"items", std::move(items)}};
    if (staff) {
        json::array alerts;
        for (const auto& a : found->alerts) {
            alerts.push_back(alert_to_json(a));
        }
        out["alerts"] = std::move(alerts);
    }
    co_return json_response(ctx.req, http::status::ok, out);
}

net::awaitable<response_t> list_notices(context& ctx) {
    if (ctx.svc.notices == nullptr) {
        co_return not_enabled(ctx.req);
    }
    app::notice_query q;
    q.state = query_param(ctx.url, "state");
    q.channel = query_param(ctx.url, "channel");
    q.limit = query_param(ctx.url, "limit");
    q.cursor = query_param(ctx.url, "cursor");
    auto page = app::list_notices(ctx.svc.notices->reads, *ctx.who, q);
    if (!page) {
        co_return problem_response(ctx.req, page.error());
    }
    json::array items;
    for (const auto& n : page->items) {
        items.push_back(notice_to_json(n, true));
    }
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr);
    co_return json_response(ctx.req, http::status::ok, out);
}

net::awaitable<response_t> get_notice(context& ctx) {
    std::optional<app::id_t> id;
    if (auto refused = read_notice_id(ctx, id, "no such notice")) {
        co_return std::move(*refused);
    }
    auto found = app::notice_detail(ctx.svc.notices->reads, *ctx.who, *id);
    if (!found) {
        co_return problem_response(ctx.req, found.error());
    }
    json::object out = notice_to_json(found->first, true);
    json::array attempts;
    for (const auto& a : found->second) {
        attempts.push_back(attempt_to_json(a));
    }
    out["attempt_log"] = std::move(attempts);
    co_return json_response(ctx.req, http::status::ok, out);
}

net::awaitable<response_t> retry_notice(context& ctx) {
    std::optional<app::id_t> id;
    if (auto refused = read_notice_id(ctx, id, "no such notice")) {
        co_return std::move(*refused);
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::retry_notice, *ctx.who, *id, now);
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    if (ctx.svc.notices->wake) {
        ctx.svc.notices->wake();
    }
    co_return json_response(ctx.req, http::status::ok, notice_to_json(*result, true));
}

net::awaitable<response_t> list_letters(context& ctx) {
    if (ctx.svc.notices == nullptr) {
        co_return not_enabled(ctx.req);
    }
    const auto state = query_param(ctx.url, "state").value_or("queued");
    if (state != "queued" && state != "posted") {
        co_return problem_response(ctx.req, app::invalid("state", "state must be queued or posted"));
    }
    app::notice_query q;
    q.state = state == "queued" ? "sent" : "delivered";
    q.channel = "letter";
    q.limit = query_param(ctx.url, "limit");
    q.cursor = query_param(ctx.url, "cursor");
    auto page = app::list_notices(ctx.svc.notices->reads, *ctx.who, q);
    if (!page) {
        co_return problem_response(ctx.req, page.error());
    }
    json::array items;
    for (const auto& n : page->items) {
        items.push_back(json::object{{"id", n.id},
                                     {"reference", n.reference},
                                     {"event", n.event},
                                     {"recipient_name", n.recipient_name},
                                     {"address", n.address},
                                     {"subject", n.subject},
                                     {"state", state},
                                     {"queued_at", iso_or_null(n.updated_at)},
                                     {"html", "/api/v1/letters/" + std::to_string(n.id)}});
    }
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr);
    co_return json_response(ctx.req, http::status::ok, out);
}

net::awaitable<response_t> get_letter(context& ctx) {
    if (ctx.svc.notices == nullptr) {
        co_return not_enabled(ctx.req);
    }
    const auto id = parse_id(ctx.params.at(0));
    auto found = id ? app::notice_detail(ctx.svc.notices->reads, *ctx.who, *id)
                    : app::outcome<std::pair<app::notice_record, std::vector<app::attempt_record>>>(
                          app::problem{app::errc::not_found, "no such letter", "", {}});
    if (!found) {
        co_return problem_response(ctx.req, found.error());
    }
    if (found->first.channel != "letter") {
        co_return error_for(ctx.req, http::status::not_found, "not_found", "no such letter");
    }
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.keep_alive(ctx.req.keep_alive());
    res.body() = ctx.svc.notices->print ? ctx.svc.notices->print(found->first) : found->first.body;
    res.prepare_payload();
    co_return res;
}

net::awaitable<response_t> letter_posted(context& ctx) {
    std::optional<app::id_t> id;
    if (auto refused = read_notice_id(ctx, id, "no such letter")) {
        co_return std::move(*refused);
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::mark_letter_posted, *ctx.who, *id, now);
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    co_return json_response(ctx.req, http::status::ok, notice_to_json(*result, true));
}

bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

// GOV.UK Notify's delivery receipt: {"id", "reference", "status", ...}, with the callback bearer token.
net::awaitable<response_t> notify_receipt(context& ctx) {
    if (ctx.svc.notices == nullptr || ctx.svc.notices->callback_token.empty()) {
        co_return error_for(ctx.req, http::status::not_found, "not_found", "no such resource");
    }
    const auto header = ctx.req[http::field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    if (header.substr(0, scheme.size()) != scheme ||
        !same_secret(header.substr(scheme.size()), ctx.svc.notices->callback_token)) {
        auto res = error_for(ctx.req, http::status::unauthorized, "unauthorized",
                             "send the callback token as Authorization: Bearer <token>");
        res.set(http::field::www_authenticate, "Bearer");
        co_return res;
    }
    boost::system::error_code ec;
    const json::value body = json::parse(ctx.req.body(), ec);
    if (ec || !body.is_object()) {
        co_return error_for(ctx.req, http::status::bad_request, "bad_json", "the body must be a JSON object");
    }
    const auto text = [&body](const char* key) {
        const auto* v = body.as_object().if_contains(key);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    const std::string provider_id = text("id");
    const std::string reference = text("reference");
    const std::string status = text("status");
    app::receipt_status st = app::receipt_status::in_progress;
    if (status == "delivered") {
        st = app::receipt_status::delivered;
    } else if (status == "permanent-failure") {
        st = app::receipt_status::permanent_failure;
    } else if (status == "temporary-failure" || status == "technical-failure") {
        st = app::receipt_status::temporary_failure;
    }
    const std::string detail = "Notify: " + status;
    const double j = jitter();
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::apply_receipt, provider_id, reference, st,
                                             detail, ctx.svc.notices->retry, j, now);
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    if (ctx.svc.notices->wake) {
        ctx.svc.notices->wake();
    }
    co_return json_response(ctx.req, http::status::ok, json::object{{"state", app::to_string(*result)}});
}

} // namespace

void add_notice_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/api/v1/requests/{reference}/notices", access::bearer, job_notices});
    table.add({v::get, "/api/v1/notices", access::bearer, list_notices});
    table.add({v::get, "/api/v1/notices/{id}", access::bearer, get_notice});
    table.add({v::post, "/api/v1/notices/{id}/retry", access::bearer, retry_notice});
    table.add({v::get, "/api/v1/letters", access::bearer, list_letters});
    table.add({v::get, "/api/v1/letters/{id}", access::bearer, get_letter});
    table.add({v::post, "/api/v1/letters/{id}/posted", access::bearer, letter_posted});
    table.add({v::post, "/api/v1/notify/receipts", access::open, notify_receipt});
}

} // namespace mend::api
