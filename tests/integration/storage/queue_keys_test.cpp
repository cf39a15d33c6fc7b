#include "app/accounts/admin.hpp"
#include "integration/storage/database_fixture.hpp"
#include "storage/notices/notice_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>

namespace mend::storage {
namespace {

using namespace std::chrono_literals;

domain::instant at(std::string_view iso) {
    return *domain::parse_iso(iso);
}

// The work queue's order as it was computed before the keys were stored (two clock subqueries per job),
// restated here so that the stored keys are checked against it rather than against themselves.
constexpr std::string_view computed_order =
    " ORDER BY COALESCE(r.priority = 'emergency', 0) DESC, "
    "EXISTS (SELECT 1 FROM clocks c WHERE c.request_id = r.id AND c.kind <> 'repair_target' AND "
    "c.escalated >= 1 AND c.met_at IS NULL AND c.stopped_at IS NULL) DESC, "
    "COALESCE((SELECT MIN(c.due_at) FROM clocks c WHERE c.request_id = r.id AND c.met_at IS NULL AND "
    "c.stopped_at IS NULL), r.created_at), r.id";

class queue_keys_test : public database_fixture {
protected:
    void seed() override {
        db_->run([&](app::unit_of_work& uow) {
            firm = app::add_contractor(uow, "Fixwell", {"plumbing", "damp_mould", "electrical"})->id;
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

    domain::job report(const char* category, domain::instant now) {
        return unit(app::report_job, tenant,
                    app::report_command{"100023336956", category, "Broken", "", {}, {}, {}, {}}, now)
            .job;
    }
    void act(const domain::actor& who, const std::string& ref, app::action_command cmd, domain::instant now) {
        unit(app::apply_action, who, ref, cmd, now);
    }

    // Every job's stored queue keys equal what its clocks say now, and sorting by them gives the computed
    // order, for every job and for the open queue the page reads; the kept counts of jobs in each state are
    // right.
    void expect_keys_match(const std::string& step) {
        SQLite::Database db((dir_ / "mend.db").string(), SQLite::OPEN_READONLY);
        SQLite::Statement keys(
            db,
            "SELECT r.id, r.queue_band, r.queue_due, "
            "CASE WHEN r.priority = 'emergency' THEN 0 ELSE 2 END + "
            "CASE WHEN EXISTS (SELECT 1 FROM clocks c WHERE c.request_id = r.id AND "
            "c.kind <> 'repair_target' AND c.escalated >= 1 AND c.met_at IS NULL AND c.stopped_at IS NULL) "
            "THEN 0 ELSE 1 END, "
            "COALESCE((SELECT MIN(c.due_at) FROM clocks c WHERE c.request_id = r.id AND c.met_at IS NULL "
            "AND c.stopped_at IS NULL), r.created_at), r.queue_overdue, "
            "EXISTS (SELECT 1 FROM clocks c WHERE c.request_id = r.id AND c.escalated >= 2 AND "
            "c.met_at IS NULL AND c.stopped_at IS NULL) FROM requests r ORDER BY r.id");
        int jobs = 0;
        while (keys.executeStep()) {
            ++jobs;
            EXPECT_EQ(keys.getColumn(1).getInt64(), keys.getColumn(3).getInt64())
                << step << ": the band of job " << keys.getColumn(0).getInt64();
            EXPECT_EQ(keys.getColumn(2).getInt64(), keys.getColumn(4).getInt64())
                << step << ": the soonest due of job " << keys.getColumn(0).getInt64();
            EXPECT_EQ(keys.getColumn(5).getInt64(), keys.getColumn(6).getInt64())
                << step << ": whether job " << keys.getColumn(0).getInt64() << " is overdue";
        }
        EXPECT_GE(jobs, 7) << step;

        const auto ids = [&db](const std::string& sql) {
            SQLite::Statement q(db, sql);
            std::vector<std::int64_t> out;
            while (q.executeStep()) {
                out.push_back(q.getColumn(0).getInt64());
            }
            return out;
        };
        EXPECT_EQ(ids("SELECT r.id FROM requests r ORDER BY r.queue_band, r.queue_due, r.id"),
                  ids("SELECT r.id FROM requests r" + std::string(computed_order)))
            << step;

        const auto counts = [&db](const char* sql) {
            SQLite::Statement q(db, sql);
            std::vector<std::pair<std::string, std::int64_t>> out;
            while (q.executeStep()) {
                out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
            }
            return out;
        };
        EXPECT_EQ(counts("SELECT status, jobs FROM job_counts WHERE jobs > 0 ORDER BY status"),
                  counts("SELECT status, COUNT(*) FROM requests GROUP BY status ORDER BY status"))
            << step << ": the jobs in each state";

        std::vector<std::int64_t> queue;
        const auto page = app::work_queue(db_->reads(), officer, {});
        for (const auto& job : page->items) {
            queue.push_back(job.id);
        }
        EXPECT_EQ(queue, ids("SELECT r.id FROM requests r WHERE r.status NOT IN "
                             "('closed', 'cancelled', 'rejected', 'duplicate')" +
                             std::string(computed_order)))
            << step;
    }

    app::id_t firm = 0;
    domain::actor officer, tenant, contractor;
};

TEST_F(queue_keys_test, the_stored_queue_keys_follow_every_change_of_a_clock_and_a_priority) {
    const auto t0 = at("2026-11-19T10:00:00Z");
    const auto drip = report("plumbing", t0).reference;
    const auto mould = report("damp_mould", t0 + 1min);
    const auto sparks = report("electrical", t0 + 2min).reference;
    const auto leak = report("plumbing", t0 + 3min).reference;
    const auto door = report("carpentry", t0 + 4min).reference;
    const auto later = report("plumbing", t0 + 5min).reference;
    unit(app::report_job, officer,
         app::report_command{"100023336956", "plumbing", "Flooding", "", "emergency", {}, {}, {}}, t0 + 6min);
    expect_keys_match("reported, no clock yet");

    act(officer, drip, {.action = "triage", .priority = "routine"}, t0 + 1h);
    act(officer, mould.reference, {.action = "triage", .priority = "urgent", .hazard = "significant"},
        t0 + 1h);
    act(officer, sparks, {.action = "triage", .priority = "urgent"}, t0 + 1h);
    act(officer, leak, {.action = "triage", .priority = "routine"}, t0 + 1h);
    act(officer, door, {.action = "triage", .priority = "planned"}, t0 + 1h);
    expect_keys_match("clocks started");

    act(officer, mould.reference, {.action = "assign", .contractor_id = firm}, t0 + 2h);
    act(officer, mould.reference, {.action = "pause_clock", .reason = "no_access", .clock = "investigate"},
        t0 + 3h);
    expect_keys_match("a clock paused");
    act(officer, mould.reference, {.action = "resume_clock"}, t0 + 75h);
    expect_keys_match("a clock resumed, its due time moved");

    act(officer, sparks, {.action = "reprioritise", .priority = "emergency", .reason = "sparks"}, t0 + 4h);
    act(officer, drip, {.action = "reprioritise", .priority = "urgent", .reason = "worse"}, t0 + 4h);
    expect_keys_match("reprioritised");

    const auto clocks = db_->clock_reads().clocks_of(mould.id);
    ASSERT_EQ(clocks.size(), 2U);
    db_->run([&](app::unit_of_work& uow) {
        app::escalate_clocks(uow, clocks[1].due() - 1h, settings.at_risk_share);
        return true;
    });
    expect_keys_match("a legal clock at risk");
    db_->run([&](app::unit_of_work& uow) {
        app::escalate_clocks(uow, clocks[1].due() + 1h, settings.at_risk_share);
        return true;
    });
    expect_keys_match("clocks breached");
    app::queue_query overdue;
    overdue.filters.overdue = "true";
    const auto breached = app::work_queue(db_->reads(), officer, overdue);
    EXPECT_TRUE(std::any_of(breached->items.begin(), breached->items.end(), [&mould](const domain::job& j) {
        return j.id == mould.id;
    })) << "the mould's investigation is breached";

    act(officer, leak, {.action = "cancel", .reason = "Reported twice"}, t0 + 5h);
    expect_keys_match("a job cancelled, its clock stopped");
    act(officer, drip, {.action = "assign", .contractor_id = firm}, t0 + 6h);
    act(contractor, drip, {.action = "start"}, t0 + 7h);
    act(contractor, drip, {.action = "complete"}, t0 + 8h);
    expect_keys_match("a job completed, its target met");
    act(officer, drip, {.action = "reopen", .reason = "still dripping"}, t0 + 9h);
    expect_keys_match("a job reopened");
    act(officer, later, {.action = "reject", .reason = "not ours"}, t0 + 9h);
    expect_keys_match("a job rejected before any clock");

    // A job added by other code than the job store's insert gets its keys from the trigger.
    {
        SQLite::Database db((dir_ / "mend.db").string(), SQLite::OPEN_READWRITE);
        db.exec("INSERT INTO requests (reference, status, version, property_id, raised_by, category, "
                "description, "
                "source, priority, created_at, updated_at) SELECT 'RAW-1', 'reported', 1, id, 0, 'plumbing', "
                "'Added by hand', 'phone', 'emergency', 1795000000, 1795000000 FROM properties LIMIT 1");
    }
    expect_keys_match("a job inserted by hand");
}

TEST_F(queue_keys_test, the_queue_open_by_category_overdue_and_by_status_is_an_index_walk) {
    SQLite::Database db((dir_ / "mend.db").string(), SQLite::OPEN_READONLY);
    const auto plan = [&db](const std::string& where) {
        SQLite::Statement q(db, "EXPLAIN QUERY PLAN SELECT r.id FROM requests r WHERE " + where +
                                    " ORDER BY r.queue_band, r.queue_due, r.id LIMIT 51 OFFSET 500");
        std::string out;
        while (q.executeStep()) {
            out += q.getColumn(3).getString() + "\n";
        }
        return out;
    };
    // The text sqlite_read_store writes for the open queue: the partial index's own WHERE.
    const auto open = plan("1 AND r.status NOT IN ('closed', 'cancelled', 'rejected', 'duplicate')");
    EXPECT_NE(open.find("requests_queue"), std::string::npos) << open;
    EXPECT_EQ(open.find("TEMP B-TREE"), std::string::npos) << open;
    const auto by_category = plan(
        "1 AND r.category = 'heating' AND r.status NOT IN ('closed', 'cancelled', 'rejected', 'duplicate')");
    EXPECT_NE(by_category.find("requests_queue_category"), std::string::npos) << by_category;
    EXPECT_EQ(by_category.find("TEMP B-TREE"), std::string::npos) << by_category;
    const auto overdue = plan(
        "1 AND r.queue_overdue = 1 AND r.status NOT IN ('closed', 'cancelled', 'rejected', 'duplicate')");
    EXPECT_NE(overdue.find("requests_queue_overdue"), std::string::npos) << overdue;
    EXPECT_EQ(overdue.find("TEMP B-TREE"), std::string::npos) << overdue;
    const auto by_status = plan("1 AND r.status = 'in_progress'");
    EXPECT_NE(by_status.find("requests_queue_status"), std::string::npos) << by_status;
    EXPECT_EQ(by_status.find("TEMP B-TREE"), std::string::npos) << by_status;
    // A keyset page (the Next and Previous links) seeks to the job it starts from, either way.
    for (const char* page :
         {" AND (r.queue_band, r.queue_due, r.id) > (?, ?, ?) ORDER BY r.queue_band, r.queue_due, r.id",
          " AND (r.queue_band, r.queue_due, r.id) < (?, ?, ?) ORDER BY r.queue_band DESC, r.queue_due DESC, "
          "r.id DESC"}) {
        SQLite::Statement q(db, std::string("EXPLAIN QUERY PLAN SELECT r.id FROM requests r WHERE 1 AND "
                                            "r.status = 'closed'") +
                                    page + " LIMIT 51");
        std::string keyset;
        while (q.executeStep()) {
            keyset += q.getColumn(3).getString() + "\n";
        }
        EXPECT_NE(keyset.find("(status=? AND (queue_band,queue_due)"), std::string::npos) << keyset;
        EXPECT_EQ(keyset.find("TEMP B-TREE"), std::string::npos) << keyset;
    }
}

// The dispatcher's read of due notices walks the pending notices' partial index in due order. With the
// planner's own choice (notices_state, then a sort of every pending notice) each poll took 0.5 s at 600,000
// pending, which kept the writer's RESTART checkpoint from finishing and let the log grow to GBs.
TEST_F(queue_keys_test, the_outbox_reads_due_notices_in_order_through_their_partial_index) {
    SQLite::Database db((dir_ / "mend.db").string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(
        db, "EXPLAIN QUERY PLAN " + select_notice_through("notices_due") +
                "WHERE n.state = 'pending' AND n.next_attempt_at <= 1 AND n.channel NOT IN ('sms') "
                "ORDER BY n.next_attempt_at, n.id LIMIT 64");
    std::string plan;
    while (q.executeStep()) {
        plan += q.getColumn(3).getString() + "\n";
    }
    EXPECT_NE(plan.find("USING INDEX notices_due"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

} // namespace
} // namespace mend::storage
