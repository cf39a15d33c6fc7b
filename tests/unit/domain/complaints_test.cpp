#include "domain/complaints.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

instant at(std::string_view iso) {
    return *parse_iso(iso);
}

struct complaint_case {
    holiday_calendar cal = holiday_calendar::england_and_wales();
    code_periods periods{};
    complaint c{};
    std::vector<complaint_clock> clocks;

    // Applies the action as the app does: changed clocks replace or join the stored ones.
    complaint_plan step(complaint_action a, std::string_view when, int days = 0) {
        auto plan = plan_complaint(cal, periods, c, clocks, a, at(when), days);
        if (plan.refusal) {
            return plan;
        }
        for (auto changed : plan.changed) {
            if (changed.id == 0) {
                changed.id = static_cast<id_t>(clocks.size()) + 1;
                clocks.push_back(changed);
            } else {
                clocks[static_cast<std::size_t>(changed.id - 1)] = changed;
            }
        }
        c.state = plan.next;
        if (c.state == complaint_status::stage2_received) {
            c.stage = 2;
        }
        return plan;
    }

    const complaint_clock& clock(int stage, complaint_step s) const {
        for (const auto& k : clocks) {
            if (k.stage == stage && k.step == s) {
                return k;
            }
        }
        throw std::logic_error("no such clock");
    }
};

// Christmas 2026: Friday 25 December and Monday 28 December (Boxing Day, substitute) are bank holidays, and
// New Year's Day 2027 is a Friday.
TEST(complaint_clocks, count_working_days_over_christmas_to_the_end_of_the_last_day) {
    complaint_case k;
    k.step(complaint_action::raise, "2026-12-21T10:00:00Z");
    EXPECT_EQ(k.c.state, complaint_status::stage1_received);
    // Tue 22, Wed 23, Thu 24, (Fri 25, Sat, Sun, Mon 28), Tue 29, Wed 30: the end of Wednesday 30 December.
    EXPECT_EQ(format_iso(k.clock(1, complaint_step::acknowledge).due()), "2026-12-31T00:00:00Z");

    k.step(complaint_action::acknowledge, "2026-12-23T15:00:00Z");
    EXPECT_EQ(k.c.state, complaint_status::stage1_acknowledged);
    EXPECT_EQ(k.clock(1, complaint_step::acknowledge).met, at("2026-12-23T15:00:00Z"));
    // Ten working days from the acknowledgement: Thu 24, Tue 29, Wed 30, Thu 31, (Fri 1 January), Mon 4 ...
    // Fri 8, Mon 11: the end of Monday 11 January.
    EXPECT_EQ(format_iso(k.clock(1, complaint_step::respond).due()), "2027-01-12T00:00:00Z");
    EXPECT_EQ(state_of(k.clock(1, complaint_step::respond), at("2027-01-11T23:59:59Z"), 0.25),
              clock_state::at_risk);
    EXPECT_EQ(state_of(k.clock(1, complaint_step::respond), at("2027-01-12T00:00:01Z"), 0.25),
              clock_state::breached);
}

TEST(complaint_clocks, run_to_the_end_of_a_uk_day_across_the_clock_change_and_easter) {
    // Easter 2027: Good Friday 26 March, Easter Monday 29 March; summer time begins on Sunday 28 March.
    complaint_case k;
    k.step(complaint_action::raise, "2027-03-25T10:00:00Z");
    // Tue 30, Wed 31, Thu 1, Fri 2, Mon 5 April: its end is midnight BST, 23:00 UTC.
    EXPECT_EQ(format_iso(k.clock(1, complaint_step::acknowledge).due()), "2027-04-05T23:00:00Z");
}

TEST(complaint_clocks, extend_within_the_codes_limit_and_refuse_more_naming_days) {
    complaint_case k;
    k.step(complaint_action::raise, "2026-12-21T10:00:00Z");
    k.step(complaint_action::acknowledge, "2026-12-23T15:00:00Z");
    auto plan = k.step(complaint_action::extend, "2027-01-05T09:00:00Z", 4);
    ASSERT_FALSE(plan.refusal);
    const auto& respond = k.clock(1, complaint_step::respond);
    EXPECT_EQ(respond.extended_days, 4);
    // Ten and four working days from 23 December: Tue 12, Wed 13, Thu 14, Fri 15 January.
    EXPECT_EQ(format_iso(respond.due()), "2027-01-16T00:00:00Z");
    EXPECT_EQ(format_iso(respond.base_due), "2027-01-12T00:00:00Z");

    plan = k.step(complaint_action::extend, "2027-01-06T09:00:00Z", 6);
    ASSERT_FALSE(plan.refusal);
    EXPECT_EQ(format_iso(k.clock(1, complaint_step::respond).due()), "2027-01-26T00:00:00Z");

    plan = k.step(complaint_action::extend, "2027-01-07T09:00:00Z", 1);
    ASSERT_TRUE(plan.refusal);
    EXPECT_EQ(plan.refusal_field, "days");
    EXPECT_NE(plan.refusal->find("10 working days"), std::string::npos) << *plan.refusal;
    EXPECT_EQ(k.clock(1, complaint_step::respond).extended_days, 10);
}

TEST(complaint_clocks, stage_two_after_a_response_with_twenty_working_days_and_a_late_answer_is_met_late) {
    complaint_case k;
    k.step(complaint_action::raise, "2027-02-01T09:00:00Z");
    k.step(complaint_action::acknowledge, "2027-02-02T09:00:00Z");
    k.step(complaint_action::respond, "2027-02-10T09:00:00Z");
    EXPECT_EQ(k.c.state, complaint_status::stage1_responded);
    EXPECT_EQ(state_of(k.clock(1, complaint_step::respond), at("2027-03-01T00:00:00Z"), 0.25),
              clock_state::met);

    k.step(complaint_action::escalate, "2027-02-15T09:00:00Z");
    EXPECT_EQ(k.c.state, complaint_status::stage2_received);
    EXPECT_EQ(k.c.stage, 2);
    // Mon 15 February + 5 working days: the end of Monday 22 February.
    EXPECT_EQ(format_iso(k.clock(2, complaint_step::acknowledge).due()), "2027-02-23T00:00:00Z");
    k.step(complaint_action::acknowledge, "2027-02-16T09:00:00Z");
    // 20 working days from Tue 16 February: the end of Tuesday 16 March.
    EXPECT_EQ(format_iso(k.clock(2, complaint_step::respond).due()), "2027-03-17T00:00:00Z");
    k.step(complaint_action::respond, "2027-03-17T08:00:00Z");
    EXPECT_EQ(k.c.state, complaint_status::closed);
    EXPECT_EQ(state_of(k.clock(2, complaint_step::respond), at("2027-04-01T00:00:00Z"), 0.25),
              clock_state::met_late);
}

TEST(complaint_clocks, a_response_before_an_acknowledgement_meets_both) {
    complaint_case k;
    k.step(complaint_action::raise, "2027-02-01T09:00:00Z");
    k.step(complaint_action::respond, "2027-02-03T09:00:00Z");
    EXPECT_EQ(k.c.state, complaint_status::stage1_responded);
    EXPECT_EQ(k.clock(1, complaint_step::acknowledge).met, at("2027-02-03T09:00:00Z"));
    EXPECT_EQ(k.clock(1, complaint_step::respond).met, at("2027-02-03T09:00:00Z"));
}

TEST(complaint_clocks, escalating_or_closing_stops_what_is_still_owed) {
    complaint_case k;
    k.step(complaint_action::raise, "2027-02-01T09:00:00Z");
    k.step(complaint_action::acknowledge, "2027-02-02T09:00:00Z");
    k.step(complaint_action::escalate, "2027-02-04T09:00:00Z");
    EXPECT_TRUE(k.clock(1, complaint_step::respond).stopped);
    EXPECT_EQ(k.clock(1, complaint_step::respond).stop_reason, "escalated to stage 2");
    k.step(complaint_action::close, "2027-02-05T09:00:00Z");
    EXPECT_EQ(k.c.state, complaint_status::closed);
    EXPECT_EQ(k.clock(2, complaint_step::acknowledge).stop_reason, "complaint closed");
}

TEST(complaint_clocks, refuse_a_step_the_state_does_not_allow) {
    complaint_case k;
    k.step(complaint_action::raise, "2027-02-01T09:00:00Z");
    auto plan = k.step(complaint_action::escalate, "2027-02-02T09:00:00Z");
    ASSERT_TRUE(plan.refusal);
    EXPECT_TRUE(plan.refusal_field.empty());
    plan = k.step(complaint_action::extend, "2027-02-02T09:00:00Z", 3);
    ASSERT_TRUE(plan.refusal);
    k.step(complaint_action::acknowledge, "2027-02-02T09:00:00Z");
    EXPECT_TRUE(k.step(complaint_action::acknowledge, "2027-02-03T09:00:00Z").refusal);
    k.step(complaint_action::close, "2027-02-04T09:00:00Z");
    EXPECT_TRUE(complaint_actions(complaint_status::closed).empty());
    EXPECT_TRUE(k.step(complaint_action::respond, "2027-02-05T09:00:00Z").refusal);
}

// Worked by hand: three complaints received in February 2027 over 400 homes.
TEST(complaint_figures, count_per_stage_in_time_and_per_thousand_homes) {
    complaint_case a; // acknowledged and answered in time
    a.step(complaint_action::raise, "2027-02-01T09:00:00Z");
    a.step(complaint_action::acknowledge, "2027-02-02T09:00:00Z");
    a.step(complaint_action::respond, "2027-02-10T09:00:00Z");
    a.step(complaint_action::escalate, "2027-02-12T09:00:00Z"); // stage 2, acknowledged in March
    a.step(complaint_action::acknowledge, "2027-03-01T09:00:00Z");
    complaint_case b; // acknowledged late (due the end of 8 February), answered late after an extension
    b.step(complaint_action::raise, "2027-02-01T09:00:00Z");
    b.step(complaint_action::acknowledge, "2027-02-09T09:00:00Z");
    b.step(complaint_action::extend, "2027-02-20T09:00:00Z", 2);
    b.step(complaint_action::respond, "2027-02-26T09:00:00Z"); // due the end of 25 February
    complaint_case c;                                          // received in February, nothing done yet
    c.step(complaint_action::raise, "2027-02-26T09:00:00Z");
    complaint_case d; // received in January: not in February's count
    d.step(complaint_action::raise, "2027-01-28T09:00:00Z");

    std::vector<complaint_clock> all;
    for (auto* k : {&a, &b, &c, &d}) {
        all.insert(all.end(), k->clocks.begin(), k->clocks.end());
    }
    const auto f = complaint_figures_of(all, 400, at("2027-02-01T00:00:00Z"), at("2027-03-01T00:00:00Z"));
    EXPECT_EQ(f.stage1.received, 3);
    EXPECT_EQ(f.stage1.acknowledged, 2);
    EXPECT_EQ(f.stage1.acknowledged_in_time.meeting, 1);
    EXPECT_EQ(f.stage1.responded_in_time.count, 2);
    EXPECT_EQ(f.stage1.responded_in_time.meeting, 1);
    EXPECT_DOUBLE_EQ(*f.stage1.responded_in_time.percent(), 50.0);
    EXPECT_EQ(f.stage1.extended, 1);
    EXPECT_DOUBLE_EQ(*f.stage1.per_1000_homes, 7.5);
    EXPECT_EQ(f.stage2.received, 1);
    EXPECT_EQ(f.stage2.acknowledged, 0); // in March
    EXPECT_FALSE(f.stage2.responded_in_time.percent());
    EXPECT_DOUBLE_EQ(*f.stage2.per_1000_homes, 2.5);

    EXPECT_FALSE(complaint_figures_of({}, 0, f.from, f.to).stage1.per_1000_homes);
}

} // namespace
} // namespace mend::domain
