#include "pages/date_input.hpp"

#include "domain/calendar.hpp"
#include "domain/text.hpp"

#include <array>
#include <charconv>
#include <tuple>

namespace mend::pages {

namespace {

std::optional<unsigned> whole_number(std::string_view text) {
    text = domain::trim(text);
    unsigned n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return n;
}

// 0 to 99, as two digits.
std::string two_digits(unsigned n) {
    constexpr unsigned ten = 10;
    std::string out(2, '0');
    out[0] = static_cast<char>('0' + n / ten % ten);
    out[1] = static_cast<char>('0' + n % ten);
    return out;
}

constexpr unsigned noon = 12;
constexpr unsigned hours_a_day = 24;
constexpr unsigned minutes_an_hour = 60;

} // namespace

std::optional<std::string> date_of(const date_parts& typed) {
    constexpr unsigned first_year = 1000;
    const auto d = whole_number(typed.day);
    const auto m = whole_number(typed.month);
    const auto y = whole_number(typed.year);
    if (!d || !m || !y || *y < first_year || *y > 9999) {
        return std::nullopt;
    }
    std::string text = std::to_string(*y);
    text.append("-").append(two_digits(*m)).append("-").append(two_digits(*d));
    if (!domain::parse_date(text)) {
        return std::nullopt;
    }
    return text;
}

std::optional<std::pair<std::string, std::string>> date_problem(const date_parts& typed,
                                                                std::string_view what) {
    const std::array<std::pair<const std::string*, const char*>, 3> boxes{
        {{&typed.day, "day"}, {&typed.month, "month"}, {&typed.year, "year"}}};
    const std::string subject(what);
    if (domain::is_blank(typed.day) && domain::is_blank(typed.month) && domain::is_blank(typed.year)) {
        std::string message("Enter ");
        message.append(domain::lower_case(subject.substr(0, 1))).append(subject.substr(1));
        return std::pair{std::string("-day"), message};
    }
    for (const auto& [text, name] : boxes) {
        if (domain::is_blank(*text)) {
            std::string box("-");
            return std::pair{box.append(name), std::string(subject).append(" must include a ").append(name)};
        }
    }
    if (!date_of(typed)) {
        return std::pair{std::string("-day"),
                         std::string(subject).append(" must be a real date, like 27 3 2027")};
    }
    return std::nullopt;
}

std::optional<std::string> clock_time_of(std::string_view typed) {
    std::string t = domain::lower_case(domain::trim(typed));
    std::erase(t, ' ');
    int shift = -1; // -1: a 24-hour time; 0: am; 12: pm
    if (t.ends_with("am") || t.ends_with("pm")) {
        shift = t.ends_with("pm") ? static_cast<int>(noon) : 0;
        t.resize(t.size() - 2);
    }
    const auto sep = t.find_first_of(":.");
    const auto h = whole_number(std::string_view(t).substr(0, sep));
    const auto m = sep == std::string::npos ? std::optional<unsigned>(0)
                                            : whole_number(std::string_view(t).substr(sep + 1));
    const bool minutes_written = sep != std::string::npos && t.size() - sep - 1 == 2;
    if (!h || !m || *m >= minutes_an_hour || (sep != std::string::npos && !minutes_written) ||
        (sep == std::string::npos && shift < 0)) {
        return std::nullopt;
    }
    unsigned hour = *h;
    if (shift >= 0) {
        if (hour < 1 || hour > noon) {
            return std::nullopt;
        }
        hour = hour % noon + static_cast<unsigned>(shift);
    }
    if (hour >= hours_a_day) {
        return std::nullopt;
    }
    return two_digits(hour).append(":").append(two_digits(*m));
}

mdata date_field(const std::string& id, const std::string& name, const std::string& legend,
                 const date_parts& value, const form_errors& errors, const std::string& hint) {
    mdata f = field(id, name, legend, "", errors, hint);
    const std::array<std::tuple<const char*, const char*, const std::string*, const char*>, 3> boxes{{
        {"day", "Day", &value.day, "govuk-input--width-2"},
        {"month", "Month", &value.month, "govuk-input--width-2"},
        {"year", "Year", &value.year, "govuk-input--width-4"},
    }};
    mlist parts;
    for (const auto& [suffix, label_text, typed, width] : boxes) {
        mdata part;
        part.set("id", id + "-" + suffix);
        part.set("name", name + "-" + suffix);
        part.set("label", label_text);
        part.set("value", *typed);
        part.set("width", width);
        parts.push_back(part);
    }
    f.set("parts", parts);
    return f;
}

} // namespace mend::pages
