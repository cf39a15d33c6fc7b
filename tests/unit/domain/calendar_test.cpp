#include "domain/calendar.hpp"
#include "domain/targets.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

using namespace std::chrono;

instant at(std::string_view iso) {
    return *parse_iso(iso);
}

// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the shipped data.
date easter(int y) {
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25,
              g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month_ = (h + l - 7 * m + 114) / 31, day_ = (h + l - 7 * m + 114) % 31 + 1;
    return sys_days{year{y} / month{static_cast<unsigned>(month_)} / day{static_cast<unsigned>(day_)}};
}

TEST(calendar, ships_eight_bank_holidays_a_year_none_on_a_weekend_with_easter_where_it_falls) {
    const auto cal = holiday_calendar::england_and_wales();
    EXPECT_EQ(cal.holidays().size(), 32U);
    for (const auto d : cal.holidays()) {
        EXPECT_FALSE(cal.is_working_day(d)) << format_date(d);
        const weekday wd{d};
        EXPECT_TRUE(wd != Saturday && wd != Sunday) << format_date(d);
    }
    for (int y = 2025; y <= 2028; ++y) {
        EXPECT_TRUE(cal.is_holiday(easter(y) - days{2})) << "Good Friday " << y;
        EXPECT_TRUE(cal.is_holiday(easter(y) + days{1})) << "Easter Monday " << y;
    }
}

TEST(calendar, covers_to_the_end_of_2028_and_warns_from_a_year_before) {
    const auto cal = holiday_calendar::england_and_wales();
    EXPECT_EQ(cal.covered_until(), *parse_date("2028-12-31"));
    EXPECT_EQ(calendar_runs_out_soon(cal, *parse_date("2027-12-30")), std::nullopt);
    EXPECT_EQ(calendar_runs_out_soon(cal, *parse_date("2028-01-01")), *parse_date("2028-12-31"));
    EXPECT_EQ(calendar_runs_out_soon(cal, *parse_date("2029-03-01")), *parse_date("2028-12-31"));
}

TEST(calendar, added_holidays_reach_every_copy_and_a_complete_year_extends_the_cover) {
    const auto cal = holiday_calendar::england_and_wales();
    const auto copy = cal; // as clock_settings hands it to the pages and the writer
    // Monday 1 January 2029 is New Year's Day; Friday 29 December 2028 09:00 GMT plus one working day.
    EXPECT_EQ(add_working_days(copy, at("2028-12-29T09:00:00Z"), 1), at("2029-01-01T09:00:00Z"));
    cal.add({*parse_date("2029-01-01")});
    EXPECT_EQ(add_working_days(copy, at("2028-12-29T09:00:00Z"), 1), at("2029-01-02T09:00:00Z"));
    EXPECT_EQ(copy.covered_until(), *parse_date("2028-12-31")) << "single days do not extend the cover";
    cal.add({*parse_date("2029-03-30"), *parse_date("2029-04-02")}, year{2029});
    EXPECT_EQ(copy.covered_until(), *parse_date("2029-12-31"));
    EXPECT_EQ(calendar_runs_out_soon(copy, *parse_date("2028-06-01")), std::nullopt);
    EXPECT_EQ(copy.holidays().size(), 35U);
    // with() makes a calendar of its own: later additions to it do not reach the original.
    const auto own = cal.with({*parse_date("2029-05-01")});
    own.add({*parse_date("2029-05-02")});
    EXPECT_FALSE(cal.is_holiday(*parse_date("2029-05-02")));
    EXPECT_EQ(own.covered_until(), *parse_date("2029-12-31"));
}

TEST(calendar, working_days_skip_weekends) {
    const auto cal = holiday_calendar::england_and_wales();
    // Thursday 19 November 2026, 10:00 GMT.
    EXPECT_EQ(add_working_days(cal, at("2026-11-19T10:00:00Z"), 1), at("2026-11-20T10:00:00Z"));
    EXPECT_EQ(add_working_days(cal, at("2026-11-19T10:00:00Z"), 2), at("2026-11-23T10:00:00Z"));
    EXPECT_EQ(add_working_days(cal, at("2026-11-19T10:00:00Z"), 10), at("2026-12-03T10:00:00Z"));
    // From a Saturday and from a Friday, one working day lands on the same Monday.
    EXPECT_EQ(add_working_days(cal, at("2026-11-21T10:00:00Z"), 1), at("2026-11-23T10:00:00Z"));
    EXPECT_EQ(add_working_days(cal, at("2026-11-20T10:00:00Z"), 1), at("2026-11-23T10:00:00Z"));
    EXPECT_EQ(add_working_days(cal, at("2026-11-20T10:00:00Z"), 0), at("2026-11-20T10:00:00Z"));
}

TEST(calendar, working_days_skip_christmas_and_its_substitute_days) {
    const auto cal = holiday_calendar::england_and_wales();
    // Wednesday 23 December 2026: 24th (Thu) is a working day; 25th (Fri), 26-27th (weekend), 28th
    // (substitute for Boxing Day) are not; 29th, 30th, 31st are; 1 January 2027 is not.
    EXPECT_EQ(add_working_days(cal, at("2026-12-23T09:00:00Z"), 1), at("2026-12-24T09:00:00Z"));
    EXPECT_EQ(add_working_days(cal, at("2026-12-23T09:00:00Z"), 2), at("2026-12-29T09:00:00Z"));
    EXPECT_EQ(add_working_days(cal, at("2026-12-23T09:00:00Z"), 5), at("2027-01-04T09:00:00Z"));
    // Christmas 2027 falls on a weekend: Monday 27 and Tuesday 28 are the substitutes.
    EXPECT_EQ(add_working_days(cal, at("2027-12-24T09:00:00Z"), 1), at("2027-12-29T09:00:00Z"));
    // A landlord's own closure day from the config.
    const auto closed = cal.with({*parse_date("2026-12-29")});
    EXPECT_EQ(add_working_days(closed, at("2026-12-23T09:00:00Z"), 2), at("2026-12-30T09:00:00Z"));
}

TEST(calendar, working_days_skip_easter_and_keep_the_uk_time_of_day_across_the_clock_change) {
    const auto cal = holiday_calendar::england_and_wales();
    // Thursday 2 April 2026, 09:00 BST (08:00 UTC): Good Friday 3rd, the weekend, Easter Monday 6th.
    EXPECT_EQ(add_working_days(cal, at("2026-04-02T08:00:00Z"), 1), at("2026-04-07T08:00:00Z"));
    // Friday 27 March 2026, 09:00 GMT; BST starts on Sunday 29th, so Monday 09:00 BST is 08:00 UTC.
    EXPECT_EQ(add_working_days(cal, at("2026-03-27T09:00:00Z"), 1), at("2026-03-30T08:00:00Z"));
    // 23:30 UTC on Friday 10 July 2026 is already Saturday in the UK.
    EXPECT_EQ(uk_local_date(at("2026-07-10T23:30:00Z")), *parse_date("2026-07-11"));
    EXPECT_EQ(add_working_days(cal, at("2026-07-10T23:30:00Z"), 1),
              at("2026-07-12T23:30:00Z")); // Monday 00:30 BST
}

TEST(calendar, uk_time_follows_british_summer_time) {
    const auto winter = at("2026-01-15T09:30:00Z");
    EXPECT_EQ(uk_date_time_words(winter), "15 January 2026, 9:30am");
    const auto summer = at("2026-07-01T13:05:00Z");
    EXPECT_EQ(uk_date_time_words(summer), "1 July 2026, 2:05pm");
    EXPECT_EQ(parse_uk_date_time("2026-07-01", "14:05"), summer);
    EXPECT_EQ(parse_uk_date_time("2026-01-15", "09:30"), winter);
    EXPECT_EQ(format_date(uk_local_date(summer)), "2026-07-01");
    EXPECT_EQ(uk_clock_time(summer), "14:05");
    // Whole hours without ":00", and no 24-hour clock beside the 12-hour one (GOV.UK style).
    EXPECT_EQ(uk_date_time_words(at("2026-07-01T12:00:00Z")), "1 July 2026, 1pm");
    EXPECT_EQ(uk_slot_words(at("2026-07-01T12:00:00Z"), at("2026-07-01T14:00:00Z")),
              "1 July 2026, 1pm to 3pm");
    EXPECT_EQ(uk_slot_words(at("2026-01-15T08:00:00Z"), at("2026-01-15T12:00:00Z")),
              "15 January 2026, 8am to midday");
    EXPECT_EQ(uk_time_words(at("2026-01-15T00:00:00Z")), "midnight");
    EXPECT_FALSE(parse_uk_date_time("2026-02-30", "09:00"));
    EXPECT_FALSE(parse_uk_date_time("2026-01-15", "24:00"));
    EXPECT_FALSE(parse_uk_date_time("15/01/2026", "09:00"));
}

TEST(calendar, names_dates_in_words_on_the_uk_date) {
    // 23:30 UTC on Wednesday 1 July 2026 is 00:30 BST on Thursday 2 July; in winter UTC is UK time.
    EXPECT_EQ(uk_date_words(at("2026-07-01T23:30:00Z")), "2 July 2026");
    EXPECT_EQ(uk_weekday_date_words(at("2026-07-01T23:30:00Z")), "Thursday 2 July 2026");
    EXPECT_EQ(uk_weekday_date_words(at("2026-12-03T23:30:00Z")), "Thursday 3 December 2026");
    EXPECT_EQ(uk_date_time_words(at("2026-12-03T00:05:00Z")), "3 December 2026, 12:05am");
    // Midnight in the UK on the days the clocks change: 00:00 GMT in March, 00:00 BST (23:00 UTC) in October.
    EXPECT_EQ(uk_start_of_day(*parse_date("2026-03-29")), at("2026-03-29T00:00:00Z"));
    EXPECT_EQ(uk_start_of_day(*parse_date("2026-10-25")), at("2026-10-24T23:00:00Z"));
}

TEST(targets, defaults_and_parsing) {
    const target_policy policy;
    EXPECT_EQ(describe(policy.of(priority::emergency)), "24 hours");
    EXPECT_EQ(describe(policy.of(priority::urgent)), "5 working days");
    EXPECT_EQ(describe(policy.of(priority::routine)), "20 working days");
    EXPECT_EQ(describe(policy.of(priority::planned)), "90 calendar days");
    EXPECT_EQ(parse_span("3 working days"), (span{3, span::unit::working_days}));
    EXPECT_EQ(parse_span("1 hour"), (span{1, span::unit::hours}));
    EXPECT_EQ(parse_span("30 days"), (span{30, span::unit::calendar_days}));
    EXPECT_FALSE(parse_span("soon"));
    EXPECT_FALSE(parse_span("0 hours"));
    EXPECT_FALSE(parse_date("2026-02-30"));
    const auto t = compute_target(policy, holiday_calendar::england_and_wales(), priority::urgent,
                                  at("2026-12-23T09:00:00Z"));
    EXPECT_EQ(t.due, at("2027-01-04T09:00:00Z"));
    EXPECT_EQ(t.basis, "5 working days from 2026-12-23T09:00:00Z (England and Wales bank holidays)");
}

TEST(targets, calendar_days_are_added_to_the_uk_date_across_a_clock_change) {
    const auto cal = holiday_calendar::england_and_wales();
    const span thirty{30, span::unit::calendar_days};
    // 23:30 GMT on 10 March; 30 days on is 23:30 BST on 9 April, not 00:30 on 10 April.
    EXPECT_EQ(add_span(cal, at("2026-03-10T23:30:00Z"), thirty), at("2026-04-09T22:30:00Z"));
    EXPECT_EQ(uk_local_date(add_span(cal, at("2026-03-10T23:30:00Z"), thirty)), *parse_date("2026-04-09"));
    // And back in the autumn: 10:00 BST on 20 October plus 10 days is 10:00 GMT on 30 October.
    EXPECT_EQ(add_span(cal, at("2026-10-20T09:00:00Z"), {10, span::unit::calendar_days}),
              at("2026-10-30T10:00:00Z"));
}

TEST(targets, legal_deadlines_in_days_end_at_uk_midnight_after_the_last_day) {
    const auto cal = holiday_calendar::england_and_wales();
    const span ten{10, span::unit::working_days};
    // Reported a minute after midnight on Thursday 19 November: the 10th working day is Thursday 3 December,
    // and the law's period runs to its end.
    EXPECT_EQ(add_span(cal, at("2026-11-19T00:01:00Z"), ten, deadline_rule::end_of_day),
              at("2026-12-04T00:00:00Z"));
    EXPECT_EQ(add_span(cal, at("2026-11-19T00:01:00Z"), ten), at("2026-12-03T00:01:00Z"));
    // In summer the end of the day is 23:00 UTC.
    EXPECT_EQ(
        add_span(cal, at("2026-06-01T08:00:00Z"), {3, span::unit::working_days}, deadline_rule::end_of_day),
        at("2026-06-04T23:00:00Z"));
    // Twelve weeks, in calendar days, end at midnight too; hours stay exact.
    EXPECT_EQ(
        add_span(cal, at("2026-11-24T15:00:00Z"), {84, span::unit::calendar_days}, deadline_rule::end_of_day),
        at("2027-02-17T00:00:00Z"));
    EXPECT_EQ(add_span(cal, at("2026-11-24T15:00:00Z"), {24, span::unit::hours}, deadline_rule::end_of_day),
              at("2026-11-25T15:00:00Z"));
}

} // namespace
} // namespace mend::domain
