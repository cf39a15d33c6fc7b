#include "domain/calendar.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace mend::domain {

namespace {

using namespace std::chrono;

date last_sunday(year y, month m) {
    const sys_days last{y / m / std::chrono::last};
    return last - (weekday{last} - Sunday);
}

date d(int y, unsigned m, unsigned dd) {
    return sys_days{year{y} / month{m} / day{dd}};
}

std::string two_digits(unsigned n) {
    std::string out = std::to_string(n);
    if (n < 10) {
        out.insert(out.begin(), '0');
    }
    return out;
}

} // namespace

std::optional<date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    int y = 0;
    unsigned m = 0, dd = 0;
    const auto num = [](std::string_view part, auto& out) {
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc{} && ptr == part.data() + part.size();
    };
    if (!num(text.substr(0, 4), y) || !num(text.substr(5, 2), m) || !num(text.substr(8, 2), dd)) {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{m}, day{dd}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return sys_days{ymd};
}

std::string format_date(date dd) {
    const year_month_day ymd{dd};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

seconds uk_offset(instant t) {
    const year y = year_month_day{floor<days>(t)}.year();
    const instant starts = last_sunday(y, March) + hours{1};
    const instant ends = last_sunday(y, October) + hours{1};
    return t >= starts && t < ends ? seconds{hours{1}} : seconds{0};
}

uk_time uk_local_time(instant t) {
    return uk_time{(t + uk_offset(t)).time_since_epoch()};
}

instant from_uk_local_time(uk_time local) {
    // Read as if it were UTC, the offset an hour earlier is on the same side of any change at 01:00 UTC as
    // the instant itself, except in the hour skipped or repeated, which this takes as GMT.
    const instant as_utc{local.time_since_epoch()};
    return as_utc - uk_offset(as_utc - hours{1});
}

std::optional<instant> parse_uk_date_time(std::string_view date_text, std::string_view time_text) {
    const auto parsed_day = parse_date(date_text);
    unsigned h = 0, mi = 0;
    const auto number = [](std::string_view part, unsigned& out) {
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc{} && ptr == part.data() + part.size();
    };
    if (!parsed_day || time_text.size() != 5 || time_text[2] != ':' || !number(time_text.substr(0, 2), h) ||
        !number(time_text.substr(3, 2), mi) || h > 23 || mi > 59) {
        return std::nullopt;
    }
    return from_uk_local_time(uk_time{(*parsed_day + hours{h} + minutes{mi}).time_since_epoch()});
}

date uk_local_date(instant t) {
    return date{floor<days>(uk_local_time(t)).time_since_epoch()};
}

instant uk_start_of_day(date d) {
    return from_uk_local_time(uk_time{d.time_since_epoch()});
}

std::string_view month_name(month m) {
    static constexpr std::array<std::string_view, 12> names{"January",   "February", "March",    "April",
                                                            "May",       "June",     "July",     "August",
                                                            "September", "October",  "November", "December"};
    return names.at(static_cast<unsigned>(m) - 1);
}

std::string_view weekday_name(weekday d) {
    static constexpr std::array<std::string_view, 7> names{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                           "Thursday", "Friday", "Saturday"};
    return names.at(d.c_encoding());
}

std::string uk_date_words(instant t) {
    const year_month_day ymd{uk_local_date(t)};
    std::string out = std::to_string(static_cast<unsigned>(ymd.day()));
    out.append(" ").append(month_name(ymd.month())).append(" ");
    return out.append(std::to_string(static_cast<int>(ymd.year())));
}

std::string uk_weekday_date_words(instant t) {
    std::string out(weekday_name(weekday{uk_local_date(t)}));
    return out.append(" ").append(uk_date_words(t));
}

std::string uk_time_words(instant t) {
    const auto local = uk_local_time(t);
    const hh_mm_ss hms{floor<minutes>(local - floor<days>(local))};
    const auto h = static_cast<unsigned>(hms.hours().count());
    const auto m = static_cast<unsigned>(hms.minutes().count());
    if (m == 0 && (h == 0 || h == 12)) {
        return h == 0 ? "midnight" : "midday";
    }
    std::string out = std::to_string(h % 12 == 0 ? 12 : h % 12);
    if (m != 0) {
        out.append(":").append(two_digits(m));
    }
    return out.append(h < 12 ? "am" : "pm");
}

std::string uk_date_time_words(instant t) {
    return uk_date_words(t) + ", " + uk_time_words(t);
}

std::string uk_slot_words(instant start, instant end) {
    std::string out = uk_date_time_words(start) + " to " + uk_time_words(end);
    if (uk_local_date(end) != uk_local_date(start)) {
        out.append(" on ").append(uk_date_words(end));
    }
    return out;
}

std::string uk_clock_time(instant t) {
    const auto local = uk_local_time(t);
    const hh_mm_ss hms{floor<minutes>(local - floor<days>(local))};
    return two_digits(static_cast<unsigned>(hms.hours().count())) + ":" +
           two_digits(static_cast<unsigned>(hms.minutes().count()));
}

namespace {

std::vector<date> sorted_unique(std::vector<date> all) {
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

date end_of_year(std::chrono::year y) {
    return sys_days{y / December / 31};
}

} // namespace

holiday_calendar::holiday_calendar()
    : holiday_calendar(std::string{}) {}

holiday_calendar::holiday_calendar(std::string name, std::vector<date> holidays,
                                   std::optional<date> covered_until)
    : name_(std::move(name))
    , shared_(std::make_shared<shared>()) {
    auto first = std::make_shared<day_set>();
    first->holidays = sorted_unique(std::move(holidays));
    if (covered_until) {
        first->covered_until = *covered_until;
    } else if (!first->holidays.empty()) {
        first->covered_until = end_of_year(year_month_day{first->holidays.back()}.year());
    }
    shared_->current = std::move(first);
}

std::shared_ptr<const holiday_calendar::day_set> holiday_calendar::snapshot() const {
    const std::lock_guard lock(shared_->mutex);
    return shared_->current;
}

std::vector<date> holiday_calendar::holidays() const {
    return snapshot()->holidays;
}

date holiday_calendar::covered_until() const {
    return snapshot()->covered_until;
}

void holiday_calendar::add(const std::vector<date>& more,
                           std::optional<std::chrono::year> complete_year) const {
    const std::lock_guard lock(shared_->mutex);
    auto next = std::make_shared<day_set>(*shared_->current);
    next->holidays.insert(next->holidays.end(), more.begin(), more.end());
    next->holidays = sorted_unique(std::move(next->holidays));
    if (complete_year) {
        next->covered_until = std::max(next->covered_until, end_of_year(*complete_year));
    }
    shared_->current = std::move(next);
}

holiday_calendar holiday_calendar::england_and_wales() {
    return holiday_calendar("England and Wales",
                            {
                                // 2025
                                d(2025, 1, 1),
                                d(2025, 4, 18),
                                d(2025, 4, 21),
                                d(2025, 5, 5),
                                d(2025, 5, 26),
                                d(2025, 8, 25),
                                d(2025, 12, 25),
                                d(2025, 12, 26),
                                // 2026: Boxing Day is a Saturday, so Monday 28 December is the substitute
                                d(2026, 1, 1),
                                d(2026, 4, 3),
                                d(2026, 4, 6),
                                d(2026, 5, 4),
                                d(2026, 5, 25),
                                d(2026, 8, 31),
                                d(2026, 12, 25),
                                d(2026, 12, 28),
                                // 2027: Christmas falls on a weekend; 27 and 28 December are the substitutes
                                d(2027, 1, 1),
                                d(2027, 3, 26),
                                d(2027, 3, 29),
                                d(2027, 5, 3),
                                d(2027, 5, 31),
                                d(2027, 8, 30),
                                d(2027, 12, 27),
                                d(2027, 12, 28),
                                // 2028: New Year's Day is a Saturday, so Monday 3 January is the substitute
                                d(2028, 1, 3),
                                d(2028, 4, 14),
                                d(2028, 4, 17),
                                d(2028, 5, 1),
                                d(2028, 5, 29),
                                d(2028, 8, 28),
                                d(2028, 12, 25),
                                d(2028, 12, 26),
                            },
                            d(2028, 12, 31));
}

holiday_calendar holiday_calendar::with(const std::vector<date>& more) const {
    const auto now = snapshot();
    std::vector<date> all = now->holidays;
    all.insert(all.end(), more.begin(), more.end());
    return holiday_calendar(name_, std::move(all), now->covered_until);
}

bool holiday_calendar::day_set::is_working_day(date dd) const {
    const weekday wd{dd};
    return wd != Saturday && wd != Sunday && !std::binary_search(holidays.begin(), holidays.end(), dd);
}

bool holiday_calendar::is_holiday(date dd) const {
    const auto now = snapshot();
    return std::binary_search(now->holidays.begin(), now->holidays.end(), dd);
}

bool holiday_calendar::is_working_day(date dd) const {
    return snapshot()->is_working_day(dd);
}

std::optional<date> calendar_runs_out_soon(const holiday_calendar& cal, date today) {
    const date last = cal.covered_until();
    if (today + days{365} < last) {
        return std::nullopt;
    }
    return last;
}

instant add_working_days(const holiday_calendar& cal, instant from, int n) {
    if (n <= 0) {
        return from;
    }
    const uk_time local = uk_local_time(from);
    date current_day = uk_local_date(from);
    const auto time_of_day = local - local_days{current_day.time_since_epoch()};
    const auto known = cal.snapshot(); // one set of holidays for the whole count
    for (int counted = 0; counted < n;) {
        current_day += days{1};
        if (known->is_working_day(current_day)) {
            ++counted;
        }
    }
    // The result is on a working day, never on the Sunday of a clock change, so its UK time is unambiguous.
    return from_uk_local_time(local_days{current_day.time_since_epoch()} + time_of_day);
}

} // namespace mend::domain
