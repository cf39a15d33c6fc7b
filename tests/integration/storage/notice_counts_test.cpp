// Migration 0026: the outbox's counts by state for /metrics are kept by triggers, so that the gauges read a
// few rows rather than every notice; they must equal a count of the notices after every kind of change.
#include "app/accounts/admin.hpp"
#include "integration/storage/database_fixture.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <utility>
#include <vector>

namespace mend::storage {
namespace {

using counts = std::vector<std::pair<std::string, std::int64_t>>;

class notice_counts_test : public database_fixture {
protected:
    void seed() override {
        db_->run([&](app::unit_of_work& uow) {
            auto t = app::add_user(uow, {"tenant", "Tom", {}, {}, {}});
            tenant = {t->user.id, domain::role::tenant, "Tom", {}};
            app::add_property(uow, {"100023336956", "Flat 3", "E8 1AB", tenant.user_id});
            return true;
        });
        unit(app::report_job, tenant,
             app::report_command{"100023336956", "plumbing", "Drip", "", {}, {}, {}, {}},
             *domain::parse_iso("2026-12-05T10:00:00Z"));
    }

    SQLite::Database raw() const {
        return SQLite::Database((dir_ / "mend.db").string(), SQLite::OPEN_READWRITE);
    }

    // Adds `n` notices in `state` for the one job, as the outbox's rows (its first event).
    void add_notices(int n, const char* state) const {
        auto db = raw();
        for (int i = 0; i < n; ++i) {
            db.exec(
                std::string("INSERT INTO notices (request_id, event_id, event, audience, chain, chain_pos, "
                            "channel, address, body, state, created_at, updated_at) "
                            "SELECT request_id, id, 'reported', 'tenant', 0, 0, 'email', 'tom@example.org', "
                            "'Hello', '") +
                state + "', 0, 0 FROM events ORDER BY id LIMIT 1");
        }
    }

    counts counted() const {
        auto db = raw();
        SQLite::Statement q(db, "SELECT state, COUNT(*) FROM notices GROUP BY state ORDER BY state");
        counts out;
        while (q.executeStep()) {
            out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
        }
        return out;
    }

    counts kept() const {
        auto out = db_->notice_reads().notices_by_state();
        std::sort(out.begin(), out.end());
        return out;
    }

    domain::actor tenant;
};

TEST_F(notice_counts_test, the_kept_counts_follow_every_insert_change_of_state_and_delete) {
    add_notices(3, "pending");
    add_notices(2, "standby");
    EXPECT_EQ(kept(), counted());
    EXPECT_EQ(kept(), (counts{{"pending", 3}, {"standby", 2}}));

    raw().exec("UPDATE notices SET state = 'delivered' WHERE id = (SELECT MIN(id) FROM notices)");
    raw().exec("UPDATE notices SET state = 'skipped' WHERE state = 'standby'");
    raw().exec("UPDATE notices SET attempts = attempts + 1 WHERE state = 'pending'"); // not the state
    raw().exec("UPDATE notices SET state = 'pending' WHERE state = 'pending'");       // the same state
    EXPECT_EQ(kept(), counted());
    EXPECT_EQ(kept(), (counts{{"delivered", 1}, {"pending", 2}, {"skipped", 2}}));

    raw().exec("DELETE FROM notices WHERE state = 'skipped'");
    EXPECT_EQ(kept(), counted()) << "a state with no notices left is not listed";
}

TEST_F(notice_counts_test, the_migration_counts_the_notices_already_in_the_outbox) {
    add_notices(4, "dead");
    add_notices(1, "failed");
    db_.reset();
    {
        // The database as a mend from before the migration left it, its notices in place.
        auto db = raw();
        for (const auto* sql : {"DROP TRIGGER notice_counts_added", "DROP TRIGGER notice_counts_moved",
                                "DROP TRIGGER notice_counts_removed", "DROP TABLE notice_counts",
                                "DELETE FROM schema_migrations WHERE version = 26"}) {
            db.exec(sql);
        }
    }
    db_ = std::make_unique<database>(database_options{dir_ / "mend.db", 2, 100});
    EXPECT_EQ(kept(), (counts{{"dead", 4}, {"failed", 1}}));
    EXPECT_EQ(kept(), counted());
}

} // namespace
} // namespace mend::storage
