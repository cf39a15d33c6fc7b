// Handlers of the JSON API for clocks: parse, call one use case, map the result.
#include "app/clocks.hpp"

#include "api/json_clocks.hpp"
#include "api/routes.hpp"
#include "app/accounts/web.hpp"
#include "formats/reports.hpp"
#include "http/offload.hpp"
#include "http/responses.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <malloc.h>

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
    // Seconds at a million jobs: on a worker, so the HTTP thread goes on answering everyone else meanwhile;
    // the answer's text is written there too, and the report freed before it is sent.
    const bool csv = query_param(ctx.url, "format").value_or("") == "csv";
    std::string body;
    // It holds tens of MB at a million jobs, freed in small pieces that glibc keeps in the worker's heap
    // (the server's RSS stayed 80 MB up after it, measured): malloc_trim gives them back.
    const auto compute = [&body, csv, &reads = ctx.svc.time->reports, &period = *p,
                          &settings = ctx.svc.time->settings] {
        {
            const auto report = app::rp02(reads, period, settings);
            body = csv ? formats::rp02_to_csv(report) : formats::rp02_to_json(report);
        }
        malloc_trim(0);
    };
    if (ctx.svc.web != nullptr) {
        co_await http::run_blocking(ctx.svc.web->workers, compute);
    } else {
        compute();
    }
    if (csv) {
        co_return http::csv_response(ctx.req, std::move(body));
    }
    co_return http::json_text_response(ctx.req, http::status::ok, std::move(body));
}

void render_gauges(std::string& body, std::string_view name, std::string_view help, std::string_view label,
                   const app::counts& values) {
    if (values.empty()) {
        return;
    }
    body += "# HELP " + std::string(name) + " " + std::string(help) + "\n# TYPE " + std::string(name) +
            " gauge\n";
    for (const auto& [key, n] : values) {
        body +=
            std::string(name) + "{" + std::string(label) + "=\"" + key + "\"} " + std::to_string(n) + "\n";
    }
}

// Days from today (UK) to the last date the bank holiday calendar covers; negative once it has run out. Alert
// on it falling below 365.
void render_calendar_days_left(std::string& body, const domain::holiday_calendar& cal, domain::instant now) {
    const auto left = (cal.covered_until() - domain::uk_local_date(now)).count();
    body +=
        "# HELP mend_calendar_days_left Days until the bank holiday calendar runs out; after it, working-day "
        "deadlines count bank holidays as working days.\n# TYPE mend_calendar_days_left gauge\n"
        "mend_calendar_days_left " +
        std::to_string(left) + "\n";
}

// The cached gauges; when a change committed since they were gathered, first waits (on a timer, never
// scanning here) up to a second for the gauge loop to gather them again.
net::awaitable<std::shared_ptr<const app::gauges>> current_gauges(app::gauge_cache* cache) {
    if (cache == nullptr) {
        co_return nullptr;
    }
    if (cache->stale()) {
        cache->refresh();
        net::steady_timer timer(co_await net::this_coro::executor);
        for (int waited = 0; waited < 200 && cache->stale(); ++waited) {
            timer.expires_after(std::chrono::milliseconds(5));
            co_await timer.async_wait(net::as_tuple(net::use_awaitable));
        }
    }
    co_return cache->latest().values;
}

bool scraper_allowed(const context& ctx) {
    const auto& token = ctx.svc.metrics_token;
    if (token.empty()) {
        return true;
    }
    const auto header = ctx.req[http::field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    return header.substr(0, scheme.size()) == scheme && app::same_secret(header.substr(scheme.size()), token);
}

// Prometheus text format. Open like /healthz unless [server] metrics_token is set: it holds counts only.
net::awaitable<response_t> metrics(context& ctx) {
    if (!scraper_allowed(ctx)) {
        auto res = error_for(ctx.req, http::status::unauthorized, "unauthorized",
                             "send the metrics token as Authorization: Bearer <token>");
        res.set(http::field::www_authenticate, "Bearer");
        co_return res;
    }
    const auto gauges = co_await current_gauges(ctx.svc.gauges);
    std::string body = ctx.svc.metrics.render();
    if (gauges) {
        render_gauges(body, "mend_jobs", "Repair jobs by status.", "status", gauges->jobs_by_status);
        render_gauges(body, "mend_clocks", "Open clocks (targets and legal clocks) at risk or breached now.",
                      "state", gauges->clocks_by_state);
        render_gauges(body, "mend_notices", "Notices in the outbox by state.", "state",
                      gauges->notices_by_state);
    }
    if (ctx.svc.time != nullptr) {
        render_calendar_days_left(body, ctx.svc.time->settings.calendar, ctx.svc.clock.now());
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
