// Handlers of the JSON API for clocks: parse, call one use case, map the result.
#include "app/clocks.hpp"

#include "api/json_clocks.hpp"
#include "api/routes.hpp"
#include "formats/reports.hpp"
#include "http/responses.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <map>

namespace mend::api {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

response_t not_wired(const request_t& req) {
    return error_for(req, http::status::not_found, "not_found", "clocks are not kept by this server");
}

net::awaitable<response_t> list_clocks(context& ctx) {
    if (ctx.svc.time == nullptr) {
        co_return not_wired(ctx.req);
    }
    app::clock_query q;
    q.state = query_param(ctx.url, "state");
    q.limit = query_param(ctx.url, "limit");
    q.cursor = query_param(ctx.url, "cursor");
    const auto now = ctx.svc.clock.now();
    const double share = ctx.svc.time->settings.at_risk_share;
    auto page = app::list_clocks(ctx.svc.time->reads, *ctx.who, q, now, share);
    if (!page) {
        co_return problem_response(ctx.req, page.error());
    }
    json::array items;
    for (const auto& row : page->items) {
        auto item = clock_to_json(row.clock, now, share);
        item["reference"] = row.reference;
        item["contractor_id"] = row.contractor_id ? json::value(*row.contractor_id) : json::value(nullptr);
        items.push_back(std::move(item));
    }
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr);
    co_return json_response(ctx.req, http::status::ok, out);
}

net::awaitable<response_t> rp02_report(context& ctx) {
    if (ctx.svc.time == nullptr) {
        co_return not_wired(ctx.req);
    }
    auto p = app::report_period(*ctx.who, query_param(ctx.url, "from"), query_param(ctx.url, "to"));
    if (!p) {
        co_return problem_response(ctx.req, p.error());
    }
    const auto report = app::rp02(ctx.svc.time->reports, *p, ctx.svc.time->settings);
    if (query_param(ctx.url, "format").value_or("") == "csv") {
        response_t res{http::status::ok, ctx.req.version()};
        res.set(http::field::content_type, "text/csv; charset=utf-8");
        res.set(http::field::cache_control, "no-store");
        res.body() = formats::rp02_to_csv(report);
        res.keep_alive(ctx.req.keep_alive());
        res.prepare_payload();
        co_return res;
    }
    co_return json_response(ctx.req, http::status::ok, formats::rp02_to_json(report));
}

// Prometheus text format. Open like /healthz: it holds counts only, for a scraper on the same network.
net::awaitable<response_t> metrics(context& ctx) {
    std::string body = ctx.svc.metrics.render();
    if (ctx.svc.time != nullptr) {
        body += "# HELP mend_jobs Repair jobs by status.\n# TYPE mend_jobs gauge\n";
        std::map<std::string, std::int64_t> counts;
        for (const auto& [status, n] : ctx.svc.time->reads.jobs_by_status()) {
            counts[status] = n;
        }
        for (auto name : domain::names<domain::status>::list) {
            const auto it = counts.find(std::string(name));
            body += "mend_jobs{status=\"" + std::string(name) + "\"} " +
                    std::to_string(it == counts.end() ? 0 : it->second) + "\n";
        }
        body += "# HELP mend_clocks Open clocks (targets and legal clocks) at risk or breached now.\n"
                "# TYPE mend_clocks gauge\n";
        app::clock_filter f;
        f.now = ctx.svc.clock.now();
        f.at_risk_share = ctx.svc.time->settings.at_risk_share;
        for (auto state : {domain::clock_state::at_risk, domain::clock_state::breached}) {
            f.state = state;
            body += "mend_clocks{state=\"" + std::string(domain::to_string(state)) + "\"} " +
                    std::to_string(ctx.svc.time->reads.count_clocks(f)) + "\n";
        }
    }
    if (ctx.svc.notices != nullptr) {
        body += "# HELP mend_notices Notices in the outbox by state.\n# TYPE mend_notices gauge\n";
        std::map<std::string, std::int64_t> counts;
        for (const auto& [state, n] : ctx.svc.notices->reads.notices_by_state()) {
            counts[state] = n;
        }
        for (auto state : {app::notice_state::standby, app::notice_state::pending, app::notice_state::sent,
                           app::notice_state::delivered, app::notice_state::failed, app::notice_state::dead,
                           app::notice_state::skipped}) {
            const std::string name(app::to_string(state));
            const auto it = counts.find(name);
            body += "mend_notices{state=\"" + name + "\"} " +
                    std::to_string(it == counts.end() ? 0 : it->second) + "\n";
        }
    }
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    co_return res;
}

} // namespace

void add_clock_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/api/v1/clocks", access::bearer, list_clocks});
    table.add({v::get, "/api/v1/reports/rp02", access::bearer, rp02_report});
    table.add({v::get, "/metrics", access::open, metrics});
}

} // namespace mend::api
