#include "app/holidays.hpp"

#include "app/clocks.hpp"
#include "app/unit_of_work.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <charconv>

namespace mend::app {

namespace {

constexpr std::size_t max_lines = 60;      // a year's bank holidays and closure days, with room to spare
constexpr std::size_t max_name_bytes = 80; // "Spring bank holiday (moved for the Coronation)"

outcome<std::optional<int>> read_year(std::string_view text) {
    const auto trimmed = domain::trim(text);
    if (trimmed.empty()) {
        return std::optional<int>{};
    }
    int y = 0;
    const auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), y);
    if (ec != std::errc{} || end != trimmed.data() + trimmed.size() || y < 2025 || y > 2100) {
        return invalid("year", "Enter a year like 2029, or leave it blank for single closure days");
    }
    return std::optional<int>{y};
}

// One line: "2029-01-01 New Year's Day" or "2029-01-01".
outcome<added_holiday> read_line(std::string_view line, std::size_t number, std::optional<int> year) {
    const auto at = "Line " + std::to_string(number) + ": ";
    const auto day = domain::parse_date(line.substr(0, 10));
    if (!day) {
        return invalid("dates", at + "start with a date like 2029-01-01");
    }
    if (line.size() > 10 && line[10] != ' ' && line[10] != '\t') {
        return invalid("dates", at + "put a space between the date and its name");
    }
    auto name = std::string(domain::trim(line.size() > 10 ? line.substr(11) : std::string_view{}));
    if (name.size() > max_name_bytes) {
        return invalid("dates",
                       at + "the name must be " + std::to_string(max_name_bytes) + " characters or fewer");
    }
    if (year && static_cast<int>(std::chrono::year_month_day{*day}.year()) != *year) {
        return invalid("dates", at + domain::format_date(*day) + " is not in " + std::to_string(*year));
    }
    return added_holiday{*day, name.empty() ? std::string("Bank holiday") : std::move(name)};
}

outcome<std::vector<added_holiday>> read_lines(std::string_view text, std::optional<int> year) {
    std::vector<added_holiday> out;
    std::size_t number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const auto line = domain::trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        ++number;
        if (line.empty()) {
            continue;
        }
        if (out.size() == max_lines) {
            return invalid("dates", "Enter " + std::to_string(max_lines) + " dates or fewer at a time");
        }
        auto one = read_line(line, number, year);
        if (!one) {
            return one.error();
        }
        out.push_back(std::move(*one));
    }
    if (out.empty()) {
        return invalid("dates", "Enter at least one date, like 2029-01-01 New Year's Day");
    }
    return out;
}

} // namespace

outcome<holidays_added> add_holidays(unit_of_work& uow, const domain::actor& who, const holidays_form& form,
                                     domain::instant now) {
    if (who.role != domain::role::admin) {
        return problem{errc::forbidden, "only an admin can add bank holidays", {}, {}};
    }
    const auto year = read_year(form.year);
    if (!year) {
        return year.error();
    }
    auto days = read_lines(form.dates, *year);
    if (!days) {
        return days.error();
    }
    uow.clocks().add_holidays(*days, *year, who.user_id, now);
    return holidays_added{std::move(*days), *year};
}

void apply_holidays(const domain::holiday_calendar& cal, const holidays_added& added) {
    std::vector<domain::date> days;
    days.reserve(added.days.size());
    for (const auto& h : added.days) {
        days.push_back(h.day);
    }
    cal.add(days,
            added.complete_year ? std::optional{std::chrono::year{*added.complete_year}} : std::nullopt);
}

void load_holidays(holiday_reads& reads, const domain::holiday_calendar& cal) {
    const auto kept = reads.added_holidays();
    apply_holidays(cal, {kept.days, std::nullopt});
    for (const int y : kept.complete_years) {
        cal.add({}, std::chrono::year{y});
    }
}

std::optional<std::string> calendar_warning(const domain::holiday_calendar& cal, domain::instant now) {
    const auto today = domain::uk_local_date(now);
    const auto last = domain::calendar_runs_out_soon(cal, today);
    if (!last) {
        return std::nullopt;
    }
    const auto ends = domain::uk_date_words(domain::uk_start_of_day(*last));
    const auto next_year = static_cast<int>(std::chrono::year_month_day{*last}.year()) + 1;
    const auto verb = *last < today ? std::string("ended on ") : std::string("ends on ");
    return "The bank holiday calendar " + verb + ends +
           ". Working-day deadlines after that count bank holidays " +
           "as working days. An admin can add the bank holidays for " + std::to_string(next_year) +
           " on the Bank holidays page.";
}

} // namespace mend::app
