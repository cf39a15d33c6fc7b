// Handlers of the JSON API for repair requests: parse, call one use case, map the result.
#include "app/jobs.hpp"

#include "api/json_clocks.hpp"
#include "api/json_mapping.hpp"
#include "api/routes.hpp"
#include "app/clocks.hpp"
#include "app/communal.hpp"
#include "http/offload.hpp"
#include "http/responses.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

namespace mend::api {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// A job as its caller is shown it; "target" and "clocks" only when the time services are on.
json::object view_json(const services& svc, const app::job_view& view, domain::instant now) {
    auto out = job_to_json(view.job, view.allowed_actions);
    if (svc.time != nullptr) {
        add_time_fields(out, view.clocks, now, svc.time->settings.at_risk_share);
    }
    return out;
}

// Jobs read for the caller with what they may do and their clocks, a page at a time.
std::vector<app::job_view> views(const context& ctx, std::vector<domain::job> jobs, domain::instant now) {
    app::clock_reads* clocks = ctx.svc.time != nullptr ? &ctx.svc.time->reads : nullptr;
    return app::views_of(ctx.svc.reads, clocks, *ctx.who, std::move(jobs), now);
}

net::awaitable<response_t> me(context& ctx) {
    co_return json_response(ctx.req, http::status::ok, actor_to_json(*ctx.who));
}

net::awaitable<response_t> healthz(context& ctx) {
    co_return json_response(ctx.req, http::status::ok, json::object{{"status", "ok"}});
}

net::awaitable<response_t> create_job(context& ctx) {
    json::object body;
    if (auto bad = read_json_object(ctx.req, body)) {
        co_return std::move(*bad);
    }
    auto cmd = parse_report(body);
    if (!cmd) {
        co_return problem_response(ctx.req, cmd.error());
    }
    const auto now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::report_job, *ctx.who, *cmd, now);
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    const app::job_view& view = *result;
    auto res = json_response(ctx.req, http::status::created, view_json(ctx.svc, view, now));
    res.set(http::field::location, "/api/v1/requests/" + view.job.reference);
    co_return res;
}

net::awaitable<response_t> act_on_job(context& ctx) {
    json::object body;
    if (auto bad = read_json_object(ctx.req, body)) {
        co_return std::move(*bad);
    }
    auto cmd = parse_action(body);
    if (!cmd) {
        co_return problem_response(ctx.req, cmd.error());
    }
    const auto now = ctx.svc.clock.now();
    const auto result =
        co_await http::write(ctx.svc.writes, app::apply_action, *ctx.who, ctx.params.at(0), *cmd, now);
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    co_return json_response(ctx.req, http::status::ok, view_json(ctx.svc, *result, now));
}

net::awaitable<response_t> list_jobs(context& ctx) {
    app::list_query q;
    q.status = query_param(ctx.url, "status");
    q.priority = query_param(ctx.url, "priority");
    q.category = query_param(ctx.url, "category");
    q.contractor_id = query_param(ctx.url, "contractor_id");
    q.uprn = query_param(ctx.url, "uprn");
    q.limit = query_param(ctx.url, "limit");
    q.cursor = query_param(ctx.url, "cursor");
    q.overdue = query_param(ctx.url, "overdue");
    auto page = app::list_jobs(ctx.svc.reads, *ctx.who, q);
    if (!page) {
        co_return problem_response(ctx.req, page.error());
    }
    const auto now = ctx.svc.clock.now();
    json::array items;
    for (const auto& view : views(ctx, std::move(page->items), now)) {
        items.push_back(view_json(ctx.svc, view, now));
    }
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr);
    co_return json_response(ctx.req, http::status::ok, out);
}

net::awaitable<response_t> get_job(context& ctx) {
    auto job = app::view_job(ctx.svc.reads, *ctx.who, ctx.params.at(0));
    if (!job) {
        co_return problem_response(ctx.req, job.error());
    }
    const auto now = ctx.svc.clock.now();
    const auto shown = views(ctx, {std::move(*job)}, now);
    co_return json_response(ctx.req, http::status::ok, view_json(ctx.svc, shown.front(), now));
}

net::awaitable<response_t> get_events(context& ctx) {
    auto events = app::job_events(ctx.svc.reads, *ctx.who, ctx.params.at(0));
    if (!events) {
        co_return problem_response(ctx.req, events.error());
    }
    json::array items;
    for (const auto& e : *events) {
        items.push_back(event_to_json(e, ctx.who->role != domain::role::tenant));
    }
    co_return json_response(ctx.req, http::status::ok, json::object{{"items", std::move(items)}});
}

} // namespace

void add_job_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/healthz", access::open, healthz});
    table.add({v::get, "/api/v1/me", access::bearer, me});
    table.add({v::get, "/api/v1/requests", access::bearer, list_jobs});
    table.add({v::post, "/api/v1/requests", access::bearer, create_job});
    table.add({v::get, "/api/v1/requests/{reference}", access::bearer, get_job});
    table.add({v::post, "/api/v1/requests/{reference}/actions", access::bearer, act_on_job});
    table.add({v::get, "/api/v1/requests/{reference}/events", access::bearer, get_events});
}

} // namespace mend::api
