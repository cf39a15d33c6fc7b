// Handlers of the JSON API for the Tenant Satisfaction Measures: importing perception-survey responses (CSV)
// and TP01-TP03 over a period.
#include "app/surveys.hpp"

#include "api/routes.hpp"
#include "formats/reports.hpp"

namespace mend::api {

namespace net = boost::asio;

namespace {

// A survey firm's export of a few thousand responses is well under this.
constexpr std::size_t survey_body_limit = std::size_t{8} * 1024 * 1024;

net::awaitable<response_t> import_survey_responses(context& ctx) {
    const auto type = ctx.req[http::field::content_type];
    if (type.substr(0, type.find(';')) != "text/csv") {
        co_return error_for(ctx.req, http::status::unsupported_media_type, "unsupported_media_type",
                            "send the survey responses as Content-Type: text/csv");
    }
    const auto result = co_await http::write(ctx.svc.writes, app::import_surveys, *ctx.who,
                                             std::string(ctx.req.body()), ctx.svc.clock.now());
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    co_return json_response(ctx.req, http::status::ok,
                            boost::json::object{{"rows", result->rows},
                                                {"added", result->added},
                                                {"replaced", result->rows - result->added}});
}

net::awaitable<response_t> tsm_report(context& ctx) {
    if (ctx.svc.time == nullptr) {
        co_return error_for(ctx.req, http::status::not_found, "not_found",
                            "reports are not kept by this server");
    }
    auto p = app::report_period(*ctx.who, query_param(ctx.url, "from"), query_param(ctx.url, "to"));
    if (!p) {
        co_return problem_response(ctx.req, p.error());
    }
    const auto report = app::tsm(ctx.svc.time->reports, *p);
    if (query_param(ctx.url, "format").value_or("") == "csv") {
        co_return http::csv_response(ctx.req, formats::tsm_to_csv(report));
    }
    co_return json_response(ctx.req, http::status::ok, formats::tsm_to_json(report));
}

} // namespace

void add_survey_routes(route_table& table) {
    using v = http::verb;
    table.add({v::post,
               "/api/v1/surveys",
               access::bearer,
               import_survey_responses,
               survey_body_limit,
               {domain::role::officer, domain::role::admin}});
    table.add({v::get, "/api/v1/reports/tsm", access::bearer, tsm_report});
}

} // namespace mend::api
