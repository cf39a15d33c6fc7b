// The bench's seeder on a real database file: the file holds what its summary says (homes, tenants, firms,
// jobs by state and category, an event per step), the jobs span the year before `now`, open jobs past their
// target are escalated, and the tokens it hands back are the officer's and the first home's tenant's.
#include "app/accounts/tokens.hpp"
#include "cli/bench_seed.hpp"
#include "domain/time.hpp"
#include "integration/storage/database_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace mend::storage {
namespace {

using namespace std::chrono;

class bench_seed_test : public database_fixture {
protected:
    std::int64_t count(const std::string& sql) {
        SQLite::Database file(dir_ / "mend.db", SQLite::OPEN_READONLY);
        return file.execAndGet(sql).getInt64();
    }

    std::map<std::string, std::int64_t> grouped(const std::string& sql) {
        SQLite::Database file(dir_ / "mend.db", SQLite::OPEN_READONLY);
        SQLite::Statement q(file, sql);
        std::map<std::string, std::int64_t> out;
        while (q.executeStep()) {
            out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
        }
        return out;
    }

    const domain::instant now = *domain::parse_iso("2027-06-01T12:00:00Z");
};

TEST_F(bench_seed_test, writes_what_its_summary_says) {
    const auto s = cli::seed_bench(db_->writes(), now, {.jobs = 600, .jobs_per_home = 4}, {}, 0.25);

    EXPECT_EQ(s.jobs, 600);
    EXPECT_EQ(s.homes, 150);
    EXPECT_EQ(count("SELECT count(*) FROM requests"), 600);
    EXPECT_EQ(count("SELECT count(*) FROM properties"), 150);
    EXPECT_EQ(count("SELECT count(*) FROM tenancies"), 150);
    EXPECT_EQ(count("SELECT count(*) FROM users WHERE role = 'tenant'"), 150);
    EXPECT_EQ(count("SELECT count(*) FROM contractors"), s.firms);
    EXPECT_EQ(grouped("SELECT status, count(*) FROM requests GROUP BY status"), s.by_status);
    EXPECT_EQ(grouped("SELECT category, count(*) FROM requests GROUP BY category"), s.by_category);
    // One event for each report and for each accepted action.
    EXPECT_EQ(count("SELECT count(*) FROM events"), s.jobs + s.actions);
    EXPECT_EQ(count("SELECT count(*) FROM events WHERE action = 'report'"), 600);

    // Spread over the statuses and categories, mostly closed, over the year before `now`.
    EXPECT_GE(s.by_status.size(), 8U);
    EXPECT_GE(s.by_category.size(), 8U);
    EXPECT_GT(s.by_status.at("closed"), 600 / 3);
    const auto year_ago = duration_cast<seconds>((now - hours{24 * 365}).time_since_epoch()).count();
    const auto end = duration_cast<seconds>(now.time_since_epoch()).count();
    EXPECT_EQ(count("SELECT count(*) FROM requests WHERE created_at < " + std::to_string(year_ago)), 0);
    EXPECT_EQ(count("SELECT count(*) FROM events WHERE at >= " + std::to_string(end)), 0);
    EXPECT_GT(
        count("SELECT count(*) FROM requests WHERE created_at < " + std::to_string(year_ago + 86400 * 30)),
        0);

    // Notices were written by the change listeners (none here: the fixture has only the clock keeper), clocks
    // by the clock keeper, and some open jobs are breached.
    EXPECT_GT(count("SELECT count(*) FROM clocks"), 0);
    EXPECT_GT(s.escalated, 0);
    EXPECT_EQ(count("SELECT count(*) FROM clocks WHERE escalated >= 1"), s.escalated);
    EXPECT_GT(
        count("SELECT count(*) FROM clocks WHERE escalated >= 2 AND met_at IS NULL AND stopped_at IS NULL"),
        0);

    const auto officer = db_->reads().actor_by_token_hash(app::token_hash(s.officer_token));
    ASSERT_TRUE(officer);
    EXPECT_EQ(officer->role, domain::role::officer);
    const auto tenant = db_->reads().actor_by_token_hash(app::token_hash(s.tenant_token));
    ASSERT_TRUE(tenant);
    EXPECT_EQ(tenant->role, domain::role::tenant);
    EXPECT_EQ(
        count(
            "SELECT count(*) FROM tenancies t JOIN properties p ON p.id = t.property_id WHERE t.user_id = " +
            std::to_string(tenant->user_id) + " AND p.uprn = '" + s.tenant_uprn + "' AND p.postcode = '" +
            s.postcode + "'"),
        1);
}

TEST_F(bench_seed_test, is_the_same_data_set_for_the_same_seed) {
    const auto first = cli::seed_bench(db_->writes(), now, {.jobs = 120}, {}, 0.25);
    const auto statuses = grouped("SELECT status, count(*) FROM requests GROUP BY status");
    TearDown();
    SetUp();
    const auto second = cli::seed_bench(db_->writes(), now, {.jobs = 120}, {}, 0.25);
    EXPECT_EQ(first.by_status, second.by_status);
    EXPECT_EQ(first.actions, second.actions);
    EXPECT_EQ(grouped("SELECT status, count(*) FROM requests GROUP BY status"), statuses);
}

TEST_F(bench_seed_test, refuses_an_empty_data_set) {
    EXPECT_THROW(cli::seed_bench(db_->writes(), now, {.jobs = 0}, {}, 0.25), std::invalid_argument);
    EXPECT_EQ(count("SELECT count(*) FROM users WHERE role <> 'system'"), 0);
}

} // namespace
} // namespace mend::storage
