// Working days: weekends and bank holidays, counted on UK civil dates (GMT in winter, BST in summer).
#pragma once

#include "domain/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::domain {

using date = std::chrono::sys_days;

// "2026-12-25"; empty when the text is not a real date.
std::optional<date> parse_date(std::string_view text);
std::string format_date(date d);

// The offset of UK civil time from UTC at `t`: one hour from 01:00 UTC on the last Sunday of March until
// 01:00 UTC on the last Sunday of October, else none.
std::chrono::seconds uk_offset(instant t);

// The UK civil date on which `t` falls.
date uk_date(instant t);

// A set of bank holidays. Immutable once built, so it is shared between threads without locks.
class holiday_calendar {
public:
    holiday_calendar() = default;
    explicit holiday_calendar(std::string name, std::vector<date> holidays = {});

    // England and Wales, 2025 to 2028, as published by GOV.UK (substitute days included).
    static holiday_calendar england_and_wales();

    // A copy with more holidays (for example a landlord's own closure days).
    holiday_calendar with(const std::vector<date>& more) const;

    bool is_holiday(date d) const;
    bool is_working_day(date d) const; // not a Saturday, Sunday or holiday
    const std::string& name() const { return name_; }
    const std::vector<date>& holidays() const { return holidays_; }

private:
    std::string name_;
    std::vector<date> holidays_; // sorted, unique
};

// `n` working days after `from`: steps forward one UK date at a time, counting only working days, and keeps
// the UK time of day. A start on a weekend counts from the next working day, so Saturday 10:00 plus one
// working day is Monday 10:00, as is Friday 10:00 plus one.
instant add_working_days(const holiday_calendar& cal, instant from, int n);

} // namespace mend::domain
