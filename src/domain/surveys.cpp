#include "domain/surveys.hpp"

#include "domain/text.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace mend::domain {

namespace {

// Lower case, with '-' and '_' read as spaces and runs of spaces as one: "Low-cost  rental" -> "low cost
// rental".
std::string normalised(std::string_view text) {
    std::string out;
    for (char c : lower_case(trim(text))) {
        const char s = (c == '-' || c == '_') ? ' ' : c;
        if (s == ' ' && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out += s;
    }
    return std::string(trim(out));
}

void count(share_measure& m, const survey_answer& a) {
    if (a.scale) {
        ++m.count;
        m.meeting += a.satisfied() ? 1 : 0;
    }
}

void count(tsm_group& g, const survey_response& r) {
    ++g.respondents;
    count(g.tp01, r.tp01);
    count(g.tp02, r.tp02);
    count(g.tp03, r.tp03);
}

} // namespace

std::string_view to_string(tenure t) {
    return t == tenure::low_cost_rental ? "low_cost_rental" : "low_cost_home_ownership";
}

std::optional<tenure> parse_tenure(std::string_view text) {
    const auto n = normalised(text);
    for (std::string_view w :
         {"lcra", "low cost rental", "low cost rental accommodation", "rental", "tenant"}) {
        if (n == w) {
            return tenure::low_cost_rental;
        }
    }
    for (std::string_view w :
         {"lcho", "low cost home ownership", "home ownership", "shared ownership", "shared owner"}) {
        if (n == w) {
            return tenure::low_cost_home_ownership;
        }
    }
    return std::nullopt;
}

std::optional<survey_answer> parse_answer(std::string_view text) {
    const auto n = normalised(text);
    static constexpr std::array<std::pair<std::string_view, int>, 6> words{
        {{"very satisfied", 5},
         {"fairly satisfied", 4},
         {"neither", 3},
         {"neither satisfied nor dissatisfied", 3},
         {"fairly dissatisfied", 2},
         {"very dissatisfied", 1}}};
    for (const auto& [word, value] : words) {
        if (n == word) {
            return survey_answer{value};
        }
    }
    if (n.size() == 1 && n[0] >= '1' && n[0] <= '5') {
        return survey_answer{n[0] - '0'};
    }
    for (std::string_view off :
         {"", "don't know", "dont know", "don’t know", "not applicable", "n/a", "na"}) {
        if (n == off) {
            return survey_answer{};
        }
    }
    return std::nullopt;
}

tsm_report compute_tsm(instant from, instant to, const std::vector<survey_response>& responses) {
    tsm_report out{from, to, {}, {}, {}, 0, 0};
    std::map<std::string, const survey_response*> latest;
    for (const auto& r : responses) {
        const auto at = uk_start_of_day(r.responded_on);
        if (at < from || at >= to) {
            continue;
        }
        ++out.responses;
        auto& kept = latest[r.respondent];
        if (kept != nullptr) {
            ++out.earlier_superseded;
        }
        if (kept == nullptr || r.responded_on >= kept->responded_on) {
            kept = &r;
        }
    }
    for (const auto& [respondent, r] : latest) {
        count(r->tenure == tenure::low_cost_rental ? out.low_cost_rental : out.low_cost_home_ownership, *r);
        count(out.all, *r);
    }
    return out;
}

} // namespace mend::domain
