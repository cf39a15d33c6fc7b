// Handlers of the JSON API for complaints on the Complaint Handling Code: raising, the steps, the queue, one
// complaint with its clocks and history, and the Code's self-assessment figures.
#include "app/complaints.hpp"

#include "api/json_complaints.hpp"
#include "api/json_mapping.hpp"
#include "api/routes.hpp"
#include "formats/reports.hpp"

namespace mend::api {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

net::awaitable<response_t> not_kept(const request_t& req) {
    co_return error_for(req, http::status::not_found, "not_found", "complaints are not kept by this server");
}

// After a write, the complaint as a read shows it (with its history), so the caller sees what it did.
net::awaitable<response_t> answer_with(context& ctx, http::status status, const std::string& reference) {
    const auto detail = app::complaint_of(ctx.svc.complaints->reads, *ctx.who, reference);
    if (!detail) {
        co_return problem_response(ctx.req, detail.error());
    }
    const auto& settings = ctx.svc.complaints->settings;
    auto res = json_response(
        ctx.req, status,
        complaint_detail_to_json(*detail, *ctx.who, ctx.svc.clock.now(), settings.at_risk_share));
    if (status == http::status::created) {
        res.set(http::field::location, "/api/v1/complaints/" + reference);
    }
    co_return res;
}

net::awaitable<response_t> raise(context& ctx) {
    if (ctx.svc.complaints == nullptr) {
        co_return co_await not_kept(ctx.req);
    }
    json::object body;
    if (auto bad = read_json_object(ctx.req, body)) {
        co_return std::move(*bad);
    }
    auto in = parse_complaint(body);
    if (!in) {
        co_return problem_response(ctx.req, in.error());
    }
    const auto result = co_await http::write(ctx.svc.writes, app::raise_complaint, *ctx.svc.complaints,
                                             *ctx.who, *in, ctx.svc.clock.now());
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    co_return co_await answer_with(ctx, http::status::created, result->reference);
}

net::awaitable<response_t> act(context& ctx) {
    if (ctx.svc.complaints == nullptr) {
        co_return co_await not_kept(ctx.req);
    }
    json::object body;
    if (auto bad = read_json_object(ctx.req, body)) {
        co_return std::move(*bad);
    }
    auto in = parse_complaint_step(body);
    if (!in) {
        co_return problem_response(ctx.req, in.error());
    }
    const auto result = co_await http::write(ctx.svc.writes, app::act_on_complaint, *ctx.svc.complaints,
                                             *ctx.who, ctx.params.at(0), *in, ctx.svc.clock.now());
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    co_return co_await answer_with(ctx, http::status::ok, result->reference);
}

net::awaitable<response_t> show(context& ctx) {
    if (ctx.svc.complaints == nullptr) {
        co_return co_await not_kept(ctx.req);
    }
    co_return co_await answer_with(ctx, http::status::ok, ctx.params.at(0));
}

net::awaitable<response_t> list(context& ctx) {
    if (ctx.svc.complaints == nullptr) {
        co_return co_await not_kept(ctx.req);
    }
    app::complaint_query q;
    q.status = query_param(ctx.url, "status");
    q.job = query_param(ctx.url, "job");
    q.limit = query_param(ctx.url, "limit");
    q.cursor = query_param(ctx.url, "cursor");
    const auto page = app::list_complaints(ctx.svc.complaints->reads, *ctx.who, q);
    if (!page) {
        co_return problem_response(ctx.req, page.error());
    }
    const auto now = ctx.svc.clock.now();
    const double share = ctx.svc.complaints->settings.at_risk_share;
    json::array items;
    for (const auto& row : page->items) {
        auto o = complaint_to_json(row.complaint);
        o["running"] = row.running ? json::value(complaint_clock_to_json(*row.running, now, share))
                                   : json::value(nullptr);
        items.push_back(std::move(o));
    }
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr);
    co_return json_response(ctx.req, http::status::ok, std::move(out));
}

net::awaitable<response_t> figures(context& ctx) {
    if (ctx.svc.complaints == nullptr) {
        co_return co_await not_kept(ctx.req);
    }
    auto p = app::report_period(*ctx.who, query_param(ctx.url, "from"), query_param(ctx.url, "to"));
    if (!p) {
        co_return problem_response(ctx.req, p.error());
    }
    const auto f = app::complaint_figures(ctx.svc.complaints->reads, *ctx.who, *p);
    if (!f) {
        co_return problem_response(ctx.req, f.error());
    }
    co_return json_response(ctx.req, http::status::ok, formats::complaint_figures_to_json(*f));
}

} // namespace

void add_complaint_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/api/v1/complaints", access::bearer, list});
    table.add({v::post, "/api/v1/complaints", access::bearer, raise});
    table.add({v::get, "/api/v1/complaints/{reference}", access::bearer, show});
    table.add({v::post, "/api/v1/complaints/{reference}/actions", access::bearer, act});
    table.add({v::get, "/api/v1/reports/complaints", access::bearer, figures});
}

} // namespace mend::api
