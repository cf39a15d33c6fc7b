#include "domain/targets.hpp"

#include <charconv>

namespace mend::domain {

std::string describe(const span& s) {
    std::string out = std::to_string(s.amount);
    const bool one = s.amount == 1;
    switch (s.u) {
    case span::unit::hours:
        return out + (one ? " hour" : " hours");
    case span::unit::working_days:
        return out + (one ? " working day" : " working days");
    case span::unit::calendar_days:
        return out + (one ? " calendar day" : " calendar days");
    }
    return out;
}

std::optional<span> parse_span(std::string_view text) {
    int amount = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
    if (ec != std::errc{} || amount < 1 || amount > 3650) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(static_cast<std::size_t>(ptr - text.data()));
    while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    if (rest == "hours" || rest == "hour") {
        return span{amount, span::unit::hours};
    }
    if (rest == "working days" || rest == "working day") {
        return span{amount, span::unit::working_days};
    }
    if (rest == "days" || rest == "day" || rest == "calendar days" || rest == "calendar day") {
        return span{amount, span::unit::calendar_days};
    }
    return std::nullopt;
}

namespace {

instant add_days(const holiday_calendar& cal, instant from, const span& s) {
    if (s.u == span::unit::working_days) {
        return add_working_days(cal, from, s.amount);
    }
    return from_uk_local_time(uk_local_time(from) + std::chrono::days{s.amount});
}

} // namespace

instant add_span(const holiday_calendar& cal, instant from, const span& s, deadline_rule rule) {
    if (s.u == span::unit::hours) {
        return from + std::chrono::hours{s.amount};
    }
    const instant end = add_days(cal, from, s);
    if (rule == deadline_rule::end_of_day) {
        return uk_start_of_day(uk_local_date(end) + std::chrono::days{1});
    }
    return end;
}

target compute_target(const target_policy& policy, const holiday_calendar& cal, priority p,
                      instant reported) {
    target t;
    t.priority = p;
    t.allowed = policy.of(p);
    t.from = reported;
    t.due = add_span(cal, reported, t.allowed);
    t.basis = describe(t.allowed) + " from " + format_iso(reported);
    if (t.allowed.u == span::unit::working_days) {
        t.basis += " (" + cal.name() + " bank holidays)";
    }
    return t;
}

} // namespace mend::domain
