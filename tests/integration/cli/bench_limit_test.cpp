// The bench's limit mode on a real database file and group writer: every unit it counts as committed is a
// job in the file, refusals and failures are counted apart, and every submitter keeps a unit in flight.
#include "app/accounts/admin.hpp"
#include "cli/bench_limit.hpp"
#include "integration/storage/database_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <atomic>

namespace mend::storage {
namespace {

using namespace std::chrono_literals;

class bench_limit_test : public database_fixture {
protected:
    void seed() override {
        db_->run([this](app::unit_of_work& uow) {
            const auto t = app::add_user(uow, {"tenant", "Bench Tenant", {}, {}, {}});
            tenant = {t->user.id, domain::role::tenant, "Bench Tenant", {}};
            app::add_property(uow, {"100000000001", "1 Bench Street", "LS1 1BB", t->user.id});
            return true;
        });
    }

    // A unit reporting a repair in `uprn` (the tenant's home, or not), counting how often it is made.
    std::function<app::writer::work()> reports_in(std::string uprn) {
        return [this, uprn] {
            ++made;
            return app::writer::work([this, uprn](app::unit_of_work& uow) {
                return app::report_job(uow, tenant, {uprn, "plumbing", "Drips", "kitchen", {}, {}, {}, {}},
                                       domain::instant{std::chrono::seconds{1'800'000'000}})
                    .has_value();
            });
        };
    }

    std::int64_t jobs_in_file() {
        SQLite::Database file(dir_ / "mend.db", SQLite::OPEN_READONLY);
        return file.execAndGet("SELECT count(*) FROM requests").getInt64();
    }

    domain::actor tenant;
    std::atomic<std::uint64_t> made{0};
};

TEST_F(bench_limit_test, counts_each_committed_report_once_and_keeps_every_submitter_busy) {
    const auto r = cli::run_limit(db_->writes(), reports_in("100000000001"), 8, 200ms);
    EXPECT_EQ(r.refused, 0U);
    EXPECT_EQ(r.failed, 0U);
    EXPECT_GE(r.committed, 8U); // each of the 8 chains had at least its first unit answered
    EXPECT_EQ(r.committed, made.load());
    EXPECT_EQ(jobs_in_file(), static_cast<std::int64_t>(r.committed));
    EXPECT_GT(r.seconds, 0.0);
    EXPECT_GT(r.per_second(), 0.0);
    EXPECT_LE(r.p50_ms, r.p99_ms);
}

TEST_F(bench_limit_test, counts_units_that_roll_back_as_refused_and_writes_nothing_of_them) {
    const auto r = cli::run_limit(db_->writes(), reports_in("999999999999"), 4, 50ms); // no such home
    EXPECT_EQ(r.committed, 0U);
    EXPECT_EQ(r.failed, 0U);
    EXPECT_GE(r.refused, 4U);
    EXPECT_EQ(r.refused, made.load());
    EXPECT_EQ(jobs_in_file(), 0);
    EXPECT_EQ(r.per_second(), 0.0);
}

TEST_F(bench_limit_test, counts_units_that_throw_as_failed) {
    std::uint64_t thrown = 0;
    const auto throwing = [&thrown] {
        ++thrown;
        return app::writer::work([](app::unit_of_work&) -> bool { throw std::runtime_error("broken"); });
    };
    const auto r = cli::run_limit(db_->writes(), throwing, 2, 20ms);
    EXPECT_EQ(r.committed + r.refused, 0U);
    EXPECT_EQ(r.failed, thrown);
    EXPECT_GE(r.failed, 2U);
}

} // namespace
} // namespace mend::storage
