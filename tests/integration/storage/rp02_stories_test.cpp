// RP02 from the stories kept as events are written (sqlite_report_reads::scan_stories) against RP02 from
// every event (scan_histories, as it was computed before), on the bench's seeded year with reopened,
// cancelled, communal, rated and overdue jobs, for periods that end after every event and periods that cut
// jobs in two.
#include "app/accounts/admin.hpp"
#include "app/places.hpp"
#include "app/reports.hpp"
#include "cli/bench_seed.hpp"
#include "formats/reports.hpp"
#include "integration/storage/database_fixture.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/json.hpp>

namespace mend::storage {
namespace {

using namespace std::chrono;

class rp02_stories_test : public database_fixture {
protected:
    void act(const domain::actor& who, const std::string& ref, app::action_command cmd, domain::instant at) {
        unit(app::apply_action, who, ref, cmd, at);
    }

    // RP02 as it was computed before the stories were kept: every event of every job of interest.
    domain::rp02_report from_every_event(domain::instant from, domain::instant to) {
        domain::rp02_builder builder(from, to, settings);
        db_->report_reads().scan_histories(
            from - domain::repeat_window, from, to,
            [&builder](const domain::job_facts& job, const std::vector<domain::event>& events) {
                builder.add(job, events);
            });
        auto report = builder.finish();
        app::name_repeats(db_->report_reads(), report);
        return report;
    }

    const domain::instant now = *domain::parse_iso("2027-06-01T12:00:00Z");
};

TEST_F(rp02_stories_test, rp02_from_the_kept_stories_equals_rp02_from_every_event) {
    const auto seeded = cli::seed_bench(db_->writes(), now - days{12}, {.jobs = 400, .jobs_per_home = 4}, {},
                                        settings.at_risk_share);
    ASSERT_GT(seeded.escalated, 0) << "some clocks overdue";
    ASSERT_GT(seeded.by_status.at("cancelled"), 0);

    domain::actor officer, tenant, fixer;
    app::id_t firm = 0;
    app::id_t block = 0;
    db_->run([&](app::unit_of_work& uow) {
        firm = app::add_contractor(uow, "Story Repairs", {})->id;
        auto o = app::add_user(uow, {"officer", "Olivia", {}, {}, {}});
        officer = {o->user.id, domain::role::officer, "Olivia", {}};
        auto t = app::add_user(uow, {"tenant", "Tom", {}, {}, {}});
        tenant = {t->user.id, domain::role::tenant, "Tom", {}};
        auto c = app::add_user(uow, {"contractor", "Carl", {}, {}, firm});
        fixer = {c->user.id, domain::role::contractor, "Carl", firm};
        app::add_property(uow, {"100023339999", "Flat 9", "E8 1AB", tenant.user_id});
        const auto estate = app::add_place(uow, {"estate", "Agar Estate", "Agar Grove"}).value();
        block = app::add_place(uow, {"block", "Agar House", "1-40 Agar Grove", "", estate.id})->id;
        return true;
    });
    const auto report = [&](const domain::actor& who, app::report_command cmd, domain::instant at) {
        return unit(app::report_job, who, cmd, at).job.reference;
    };
    const auto finish = [&](const std::string& ref, domain::instant at) {
        act(officer, ref, {.action = "assign", .contractor_id = firm}, at);
        act(fixer, ref, {.action = "start"}, at + hours{1});
        act(fixer, ref, {.action = "complete"}, at + hours{2});
    };
    const app::report_command leak{"100023339999", "plumbing", "Leak", "", {}, {}, {}, {}};

    // Reopened and completed again, all before the last period's end.
    const auto twice = report(tenant, leak, now - days{50});
    act(officer, twice, {.action = "triage", .priority = "urgent"}, now - days{50} + hours{1});
    finish(twice, now - days{45});
    act(tenant, twice, {.action = "reopen", .reason = "still leaking"}, now - days{44});
    finish(twice, now - days{30});
    act(tenant, twice, {.action = "confirm_fixed"}, now - days{29});
    act(tenant, twice, {.action = "rate", .repair_rating = 5, .time_rating = 2}, now - days{29} + hours{1});

    // Complete when a period ends ten days ago, reopened since: that period counts its first completion.
    const auto spans = report(tenant, leak, now - days{25});
    act(officer, spans, {.action = "triage", .priority = "emergency"}, now - days{25} + hours{1});
    finish(spans, now - days{24});
    act(tenant, spans, {.action = "reopen", .reason = "dripping again"}, now - days{5});

    // A communal job on a block, completed late; a job cancelled with its clock running.
    app::report_command lift{.category = "communal", .description = "Lift stuck"};
    lift.block = block;
    lift.public_summary = "The lift is not working";
    const auto communal = report(officer, lift, now - days{40});
    act(officer, communal, {.action = "triage", .priority = "emergency"}, now - days{40} + hours{1});
    finish(communal, now - days{35});
    const auto dropped = report(tenant, leak, now - days{20});
    act(officer, dropped, {.action = "triage", .priority = "routine"}, now - days{20} + hours{1});
    act(officer, dropped, {.action = "cancel", .reason = "Reported twice"}, now - days{19});

    // Each job's kept story is what the migration computes from all its events.
    SQLite::Database db((dir_ / "mend.db").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM requests r JOIN job_story_source s ON s.id = r.id WHERE "
                            "r.story_priority IS NOT s.priority OR r.story_target_due IS NOT s.target_due OR "
                            "r.story_firm IS NOT s.firm OR r.story_completed_at IS NOT s.completed_at OR "
                            "r.story_completed_by IS NOT s.completed_by OR r.story_last_at IS NOT s.last_at")
                  .getInt64(),
              0);
    EXPECT_GT(db.execAndGet("SELECT count(*) FROM requests WHERE story_completed_at IS NOT NULL").getInt64(),
              100);

    for (const auto& [from, to] :
         {std::pair{now - days{365}, now}, std::pair{now - days{365}, now - days{10}},
          std::pair{now - days{90}, now - days{28}}, std::pair{now - days{30}, now + days{1}}}) {
        SCOPED_TRACE(domain::format_iso(from) + " to " + domain::format_iso(to));
        const auto before = from_every_event(from, to);
        const auto after = app::rp02(db_->report_reads(), {from, to}, settings);
        EXPECT_GT(after.emergency.count + after.non_emergency.count, 0);
        EXPECT_EQ(formats::rp02_to_json(after), formats::rp02_to_json(before));
        EXPECT_EQ(formats::rp02_to_csv(after), formats::rp02_to_csv(before));
    }

    // The period ending ten days ago read some jobs from their stories and the ones with later events with
    // their events.
    int stories = 0;
    int histories = 0;
    db_->report_reads().scan_stories(
        now - days{365} - domain::repeat_window, now - days{365}, now - days{10},
        [&stories](const domain::job_facts&, const domain::job_story&) { ++stories; },
        [](const domain::event&) {},
        [&histories](const domain::job_facts&, const std::vector<domain::event>&) { ++histories; });
    EXPECT_GT(stories, 100);
    EXPECT_GT(histories, 0);
}

} // namespace
} // namespace mend::storage
