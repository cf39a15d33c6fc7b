// Tenant Satisfaction Measures from perception surveys: the Regulator of Social Housing's TP01 (overall
// satisfaction), TP02 (satisfaction with repairs) and TP03 (satisfaction with the time taken to complete the
// most recent repair), counted per respondent and split by tenure. Not the per-job ratings tenants give when
// a repair is done: those are transactional satisfaction, reported apart (rp02_report::job_satisfaction).
#pragma once

#include "domain/calendar.hpp"
#include "domain/reports.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::domain {

// The regulator reports the perception measures separately for low-cost rental accommodation (LCRA) and
// low-cost home ownership (LCHO).
enum class tenure { low_cost_rental, low_cost_home_ownership };

std::string_view to_string(tenure t); // "low_cost_rental", "low_cost_home_ownership"

// "LCRA", "low-cost rental", "low_cost_rental", "rental", "tenant"; "LCHO", "low-cost home ownership",
// "low_cost_home_ownership", "shared ownership", "shared owner"; any case.
std::optional<tenure> parse_tenure(std::string_view text);

// An answer on the survey's five-point scale, 5 = very satisfied, 4 = fairly satisfied, 3 = neither,
// 2 = fairly dissatisfied, 1 = very dissatisfied; none = no answer on the scale (not asked, "don't know",
// "not applicable", blank), which is left out of the measure.
struct survey_answer {
    std::optional<int> scale;
    bool satisfied() const { return scale && *scale >= 4; }
};

// The words of the scale (any case; "neither satisfied nor dissatisfied" or "neither"), a digit 1-5, or an
// answer off the scale ("", "don't know", "dont know", "not applicable", "n/a", "na"). Nothing else.
std::optional<survey_answer> parse_answer(std::string_view text);

struct survey_response {
    std::string respondent; // the landlord's or survey firm's id for the person, never their name
    domain::tenure tenure = tenure::low_cost_rental;
    date responded_on{};
    survey_answer tp01, tp02, tp03;
};

struct tsm_group {
    std::int64_t respondents = 0; // counted once each, by their most recent response in the period
    share_measure tp01, tp02, tp03;
};

struct tsm_report {
    instant from{};
    instant to{};
    tsm_group low_cost_rental;
    tsm_group low_cost_home_ownership;
    tsm_group all;
    std::int64_t responses = 0;          // responses in the period, before counting respondents once
    std::int64_t earlier_superseded = 0; // responses in the period replaced by the same person's later one
};

// The responses made on UK days within [from, to), each respondent counted once: by their most recent
// response (on a tie, the one given last in `responses`). Satisfied = very or fairly satisfied; the base of
// each measure is the respondents who answered it on the scale.
tsm_report compute_tsm(instant from, instant to, const std::vector<survey_response>& responses);

} // namespace mend::domain
