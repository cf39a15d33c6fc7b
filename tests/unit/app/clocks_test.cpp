#include "app/clocks.hpp"
#include "app/jobs.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using namespace std::chrono_literals;
using domain::clock_kind;
using domain::clock_state;
using domain::role;

domain::instant at(std::string_view iso) {
    return *domain::parse_iso(iso);
}

class clocks_test : public ::testing::Test {
protected:
    void SetUp() override {
        test::memory_accounts accounts(store.state);
        firm = accounts.insert_contractor({0, "Fixwell", {"damp_mould"}}).id;
        officer = {accounts.insert_user({0, role::officer, "Olivia", {}, {}, {}}, "h1").id,
                   role::officer,
                   "Olivia",
                   {}};
        tenant = {
            accounts.insert_user({0, role::tenant, "Tom", {}, {}, {}}, "h2").id, role::tenant, "Tom", {}};
        contractor = {accounts.insert_user({0, role::contractor, "Carl", {}, {}, firm}, "h4").id,
                      role::contractor, "Carl", firm};
        home = accounts.insert_property({0, "100023336956", "Flat 3", "E8 1AB"}).id;
        accounts.add_tenancy(home, tenant.user_id, domain::home_tenure::tenant);
        store.listen(keeper);
        clock.t = at("2026-11-19T10:00:00Z"); // a Thursday
    }

    outcome<domain::job> report(std::string category = "damp_mould") {
        const report_command cmd{"100023336956", category, "Mould in the bedroom", "", {}, {}, {}, {}};
        return test::job_of(write_and_wait(store, report_job, tenant, cmd, clock.now()));
    }

    outcome<domain::job> act(const domain::actor& who, const std::string& ref, action_command cmd) {
        return test::job_of(write_and_wait(store, apply_action, who, ref, cmd, clock.now()));
    }

    domain::job_clock clock_of(const domain::job& job, clock_kind kind) {
        for (const auto& c : reads.clocks_of(job.id)) {
            if (c.kind == kind) {
                return c;
            }
        }
        ADD_FAILURE() << "no " << domain::to_string(kind) << " clock";
        return {};
    }

    int escalate() {
        int n = 0;
        store.submit(
            [&](unit_of_work& uow) {
                n = escalate_clocks(uow, clock.now(), settings.at_risk_share);
                return true;
            },
            [](std::exception_ptr) {});
        return n;
    }

    test::memory_store store;
    test::manual_clock clock;
    domain::clock_settings settings;
    clock_keeper keeper{settings};
    test::memory_clock_reads reads{store.state.clocks, store.state.jobs, store.state.tenancies};
    domain::id_t firm = 0, home = 0;
    domain::actor officer, tenant, contractor;
};

TEST_F(clocks_test, triage_sets_the_target_from_the_report_time_and_records_how) {
    const auto job = *report("plumbing");
    clock.t += 26h; // triaged on Friday; the target still counts from Thursday's report
    ASSERT_TRUE(act(officer, job.reference, {.action = "triage", .priority = "urgent"}));
    const auto target = clock_of(job, clock_kind::repair_target);
    EXPECT_EQ(target.started, at("2026-11-19T10:00:00Z"));
    EXPECT_EQ(target.due(), at("2026-11-26T10:00:00Z"));
    EXPECT_EQ(target.basis, "5 working days from 2026-11-19T10:00:00Z (England and Wales bank holidays)");
    const auto& e = store.state.events.back();
    EXPECT_EQ(domain::data_value(e.data, "target_due"), "2026-11-26T10:00:00Z");
    EXPECT_EQ(reads.clocks_of(job.id).size(), 1U); // no hazard, no legal clocks
}

TEST_F(clocks_test, a_write_and_a_page_of_views_carry_each_jobs_clocks) {
    const auto ids = [](const std::vector<domain::job_clock>& clocks) {
        std::vector<domain::id_t> out;
        for (const auto& c : clocks) {
            out.push_back(c.id);
        }
        return out;
    };
    const auto plumbing = *report("plumbing");
    const auto mould = *report();
    EXPECT_TRUE(write_and_wait(store, report_job, tenant,
                               report_command{"100023336956", "plumbing", "Drip", "", {}, {}, {}, {}},
                               clock.now())
                    ->clocks.empty())
        << "no clock runs before triage";
    const auto triaged =
        write_and_wait(store, apply_action, officer, plumbing.reference,
                       action_command{.action = "triage", .priority = "urgent"}, clock.now());
    ASSERT_TRUE(triaged);
    EXPECT_EQ(ids(triaged->clocks), ids(reads.clocks_of(plumbing.id))) << "the target, as the write left it";
    ASSERT_TRUE(
        act(officer, mould.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));

    const auto views = views_of(store, &reads, officer, {plumbing, mould}, clock.now());
    ASSERT_EQ(views.size(), 2U);
    EXPECT_EQ(ids(views[0].clocks), ids(reads.clocks_of(plumbing.id)));
    EXPECT_EQ(ids(views[1].clocks), ids(reads.clocks_of(mould.id)));
    EXPECT_GT(views[1].clocks.size(), 1U) << "a significant hazard has legal clocks too";
}

TEST_F(clocks_test, a_job_reprioritised_gets_a_new_target_with_the_reason_recorded) {
    const auto job = *report("plumbing");
    ASSERT_TRUE(act(officer, job.reference, {.action = "triage", .priority = "routine"}));
    EXPECT_EQ(clock_of(job, clock_kind::repair_target).due(), at("2026-12-17T10:00:00Z"));
    clock.t += 48h;
    auto no_reason = act(officer, job.reference, {.action = "reprioritise", .priority = "emergency"});
    ASSERT_FALSE(no_reason);
    EXPECT_EQ(no_reason.error().field, "reason");
    auto same = act(officer, job.reference, {.action = "reprioritise", .priority = "routine", .reason = "x"});
    ASSERT_FALSE(same);
    EXPECT_EQ(same.error().field, "priority");
    auto changed =
        act(officer, job.reference,
            {.action = "reprioritise", .priority = "emergency", .reason = "water through the ceiling"});
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->priority, domain::priority::emergency);
    EXPECT_EQ(changed->state, domain::status::triaged);
    EXPECT_EQ(clock_of(job, clock_kind::repair_target).due(), at("2026-11-20T10:00:00Z"));
    const auto& e = store.state.events.back();
    EXPECT_EQ(e.action, domain::action::reprioritise);
    EXPECT_EQ(domain::data_value(e.data, "reason"), "water through the ceiling");
    EXPECT_EQ(domain::data_value(e.data, "previous_priority"), "routine");
    EXPECT_EQ(domain::data_value(e.data, "previous_target_due"), "2026-12-17T10:00:00Z");
    EXPECT_EQ(domain::data_value(e.data, "target_due"), "2026-11-20T10:00:00Z");
    // Reported Thursday 10:00, now Saturday 10:00: a day past the emergency target.
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::repair_target), clock.now(), 0.25),
              clock_state::breached);
}

TEST_F(clocks_test, a_significant_hazard_runs_the_awaab_clocks_in_order) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));
    EXPECT_EQ(clock_of(job, clock_kind::investigate).due(), at("2026-12-04T00:00:00Z")); // end of 3 December
    auto early = act(officer, job.reference, {.action = "summary_sent"});
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, errc::invalid_transition);

    clock.t = at("2026-11-24T15:00:00Z"); // Tuesday
    ASSERT_TRUE(act(officer, job.reference,
                    {.action = "investigation_concluded", .further_works = "within_12_weeks"}));
    EXPECT_EQ(clock_of(job, clock_kind::investigate).met, clock.t);
    EXPECT_EQ(clock_of(job, clock_kind::written_summary).due(), at("2026-11-28T00:00:00Z"));
    EXPECT_EQ(clock_of(job, clock_kind::safety_work).due(), at("2026-12-02T00:00:00Z"));
    EXPECT_EQ(clock_of(job, clock_kind::further_works).due(), at("2027-02-17T00:00:00Z"));
    EXPECT_FALSE(act(officer, job.reference, {.action = "investigation_concluded"}));

    clock.t = at("2026-11-26T09:00:00Z");
    ASSERT_TRUE(act(officer, job.reference, {.action = "summary_sent"}));
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::written_summary), clock.t, 0.25), clock_state::met);
    ASSERT_TRUE(act(officer, job.reference, {.action = "assign", .contractor_id = firm}));
    clock.t = at("2026-12-02T09:00:00Z"); // a day late
    ASSERT_TRUE(act(contractor, job.reference, {.action = "safety_work_done"}));
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::safety_work), clock.t, 0.25), clock_state::met_late);
    ASSERT_TRUE(act(contractor, job.reference, {.action = "works_started"}));
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::further_works), clock.t, 0.25), clock_state::met);
}

TEST_F(clocks_test, an_emergency_hazard_must_be_made_safe_within_24_hours_of_the_report) {
    const auto job = *report();
    clock.t += 2h;
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "emergency", .hazard = "emergency"}));
    const auto c = clock_of(job, clock_kind::make_safe);
    EXPECT_EQ(c.due(), at("2026-11-20T10:00:00Z"));
    clock.t = at("2026-11-20T05:00:00Z");
    EXPECT_EQ(domain::state_of(c, clock.t, 0.25), clock_state::at_risk); // 5 of 24 hours left
    ASSERT_TRUE(act(officer, job.reference, {.action = "safety_work_done"}));
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::make_safe), clock.t, 0.25), clock_state::met);
}

TEST_F(clocks_test, an_emergency_hazard_is_investigated_and_made_safe_as_two_steps_of_24_hours) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "emergency", .hazard = "emergency"}));
    EXPECT_EQ(clock_of(job, clock_kind::investigate).due(), at("2026-11-20T10:00:00Z"));
    EXPECT_EQ(clock_of(job, clock_kind::make_safe).due(), at("2026-11-20T10:00:00Z"));
    clock.t = at("2026-11-19T16:00:00Z");
    ASSERT_TRUE(act(officer, job.reference, {.action = "investigation_concluded", .further_works = "none"}));
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::investigate), clock.t, 0.25), clock_state::met);
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::make_safe), clock.t, 0.25), clock_state::running)
        << "safety work is still owed";
}

TEST_F(clocks_test, make_safe_ends_when_the_investigation_finds_no_safety_work_is_required) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "emergency"}));
    clock.t = at("2026-11-19T18:00:00Z");
    ASSERT_TRUE(
        act(officer, job.reference,
            {.action = "investigation_concluded", .safety_work = "not_required", .further_works = "none"}));
    clock.t = at("2026-11-21T10:00:00Z"); // well past the 24 hours
    const auto made_safe = clock_of(job, clock_kind::make_safe);
    EXPECT_FALSE(made_safe.open());
    EXPECT_NE(domain::state_of(made_safe, clock.t, 0.25), clock_state::breached);
    EXPECT_EQ(made_safe.stop_reason, "the investigation found no safety work is required");
    EXPECT_EQ(escalate(), 0) << "nothing legal is owed but the written summary, which is not yet late";
}

TEST_F(clocks_test, close_is_refused_while_a_legal_clock_runs_unless_it_is_settled_with_a_reason) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));
    ASSERT_TRUE(
        act(officer, job.reference,
            {.action = "investigation_concluded", .safety_work = "not_required", .further_works = "none"}));
    ASSERT_TRUE(act(officer, job.reference, {.action = "assign", .contractor_id = firm}));
    ASSERT_TRUE(act(contractor, job.reference, {.action = "start"}));
    ASSERT_TRUE(act(contractor, job.reference, {.action = "complete"}));
    ASSERT_TRUE(act(tenant, job.reference, {.action = "confirm_fixed"}));
    auto refused = act(officer, job.reference, {.action = "close"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, errc::invalid_transition);
    EXPECT_NE(refused.error().message.find("written_summary"), std::string::npos) << refused.error().message;
    EXPECT_EQ(store.state.jobs.at(job.id).state, domain::status::resolved);

    EXPECT_EQ(
        act(officer, job.reference, {.action = "settle_clock", .clock = "written_summary"}).error().field,
        "reason");
    ASSERT_TRUE(act(officer, job.reference,
                    {.action = "settle_clock",
                     .reason = "summary handed over at the visit",
                     .clock = "written_summary"}));
    const auto settled = clock_of(job, clock_kind::written_summary);
    EXPECT_EQ(domain::state_of(settled, clock.t + 1000h, 0.25), clock_state::stopped);
    EXPECT_EQ(settled.stop_reason, "settled: summary handed over at the visit");
    EXPECT_EQ(domain::data_value(store.state.events.back().data, "reason"),
              "summary handed over at the visit");
    EXPECT_EQ(act(officer, job.reference, {.action = "settle_clock", .reason = "again"}).error().code,
              errc::invalid_transition);
    ASSERT_TRUE(act(officer, job.reference, {.action = "close"}));
}

TEST_F(clocks_test, a_legal_deadline_in_working_days_runs_to_the_end_of_the_last_day) {
    clock.t = at("2026-11-19T00:01:00Z");
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));
    const auto c = clock_of(job, clock_kind::investigate);
    EXPECT_EQ(c.due(), at("2026-12-04T00:00:00Z"));
    EXPECT_EQ(domain::last_day(c), domain::parse_date("2026-12-03"));
    EXPECT_NE(domain::state_of(c, at("2026-12-03T12:00:00Z"), 0.25), clock_state::breached);
    EXPECT_EQ(domain::state_of(c, at("2026-12-04T00:00:01Z"), 0.25), clock_state::breached);
    // The landlord's own target keeps the time of day.
    const auto target = clock_of(job, clock_kind::repair_target);
    EXPECT_EQ(target.due(), at("2026-11-26T00:01:00Z"));
    EXPECT_FALSE(domain::last_day(target));
}

TEST_F(clocks_test, reclassifying_keeps_when_the_landlord_became_aware) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));
    clock.t = at("2026-11-23T10:00:00Z");
    ASSERT_TRUE(
        act(officer, job.reference,
            {.action = "reprioritise", .hazard = "emergency", .reason = "mould spreading to the cot"}));
    EXPECT_EQ(clock_of(job, clock_kind::make_safe).started, at("2026-11-19T10:00:00Z"));
    EXPECT_EQ(clock_of(job, clock_kind::make_safe).due(), at("2026-11-20T10:00:00Z"));
    EXPECT_EQ(domain::data_value(store.state.events.back().data, "previous_priority"), "urgent");
    EXPECT_EQ(domain::data_value(store.state.events.back().data, "hazard"), "emergency");
    auto nothing = act(officer, job.reference, {.action = "reprioritise", .reason = "no change"});
    ASSERT_FALSE(nothing);
    EXPECT_EQ(nothing.error().field, "priority");
}

TEST_F(clocks_test, the_clocks_run_from_when_the_landlord_became_aware_and_reclassifying_keeps_it) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));
    auto later =
        act(officer, job.reference,
            {.action = "record_awareness", .aware_at = "2026-11-20T09:00:00Z", .awareness_source = "x"});
    ASSERT_FALSE(later);
    EXPECT_EQ(later.error().field, "aware_at");
    auto no_source =
        act(officer, job.reference, {.action = "record_awareness", .aware_at = "2026-11-12T09:00:00Z"});
    ASSERT_FALSE(no_source);
    EXPECT_EQ(no_source.error().field, "awareness_source");
    EXPECT_EQ(act(officer, job.reference,
                  {.action = "pause_clock", .reason = "no_access", .aware_at = "2026-11-12T09:00:00Z"})
                  .error()
                  .code,
              errc::validation);
    // A contractor saw the mould on a visit the week before the report.
    ASSERT_TRUE(act(officer, job.reference,
                    {.action = "record_awareness",
                     .aware_at = "2026-11-12T09:00:00Z",
                     .awareness_source = "contractor's gas safety visit"}));
    EXPECT_EQ(clock_of(job, clock_kind::investigate).started, at("2026-11-12T09:00:00Z"));
    EXPECT_EQ(clock_of(job, clock_kind::investigate).due(), at("2026-11-27T00:00:00Z")); // end of 26 November
    const auto& e = store.state.events.back();
    EXPECT_EQ(domain::data_value(e.data, "awareness_source"), "contractor's gas safety visit");
    EXPECT_EQ(domain::data_value(e.data, "investigate_due"), "2026-11-27T00:00:00Z");
    // The repair target still counts from the report.
    EXPECT_EQ(clock_of(job, clock_kind::repair_target).started, at("2026-11-19T10:00:00Z"));

    clock.t = at("2026-11-20T10:00:00Z");
    ASSERT_TRUE(act(officer, job.reference,
                    {.action = "reprioritise", .hazard = "emergency", .reason = "a baby in the room"}));
    EXPECT_EQ(clock_of(job, clock_kind::make_safe).started, at("2026-11-12T09:00:00Z"));
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::make_safe), clock.t, 0.25), clock_state::breached);
}

TEST_F(clocks_test, a_pause_for_another_reason_needs_words) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));
    auto bare = act(officer, job.reference, {.action = "pause_clock", .reason = "other"});
    ASSERT_FALSE(bare);
    EXPECT_EQ(bare.error().field, "reason_detail");
    ASSERT_TRUE(
        act(officer, job.reference,
            {.action = "pause_clock", .reason = "other", .reason_detail = "court injunction on access"}));
    EXPECT_EQ(domain::data_value(store.state.events.back().data, "reason_detail"),
              "court injunction on access");
}

TEST_F(clocks_test, a_clock_paused_and_resumed_is_due_later_by_the_pause) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));
    auto bad = act(officer, job.reference, {.action = "pause_clock", .reason = "lunch"});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "reason");
    EXPECT_EQ(act(officer, job.reference,
                  {.action = "pause_clock", .reason = "no_access", .clock = "repair_target"})
                  .error()
                  .field,
              "clock");
    EXPECT_EQ(act(officer, job.reference, {.action = "resume_clock"}).error().code, errc::invalid_transition);

    clock.t = at("2026-11-23T10:00:00Z");
    ASSERT_TRUE(act(officer, job.reference,
                    {.action = "pause_clock", .note = "no answer, three visits", .reason = "no_access"}));
    clock.t = at("2026-12-10T10:00:00Z"); // past the original due date, but paused
    auto paused = clock_of(job, clock_kind::investigate);
    EXPECT_EQ(domain::state_of(paused, clock.t, 0.25), clock_state::paused);
    EXPECT_EQ(escalate(), 1); // the repair target is breached; the paused clock is not
    EXPECT_EQ(act(officer, job.reference, {.action = "pause_clock", .reason = "no_access"}).error().code,
              errc::invalid_transition);

    ASSERT_TRUE(act(officer, job.reference, {.action = "resume_clock"}));
    const auto resumed = clock_of(job, clock_kind::investigate);
    ASSERT_EQ(resumed.pauses.size(), 1U);
    EXPECT_EQ(resumed.pauses[0].reason, domain::pause_reason::no_access);
    EXPECT_EQ(resumed.paused_for(), 17 * 24h);
    EXPECT_EQ(resumed.due(), at("2026-12-04T00:00:00Z") + 17 * 24h);
    EXPECT_EQ(domain::state_of(resumed, clock.t, 0.25), clock_state::running);
    // The target does not pause: the landlord's own promise counts as made.
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::repair_target), clock.t, 0.25),
              clock_state::breached);
}

TEST_F(clocks_test, the_overdue_scan_escalates_each_level_once_to_officers_and_the_firm) {
    const auto job = *report("plumbing");
    ASSERT_TRUE(act(officer, job.reference, {.action = "triage", .priority = "urgent"}));
    ASSERT_TRUE(act(officer, job.reference, {.action = "assign", .contractor_id = firm}));
    EXPECT_EQ(escalate(), 0);
    clock.t = at("2026-11-25T14:00:00Z"); // 20 of 120 hours left: at risk
    EXPECT_EQ(escalate(), 1);
    EXPECT_EQ(escalate(), 0);
    ASSERT_EQ(store.state.clocks.escalations.size(), 2U);
    EXPECT_EQ(store.state.clocks.escalations[0].recipient, "officers");
    EXPECT_EQ(store.state.clocks.escalations[1].recipient, "contractor");
    EXPECT_EQ(store.state.clocks.escalations[1].contractor_id, firm);
    EXPECT_EQ(store.state.clocks.escalations[1].level, 1);

    auto page = list_clocks(reads, officer, {.state = "at_risk"}, clock.t, 0.25);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1U);
    EXPECT_EQ(page->items[0].reference, job.reference);
    EXPECT_FALSE(list_jobs(store, officer, {.overdue = "true"})->items.size());

    clock.t = at("2026-11-26T10:00:01Z");
    EXPECT_EQ(escalate(), 1);
    EXPECT_EQ(store.state.clocks.escalations.back().level, 2);
    EXPECT_EQ(list_clocks(reads, officer, {.state = "breached"}, clock.t, 0.25)->items.size(), 1U);
    EXPECT_EQ(list_clocks(reads, officer, {.state = "at_risk"}, clock.t, 0.25)->items.size(), 0U);
    EXPECT_EQ(list_jobs(store, officer, {.overdue = "true"})->items.size(), 1U);
    EXPECT_EQ(list_clocks(reads, officer, {.state = "late"}, clock.t, 0.25).error().field, "state");
}

TEST_F(clocks_test, cancelling_stops_the_clocks) {
    const auto job = *report();
    ASSERT_TRUE(
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}));
    ASSERT_TRUE(act(officer, job.reference, {.action = "cancel", .reason = "tenant moved out"}));
    for (const auto& c : reads.clocks_of(job.id)) {
        EXPECT_EQ(domain::state_of(c, clock.t + 1000h, 0.25), clock_state::stopped);
        EXPECT_EQ(c.stop_reason, "cancel");
    }
}

TEST_F(clocks_test, the_tenant_rates_a_resolved_job_once) {
    const auto job = *report("plumbing");
    ASSERT_TRUE(act(officer, job.reference, {.action = "triage", .priority = "routine"}));
    ASSERT_TRUE(act(officer, job.reference, {.action = "assign", .contractor_id = firm}));
    ASSERT_TRUE(act(contractor, job.reference, {.action = "start"}));
    EXPECT_EQ(
        act(tenant, job.reference, {.action = "rate", .repair_rating = 5, .time_rating = 4}).error().code,
        errc::invalid_transition);
    ASSERT_TRUE(act(contractor, job.reference, {.action = "complete"}));
    EXPECT_EQ(domain::state_of(clock_of(job, clock_kind::repair_target), clock.t, 0.25), clock_state::met);
    ASSERT_TRUE(act(tenant, job.reference, {.action = "confirm_fixed"}));
    EXPECT_EQ(
        act(tenant, job.reference, {.action = "rate", .repair_rating = 6, .time_rating = 4}).error().field,
        "repair_rating");
    EXPECT_EQ(act(tenant, job.reference, {.action = "rate", .repair_rating = 5}).error().field,
              "time_rating");
    EXPECT_EQ(
        act(officer, job.reference, {.action = "rate", .repair_rating = 5, .time_rating = 4}).error().code,
        errc::forbidden);
    ASSERT_TRUE(act(tenant, job.reference, {.action = "rate", .repair_rating = 5, .time_rating = 2}));
    EXPECT_EQ(domain::data_value(store.state.events.back().data, "time_rating"), "2");
    auto again = act(tenant, job.reference, {.action = "rate", .repair_rating = 1, .time_rating = 1});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, errc::invalid_transition);
}

} // namespace
} // namespace mend::app
