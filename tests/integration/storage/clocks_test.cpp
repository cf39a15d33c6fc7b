#include "app/accounts/admin.hpp"
#include "integration/storage/database_fixture.hpp"

namespace mend::storage {
namespace {

using namespace std::chrono_literals;
using domain::clock_state;

domain::instant at(std::string_view iso) {
    return *domain::parse_iso(iso);
}

class clocks_db_test : public database_fixture {
protected:
    void seed() override {
        db_->run([&](app::unit_of_work& uow) {
            firm = app::add_contractor(uow, "Fixwell", {"plumbing"})->id;
            auto o = app::add_user(uow, {"officer", "Olivia", {}, {}, {}});
            officer = {o->user.id, domain::role::officer, "Olivia", {}};
            auto t = app::add_user(uow, {"tenant", "Tom", {}, {}, {}});
            tenant = {t->user.id, domain::role::tenant, "Tom", {}};
            app::add_property(uow, {"100023336956", "Flat 3", "E8 1AB", tenant.user_id});
            auto c = app::add_user(uow, {"contractor", "Carl", {}, {}, firm});
            contractor = {c->user.id, domain::role::contractor, "Carl", firm};
            return true;
        });
    }
    domain::job act(const std::string& ref, app::action_command cmd, domain::instant now) {
        return unit(app::apply_action, officer, ref, cmd, now).job;
    }

    std::vector<app::job_clock_row> listed(clock_state s, domain::instant now) {
        app::clock_filter f;
        f.state = s;
        f.now = now;
        f.at_risk_share = settings.at_risk_share;
        f.limit = 100;
        return db_->clock_reads().list_clocks(f);
    }

    app::id_t firm = 0;
    domain::actor officer, tenant, contractor;
};

TEST_F(clocks_db_test, stored_clocks_list_and_escalate_as_the_domain_says) {
    const auto t0 = at("2026-11-19T10:00:00Z");
    const auto job =
        unit(app::report_job, tenant,
             app::report_command{"100023336956", "damp_mould", "Black mould", "", {}, {}, {}, {}}, t0)
            .job;
    act(job.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}, t0 + 1h);
    act(job.reference, {.action = "assign", .contractor_id = firm}, t0 + 2h);
    act(job.reference, {.action = "pause_clock", .reason = "consent_refused", .clock = "investigate"},
        t0 + 24h);
    act(job.reference, {.action = "resume_clock"}, t0 + 72h);

    const auto clocks = db_->clock_reads().clocks_of(job.id);
    ASSERT_EQ(clocks.size(), 2U);
    const auto& investigate = clocks[1];
    EXPECT_EQ(investigate.kind, domain::clock_kind::investigate);
    ASSERT_EQ(investigate.pauses.size(), 1U);
    EXPECT_EQ(investigate.pauses[0].reason, domain::pause_reason::consent_refused);
    EXPECT_EQ(investigate.due(), at("2026-12-04T00:00:00Z") + 48h); // the end of 3 December, UK time

    // SQL and domain::state_of agree at every hour of three weeks.
    for (auto now = t0; now < t0 + 21 * 24h; now += 1h) {
        for (auto s : {clock_state::at_risk, clock_state::breached}) {
            std::size_t want = 0;
            for (const auto& c : clocks) {
                want += domain::state_of(c, now, settings.at_risk_share) == s ? 1U : 0U;
            }
            ASSERT_EQ(listed(s, now).size(), want) << domain::format_iso(now) << " " << domain::to_string(s);
        }
    }

    const auto now = at("2026-11-27T10:00:01Z"); // target breached, investigation at risk... or not yet
    int escalated = 0;
    db_->run([&](app::unit_of_work& uow) {
        escalated = app::escalate_clocks(uow, now, settings.at_risk_share);
        return true;
    });
    EXPECT_EQ(escalated, 1);
    db_->run([&](app::unit_of_work& uow) {
        escalated = app::escalate_clocks(uow, now, settings.at_risk_share);
        return true;
    });
    EXPECT_EQ(escalated, 0);
    app::list_query overdue;
    overdue.overdue = "true";
    auto page = app::list_jobs(db_->reads(), officer, overdue);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1U);
    EXPECT_EQ(page->items[0].reference, job.reference);

    // Completing meets the target: the job leaves the overdue queue.
    for (const char* step : {"start", "complete"}) {
        unit(app::apply_action, contractor, job.reference, app::action_command{.action = step}, now);
    }
    EXPECT_TRUE(app::list_jobs(db_->reads(), officer, overdue)->items.empty());
}

TEST_F(clocks_db_test, the_clocks_of_a_page_of_jobs_are_read_at_once_with_their_pauses) {
    const auto t0 = at("2026-11-19T10:00:00Z");
    const auto report = [&](const char* category) {
        return unit(app::report_job, tenant,
                    app::report_command{"100023336956", category, "Broken", "", {}, {}, {}, {}}, t0)
            .job;
    };
    const auto mould = report("damp_mould");
    const auto drip = report("plumbing");
    const auto untriaged = report("plumbing");
    act(mould.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"}, t0 + 1h);
    act(mould.reference, {.action = "assign", .contractor_id = firm}, t0 + 2h);
    act(mould.reference, {.action = "pause_clock", .reason = "no_access", .clock = "investigate"}, t0 + 2h);
    act(drip.reference, {.action = "triage", .priority = "routine"}, t0 + 3h);

    const auto page = db_->clock_reads().clocks_of_jobs({drip.id, untriaged.id, mould.id});
    auto one_by_one = db_->clock_reads().clocks_of(mould.id); // by job id, then clock id
    const auto of_drip = db_->clock_reads().clocks_of(drip.id);
    one_by_one.insert(one_by_one.end(), of_drip.begin(), of_drip.end());
    ASSERT_EQ(page.size(), 3U);
    ASSERT_EQ(page.size(), one_by_one.size());
    for (std::size_t i = 0; i < page.size(); ++i) {
        EXPECT_EQ(page[i].id, one_by_one[i].id);
        EXPECT_EQ(page[i].job_id, one_by_one[i].job_id);
        EXPECT_EQ(page[i].kind, one_by_one[i].kind);
        EXPECT_EQ(page[i].due(), one_by_one[i].due());
        EXPECT_EQ(page[i].pauses.size(), one_by_one[i].pauses.size());
    }
    EXPECT_EQ(page[1].pauses.size(), 1U) << "the investigation's pause";
    EXPECT_TRUE(db_->clock_reads().clocks_of_jobs({}).empty());
}

} // namespace
} // namespace mend::storage
