#include "pages/clock_view.hpp"

#include <gtest/gtest.h>

namespace mend::pages {
namespace {

using domain::clock_kind;

domain::instant at(std::string_view iso) {
    return *domain::parse_iso(iso);
}

domain::job job_of(domain::hazard hz) {
    domain::job job;
    job.id = 7;
    job.priority = domain::priority::urgent;
    job.hazard = hz;
    job.created_at = at("2026-11-19T10:00:00Z");
    return job;
}

domain::job_clock clock_of(clock_kind kind, std::string_view started, std::string_view due) {
    domain::job_clock c;
    c.job_id = 7;
    c.kind = kind;
    c.started = at(started);
    c.base_due = at(due);
    c.basis = "10 working days from the report at 2026-11-19T10:00:00Z (England and Wales bank holidays)";
    return c;
}

std::string text(const mdata& row, const std::string& key) {
    const auto* v = row.get(key);
    return v != nullptr && v->is_string() ? v->string_value() : std::string();
}

TEST(clock_view, staff_see_the_target_first_then_each_legal_clock_with_its_state) {
    const domain::clock_settings settings;
    auto investigate = clock_of(clock_kind::investigate, "2026-11-19T10:00:00Z", "2026-12-03T10:00:00Z");
    investigate.pauses.push_back(
        {at("2026-11-20T10:00:00Z"), at("2026-11-21T13:00:00Z"), domain::pause_reason::no_access});
    auto summary = clock_of(clock_kind::written_summary, "2026-11-23T10:00:00Z", "2026-11-26T10:00:00Z");
    summary.pauses.push_back(
        {at("2026-11-24T09:00:00Z"), std::nullopt, domain::pause_reason::consent_refused});
    const auto target = clock_of(clock_kind::repair_target, "2026-11-19T10:00:00Z", "2026-11-26T10:00:00Z");
    const auto now = at("2026-11-27T12:00:00Z");

    const auto view =
        time_view({investigate, summary, target}, job_of(domain::hazard::significant), false, now, settings);
    const auto& rows = view.get("deadlines")->list_value();
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(text(rows[0], "what"), "Repair target");
    EXPECT_EQ(text(rows[0], "state"), "Overdue");
    EXPECT_EQ(text(rows[0], "state_tag"), "govuk-tag--red");
    EXPECT_EQ(text(rows[0], "due"), "26 November 2026, 10am");
    EXPECT_EQ(text(rows[0], "allowed"), "Urgent priority: 5 working days from the report");
    EXPECT_EQ(text(rows[1], "what"), "Investigate the hazard");
    EXPECT_EQ(text(rows[1], "state"), "On track");
    EXPECT_EQ(text(rows[1], "due"), "4 December 2026, 1pm"); // moved back by the 27-hour pause
    EXPECT_EQ(text(rows[1], "allowed"), "10 working days from the report");
    EXPECT_EQ(text(rows[1], "paused_total"), "The due time includes 1 day 3 hours paused");
    EXPECT_EQ(text(rows[2], "state"), "Paused");
    EXPECT_EQ(text(rows[2], "paused"), "Paused since 24 November 2026, 9am: The tenant refused consent");
    EXPECT_TRUE(overdue({investigate, summary, target}, now, settings.at_risk_share));
    EXPECT_FALSE(overdue({investigate, summary}, now, settings.at_risk_share));
}

TEST(clock_view, tenants_see_the_target_date_and_the_legal_deadlines_in_their_words) {
    const domain::clock_settings settings;
    auto made_safe = clock_of(clock_kind::make_safe, "2026-11-19T10:00:00Z", "2026-11-20T10:00:00Z");
    made_safe.met = at("2026-11-20T11:00:00Z");
    auto stopped = clock_of(clock_kind::investigate, "2026-11-19T10:00:00Z", "2026-12-03T10:00:00Z");
    stopped.stopped = at("2026-11-19T12:00:00Z");
    stopped.stop_reason = "hazard reclassified as emergency";
    const auto target = clock_of(clock_kind::repair_target, "2026-11-19T10:00:00Z", "2026-11-20T10:00:00Z");
    const auto view = time_view({made_safe, stopped, target}, job_of(domain::hazard::emergency), true,
                                at("2026-11-20T09:00:00Z"), settings);
    EXPECT_EQ(text(view, "tenant_target"), "By 20 November 2026, 10am");
    const auto& rows = view.get("tenant_clocks")->list_value();
    ASSERT_EQ(rows.size(), 1U); // a clock that no longer applies is left out
    EXPECT_EQ(text(rows[0], "what"), "Investigate the hazard and make your home safe");
    EXPECT_EQ(text(rows[0], "note"), "Done on 20 November 2026, 11am, after the deadline");
    EXPECT_EQ(view.get("deadlines"), nullptr);
}

TEST(clock_view, time_events_are_described_in_words) {
    domain::event e;
    e.action = domain::action::reprioritise;
    e.data = {{"previous_priority", "urgent"},
              {"previous_hazard", "none"},
              {"priority", "emergency"},
              {"hazard", "none"},
              {"reason", "Child with asthma"}};
    EXPECT_EQ(event_details(e, false), "Priority: Urgent to Emergency");
    e.action = domain::action::pause_clock;
    e.data = {{"reason", "no_access"}, {"clocks", "investigate,safety_work"}};
    EXPECT_EQ(event_details(e, false), "Clock: Investigate the hazard; Safety work");
    EXPECT_EQ(event_details(e, true),
              "Deadline: Investigate the hazard; Do the work needed to make your home safe");
    e.action = domain::action::rate;
    e.data = {{"repair_rating", "5"}, {"time_rating", "2"}};
    EXPECT_EQ(event_details(e, true), "The repair: Very satisfied. The time it took: Fairly dissatisfied");
    e.action = domain::action::investigation_concluded;
    e.data = {{"further_works", "none"}};
    EXPECT_EQ(event_details(e, false), "Further works: No further works are needed");
    e.action = domain::action::triage;
    EXPECT_EQ(event_details(e, false), "");
}

TEST(clock_view, durations_in_words) {
    using namespace std::chrono_literals;
    EXPECT_EQ(duration_words(20s), "less than a minute");
    EXPECT_EQ(duration_words(45min), "45 minutes");
    EXPECT_EQ(duration_words(1h + 1min), "1 hour 1 minute");
    EXPECT_EQ(duration_words(49h + 5min), "2 days 1 hour");
    EXPECT_EQ(duration_words(24h), "1 day");
}

} // namespace
} // namespace mend::pages
