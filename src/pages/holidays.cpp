// The Bank holidays page: the calendar working-day deadlines count on, and for admins a form to add the next
// year's bank holidays or the landlord's own closure days (app/holidays.hpp).
#include "app/holidays.hpp"

#include "http/offload.hpp"
#include "pages/pages.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace mend::pages {

namespace net = boost::asio;

namespace {

bool may_read(const context& ctx) {
    return ctx.svc.time != nullptr && ctx.svc.time->holidays != nullptr &&
           (ctx.who->role == domain::role::admin || ctx.who->role == domain::role::officer);
}

// Every holiday from the start of this year, with the names an admin gave; the built-in ones are named by
// their calendar.
mlist holiday_rows(const context& ctx, domain::date from) {
    const auto& cal = ctx.svc.time->settings.calendar;
    const auto added = ctx.svc.time->holidays->added_holidays();
    mlist rows;
    for (const auto day : cal.holidays()) {
        if (day < from) {
            continue;
        }
        std::string name = cal.name() + " bank holiday";
        for (const auto& h : added.days) {
            if (h.day == day) {
                name = h.name;
            }
        }
        mdata row;
        row.set("date", domain::uk_weekday_date_words(domain::uk_start_of_day(day)));
        row.set("name", name);
        rows.push_back(row);
    }
    return rows;
}

response_t holidays_page(context& ctx, http::status status, const app::holidays_form& in,
                         const form_errors& errors) {
    const auto& cal = ctx.svc.time->settings.calendar;
    const auto this_year = std::chrono::year_month_day{domain::uk_local_date(ctx.svc.clock.now())}.year();
    mdata body = page_data(ctx);
    body.set("calendar", cal.name());
    body.set("covered_until", domain::uk_date_words(domain::uk_start_of_day(cal.covered_until())));
    body.set("from_year", std::to_string(static_cast<int>(this_year)));
    body.set("table_rows", holiday_rows(ctx, std::chrono::sys_days{this_year / std::chrono::January / 1}));
    body.set("admin", ctx.who->role == domain::role::admin);
    auto dates = field("dates", "dates", "Dates", in.dates, errors,
                       "One a line: the date, then its name. For example, 2029-01-01 New Year's Day");
    dates.set("rows", "8");
    body.set("f_dates", dates);
    body.set("f_year",
             field("year", "year", "Year (optional)", in.year, errors,
                   "If these are all of one year's bank holidays, enter the year: the calendar then "
                   "covers to its end"));
    return page(ctx, status, "Bank holidays", "holidays", body, &errors);
}

net::awaitable<response_t> holidays(context& ctx) {
    if (!may_read(ctx)) {
        co_return not_found_page(ctx);
    }
    co_return holidays_page(ctx, http::status::ok, {}, {});
}

net::awaitable<response_t> add_holidays(context& ctx) {
    if (!may_read(ctx) || ctx.who->role != domain::role::admin) {
        co_return not_found_page(ctx);
    }
    const app::holidays_form in{form_value(ctx.fields, "year"), form_value(ctx.fields, "dates")};
    const auto now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::add_holidays, *ctx.who, in, now);
    if (!result) {
        form_errors errors;
        errors.add(result.error().field.empty() ? "dates" : result.error().field, result.error().message);
        co_return holidays_page(ctx, http::status::unprocessable_entity, in, errors);
    }
    app::apply_holidays(ctx.svc.time->settings.calendar, *result);
    co_return redirect(ctx, "/holidays");
}

} // namespace

void add_holiday_pages(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/holidays", access::session, holidays});
    table.add({v::post, "/holidays", access::session, add_holidays});
}

} // namespace mend::pages
