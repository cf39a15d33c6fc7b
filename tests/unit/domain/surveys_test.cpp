// TP01-TP03 from perception-survey responses, checked against a computation by hand.
#include "domain/surveys.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

survey_answer answer(std::string_view text) {
    const auto a = parse_answer(text);
    EXPECT_TRUE(a) << text;
    return a.value_or(survey_answer{});
}

survey_response response(std::string respondent, std::string_view tenure_text, std::string_view day,
                         std::string_view tp01, std::string_view tp02, std::string_view tp03) {
    return {std::move(respondent), *parse_tenure(tenure_text), *parse_date(day), answer(tp01), answer(tp02),
            answer(tp03)};
}

void expect_measure(const share_measure& m, std::int64_t count, std::int64_t satisfied) {
    EXPECT_EQ(m.count, count);
    EXPECT_EQ(m.meeting, satisfied);
}

TEST(surveys, answers_on_the_scale_and_off_it) {
    EXPECT_EQ(answer("Very satisfied").scale, 5);
    EXPECT_EQ(answer(" fairly  SATISFIED ").scale, 4);
    EXPECT_EQ(answer("Neither satisfied nor dissatisfied").scale, 3);
    EXPECT_EQ(answer("neither").scale, 3);
    EXPECT_EQ(answer("Fairly dissatisfied").scale, 2);
    EXPECT_EQ(answer("very-dissatisfied").scale, 1);
    EXPECT_EQ(answer("4").scale, 4);
    EXPECT_TRUE(answer("4").satisfied());
    EXPECT_FALSE(answer("3").satisfied());
    for (std::string_view off : {"", "Don't know", "dont know", "Not applicable", "N/A", "na"}) {
        EXPECT_FALSE(answer(off).scale) << off;
    }
    for (std::string_view bad : {"6", "0", "satisfied", "yes", "45", "very"}) {
        EXPECT_FALSE(parse_answer(bad)) << bad;
    }
}

TEST(surveys, tenures_by_the_regulators_codes_and_words) {
    EXPECT_EQ(parse_tenure("LCRA"), tenure::low_cost_rental);
    EXPECT_EQ(parse_tenure("Low-cost rental"), tenure::low_cost_rental);
    EXPECT_EQ(parse_tenure("low_cost_rental"), tenure::low_cost_rental);
    EXPECT_EQ(parse_tenure("lcho"), tenure::low_cost_home_ownership);
    EXPECT_EQ(parse_tenure("Shared ownership"), tenure::low_cost_home_ownership);
    EXPECT_FALSE(parse_tenure("freehold"));
    EXPECT_FALSE(parse_tenure(""));
}

TEST(surveys, each_respondent_counts_once_by_the_latest_response_split_by_tenure) {
    const std::vector<survey_response> responses{
        response("R1", "LCRA", "2026-05-01", "very satisfied", "fairly satisfied", "neither"),
        response("R1", "LCRA", "2026-09-01", "fairly dissatisfied", "very satisfied",
                 "5"),                                                   // replaces the first
        response("R2", "LCRA", "2026-06-10", "4", "not applicable", ""), // no repair in the last 12 months
        response("R3", "LCHO", "2026-07-01", "5", "1", "2"),
        response("R4", "LCHO", "2026-03-31", "5", "5", "5"), // the day before the period
        response("R5", "LCRA", "2027-04-01", "5", "5", "5"), // the first day after it
        response("R6", "LCRA", "2026-12-25", "don't know", "4", "fairly satisfied"),
        response("R7", "LCRA", "2026-04-01", "very dissatisfied", "", ""), // the period's first day
    };
    const auto r = compute_tsm(uk_start_of_day(*parse_date("2026-04-01")),
                               uk_start_of_day(*parse_date("2027-04-01")), responses);
    // By hand: in the period R1 (its September answers), R2, R6 and R7 rent; R3 owns.
    EXPECT_EQ(r.responses, 6);
    EXPECT_EQ(r.earlier_superseded, 1);
    EXPECT_EQ(r.low_cost_rental.respondents, 4);
    expect_measure(r.low_cost_rental.tp01, 3, 1); // R1 fairly dissatisfied, R2 4, R7 very dissatisfied
    expect_measure(r.low_cost_rental.tp02, 2, 2); // R1 5, R6 4
    expect_measure(r.low_cost_rental.tp03, 2, 2); // R1 5, R6 fairly satisfied
    EXPECT_EQ(r.low_cost_home_ownership.respondents, 1);
    expect_measure(r.low_cost_home_ownership.tp01, 1, 1);
    expect_measure(r.low_cost_home_ownership.tp02, 1, 0);
    expect_measure(r.low_cost_home_ownership.tp03, 1, 0);
    EXPECT_EQ(r.all.respondents, 5);
    expect_measure(r.all.tp01, 4, 2);
    expect_measure(r.all.tp02, 3, 2);
    EXPECT_NEAR(*r.all.tp02.percent(), 200.0 / 3.0, 1e-9);
    expect_measure(r.all.tp03, 3, 2);
}

TEST(surveys, a_measure_with_nothing_to_count_has_no_percent) {
    const auto r =
        compute_tsm(uk_start_of_day(*parse_date("2026-04-01")), uk_start_of_day(*parse_date("2027-04-01")),
                    {response("R1", "LCRA", "2026-05-01", "5", "n/a", "n/a")});
    EXPECT_FALSE(r.low_cost_rental.tp02.percent());
    EXPECT_FALSE(r.low_cost_home_ownership.tp01.percent());
    EXPECT_EQ(r.low_cost_rental.tp01.percent(), 100.0);
}

} // namespace
} // namespace mend::domain
