// UK civil time (GMT in winter, BST in summer), the dates and times people read in it, and working days:
// weekends and bank holidays counted on UK dates. The program's only UK-time code.
#pragma once

#include "domain/time.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::domain {

using date = std::chrono::sys_days;

// "2026-12-25"; empty when the text is not a real date.
std::optional<date> parse_date(std::string_view text);
std::string format_date(date d);

// What UK clocks show: a time with no zone.
using uk_time = std::chrono::local_time<std::chrono::milliseconds>;

// The offset of UK civil time from UTC at `t`: one hour from 01:00 UTC on the last Sunday of March until
// 01:00 UTC on the last Sunday of October, else none.
std::chrono::seconds uk_offset(instant t);

// What UK clocks show at `t`.
uk_time uk_local_time(instant t);

// The instant at which UK clocks show `local`. In the hour skipped in March or repeated in October it is
// taken as GMT.
instant from_uk_local_time(uk_time local);

// From the inputs of a form, a date "2026-12-03" and a time "09:30" in UK time; empty when malformed.
std::optional<instant> parse_uk_date_time(std::string_view date_text, std::string_view time_text);

// The UK civil date on which `t` falls.
date uk_local_date(instant t);

// The instant a UK civil date starts (its midnight in UK time).
instant uk_start_of_day(date d);

std::string_view month_name(std::chrono::month m);     // "December"
std::string_view weekday_name(std::chrono::weekday d); // "Thursday"

// In UK time, for people to read:
std::string uk_date_words(instant t);         // "3 December 2026"
std::string uk_weekday_date_words(instant t); // "Thursday 3 December 2026"
std::string uk_time_words(instant t);         // "9:30am", "1pm", "midday", "midnight" (GOV.UK style)
std::string uk_date_time_words(instant t);    // "3 December 2026, 9:30am", "3 December 2026, 1pm"
// An appointment's slot: "3 December 2026, 1pm to 3pm" (the end's date too when it is another day).
std::string uk_slot_words(instant start, instant end);
std::string uk_clock_time(instant t); // "09:30", the 24-hour clock as forms and notices show it

// A set of bank holidays, and the last date they are known to cover. A handle: copies share the same days,
// which add() replaces as a whole (an admin adds a year's holidays while the server runs), so readers on any
// thread see either the old set or the new one, never half of it.
class holiday_calendar {
public:
    holiday_calendar();
    // `covered_until`: the last date whose holidays `holidays` includes all of (default: the end of the year
    // of the last holiday).
    explicit holiday_calendar(std::string name, std::vector<date> holidays = {},
                              std::optional<date> covered_until = std::nullopt);

    // England and Wales, 2025 to 2028, as published by GOV.UK (substitute days included); covers to the end
    // of 2028.
    static holiday_calendar england_and_wales();

    // A new calendar (not sharing this one's days) with more holidays (a landlord's own closure days).
    holiday_calendar with(const std::vector<date>& more) const;

    // Adds holidays to every copy of this calendar; with `complete_year`, that year's holidays are now all
    // known, and the calendar covers to its end if that is later than before. Thread-safe.
    void add(const std::vector<date>& more,
             std::optional<std::chrono::year> complete_year = std::nullopt) const;

    bool is_holiday(date d) const;
    bool is_working_day(date d) const; // not a Saturday, Sunday or holiday
    const std::string& name() const { return name_; }
    std::vector<date> holidays() const; // sorted, unique
    date covered_until() const;

private:
    struct day_set {
        std::vector<date> holidays; // sorted, unique
        date covered_until{};
        bool is_working_day(date d) const;
    };
    std::shared_ptr<const day_set> snapshot() const;
    friend instant add_working_days(const holiday_calendar& cal, instant from, int n);

    struct shared {
        mutable std::mutex mutex;
        std::shared_ptr<const day_set> current; // guarded by mutex; replaced whole, never changed in place
    };
    std::string name_;
    std::shared_ptr<shared> shared_;
};

// When the calendar runs out within a year of `today` (or has run out): the last date it covers. Dates past
// it have no bank holidays, so working-day deadlines after it may be early; an admin adds the next year's.
std::optional<date> calendar_runs_out_soon(const holiday_calendar& cal, date today);

// `n` working days after `from`: steps forward one UK date at a time, counting only working days, and keeps
// the UK time of day. A start on a weekend counts from the next working day, so Saturday 10:00 plus one
// working day is Monday 10:00, as is Friday 10:00 plus one.
instant add_working_days(const holiday_calendar& cal, instant from, int n);

} // namespace mend::domain
