#include "domain/time.hpp"

#include <charconv>
#include <cstdio>

namespace mend::domain {

std::string format_iso(instant t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t) - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

namespace {

bool read_digits(std::string_view& text, std::size_t count, int& out) {
    if (text.size() < count) {
        return false;
    }
    for (std::size_t i = 0; i < count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
    }
    std::from_chars(text.data(), text.data() + count, out);
    text.remove_prefix(count);
    return true;
}

bool expect(std::string_view& text, char c) {
    if (text.empty() || text.front() != c) {
        return false;
    }
    text.remove_prefix(1);
    return true;
}

// The milliseconds of a fraction of a second; digits after the third are read and dropped.
int read_fraction(std::string_view& text) {
    int ms = 0;
    int digits = 0;
    while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
        if (digits < 3) {
            ms = ms * 10 + (text.front() - '0');
            ++digits;
        }
        text.remove_prefix(1);
    }
    for (; digits < 3; ++digits) {
        ms *= 10;
    }
    return ms;
}

// The zone designator ending an ISO 8601 time: "Z" or "+HH:MM"/"-HH:MM", as minutes east of UTC.
std::optional<int> read_offset(std::string_view& text) {
    if (text == "Z" || text == "z") {
        text.remove_prefix(1);
        return 0;
    }
    if (text.empty() || (text.front() != '+' && text.front() != '-')) {
        return std::nullopt;
    }
    const int sign = text.front() == '+' ? 1 : -1;
    text.remove_prefix(1);
    int oh = 0, om = 0;
    if (!read_digits(text, 2, oh) || !expect(text, ':') || !read_digits(text, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
    }
    return sign * (oh * 60 + om);
}

} // namespace

std::optional<instant> parse_iso(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
    if (!read_digits(text, 4, y) || !expect(text, '-') || !read_digits(text, 2, mo) || !expect(text, '-') ||
        !read_digits(text, 2, d)) {
        return std::nullopt;
    }
    if (text.empty() || (text.front() != 'T' && text.front() != 't' && text.front() != ' ')) {
        return std::nullopt;
    }
    text.remove_prefix(1);
    if (!read_digits(text, 2, h) || !expect(text, ':') || !read_digits(text, 2, mi)) {
        return std::nullopt;
    }
    if (!text.empty() && text.front() == ':') {
        text.remove_prefix(1);
        if (!read_digits(text, 2, s)) {
            return std::nullopt;
        }
        if (!text.empty() && text.front() == '.') {
            text.remove_prefix(1);
            ms = read_fraction(text);
        }
    }
    const auto offset_minutes = read_offset(text);
    if (!offset_minutes || !text.empty()) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 59) {
        return std::nullopt;
    }
    return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
           std::chrono::seconds{s} + std::chrono::milliseconds{ms} - std::chrono::minutes{*offset_minutes};
}

} // namespace mend::domain
