#include "app/accounts/account_store.hpp"
#include "app/accounts/admin.hpp"
#include "app/accounts/tokens.hpp"
#include "app/jobs.hpp"
#include "domain/reference.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <gtest/gtest.h>
#include <iostream>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace mend::storage {
namespace {

namespace fs = std::filesystem;
using domain::role;

const domain::instant t0 = domain::from_unix(1'790'000'000);

class database_test : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "mend-db-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        file_ = dir_ / "mend.db";
    }
    void TearDown() override { fs::remove_all(dir_); }

    database_options options() const { return {file_, 4, 100}; }

    std::int64_t count(const std::string& sql) const {
        SQLite::Database raw(file_, SQLite::OPEN_READONLY);
        return raw.execAndGet(sql).getInt64();
    }

    fs::path dir_;
    fs::path file_;
};

struct person {
    domain::actor who;
    std::string token;
};

person add_person(database& db, const std::string& r, const std::string& name,
                  std::optional<app::id_t> firm = std::nullopt) {
    person out;
    db.run([&](app::unit_of_work& uow) {
        std::string local = name; // "Tom Tenant" -> "Tom.Tenant@example.org"
        std::replace(local.begin(), local.end(), ' ', '.');
        auto created = app::add_user(uow, {r, name, local + "@example.org", std::nullopt, firm});
        if (!created) {
            throw std::runtime_error(created.error().message);
        }
        out.who = {created->user.id, created->user.role, created->user.name, created->user.contractor_id};
        out.token = created->token;
        return true;
    });
    return out;
}

app::property_record add_home(database& db, const std::string& uprn, std::optional<app::id_t> tenant) {
    app::property_record out;
    db.run([&](app::unit_of_work& uow) {
        auto home = app::add_property(uow, {uprn, "1 High Street", "AB1 2CD", tenant});
        if (!home) {
            throw std::runtime_error(home.error().message);
        }
        out = *home;
        return true;
    });
    return out;
}

app::id_t add_firm(database& db, const std::string& name) {
    app::id_t out = 0;
    db.run([&](app::unit_of_work& uow) {
        auto firm = app::add_contractor(uow, name, {"plumbing"});
        if (!firm) {
            throw std::runtime_error(firm.error().message);
        }
        out = firm->id;
        return true;
    });
    return out;
}

domain::job report(database& db, const domain::actor& who, const std::string& uprn,
                   std::optional<app::id_t> tenant = std::nullopt) {
    domain::job out;
    db.run([&](app::unit_of_work& uow) {
        app::report_command cmd;
        cmd.uprn = uprn;
        cmd.category = "plumbing";
        cmd.description = "Tap drips in the kitchen";
        cmd.tenant_id = tenant;
        auto job = app::report_job(uow, who, cmd, t0);
        if (!job) {
            throw std::runtime_error(job.error().message);
        }
        out = job->job;
        return true;
    });
    return out;
}

domain::job act(database& db, const domain::actor& who, const std::string& reference,
                app::action_command cmd) {
    domain::job out;
    db.run([&](app::unit_of_work& uow) {
        auto job = app::apply_action(uow, who, reference, cmd, t0 + std::chrono::hours(1));
        if (!job) {
            throw std::runtime_error(job.error().message);
        }
        out = job->job;
        return true;
    });
    return out;
}

std::vector<app::id_t> ids_of(const std::vector<domain::job>& jobs) {
    std::vector<app::id_t> out;
    for (const auto& j : jobs) {
        out.push_back(j.id);
    }
    return out;
}

TEST_F(database_test, migrations_from_empty_record_every_version_and_rerunning_is_a_no_op) {
    // Each feature adds its own numbered migration; the newest known one is where a new database ends up.
    const int newest = migrations().back().version;
    const auto known = static_cast<std::int64_t>(migrations().size());
    EXPECT_EQ(migrate(file_), newest);
    EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), known);
    EXPECT_EQ(count("SELECT version FROM schema_migrations WHERE name = 'core'"), 1);
    const auto applied_at = count("SELECT MAX(applied_at) FROM schema_migrations");

    EXPECT_EQ(migrate(file_), newest);
    EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), known);
    EXPECT_EQ(count("SELECT MAX(applied_at) FROM schema_migrations"), applied_at);

    database db(options());
    EXPECT_EQ(db.schema_version(), newest);
    EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), known);
}

TEST_F(database_test, refuses_a_schema_newer_than_it_knows) {
    migrate(file_);
    {
        SQLite::Database raw(file_, SQLite::OPEN_READWRITE);
        raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    }
    try {
        migrate(file_);
        FAIL() << "a newer schema was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
    EXPECT_THROW(database db(options()), std::runtime_error);
}

TEST_F(database_test, a_restart_keeps_users_requests_and_events) {
    std::string token;
    std::string reference;
    {
        database db(options());
        const auto officer = add_person(db, "officer", "Olu Officer");
        const auto tenant = add_person(db, "tenant", "Tam Tenant");
        token = tenant.token;
        add_home(db, "100023336956", tenant.who.user_id);
        const auto job = report(db, tenant.who, "100023336956");
        reference = job.reference;
        app::action_command triage;
        triage.action = "triage";
        triage.priority = "urgent";
        triage.note = "booked in";
        act(db, officer.who, reference, triage);
    }
    database db(options());
    const auto tenant = db.reads().actor_by_token_hash(app::token_hash(token));
    ASSERT_TRUE(tenant);
    EXPECT_EQ(tenant->role, role::tenant);
    EXPECT_EQ(tenant->name, "Tam Tenant");

    const auto job = db.reads().job_by_reference(reference);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->uprn, "100023336956");
    EXPECT_EQ(job->state, domain::status::triaged);
    EXPECT_EQ(job->version, 2);
    EXPECT_EQ(job->priority, domain::priority::urgent);
    EXPECT_EQ(job->tenant_id, tenant->user_id);
    EXPECT_EQ(job->created_at, t0);

    const auto events = db.reads().events_of(job->id);
    ASSERT_EQ(events.size(), 2U);
    EXPECT_EQ(events[0].seq, 1);
    EXPECT_EQ(events[0].action, domain::action::report);
    EXPECT_EQ(events[0].actor_name, "Tam Tenant");
    EXPECT_FALSE(events[0].from);
    EXPECT_EQ(events[1].seq, 2);
    EXPECT_EQ(events[1].action, domain::action::triage);
    EXPECT_EQ(events[1].actor_name, "Olu Officer");
    EXPECT_EQ(events[1].from, domain::status::reported);
    EXPECT_EQ(events[1].to, domain::status::triaged);
    EXPECT_EQ(events[1].note, "booked in");
    const domain::event_data expected{{"priority", "urgent"}};
    EXPECT_EQ(events[1].data, expected);
}

TEST_F(database_test, a_failing_unit_changes_nothing_while_the_rest_of_its_batch_commits) {
    database db(options());
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> blocking;
    // Holds the writer so that the next units queue up and run as one batch.
    db.writes().submit(
        [&](app::unit_of_work&) {
            blocking.set_value();
            released.wait();
            return true;
        },
        nullptr);
    blocking.get_future().wait();

    struct outcome {
        std::string token;
        std::promise<std::exception_ptr> done;
    };
    std::vector<outcome> units(4);
    const auto add = [&](int i, bool keep, bool fail) {
        db.writes().submit(
            [&units, i, keep, fail](app::unit_of_work& uow) {
                auto created = app::add_user(uow, {"officer", "unit " + std::to_string(i), {}, {}, {}});
                units[static_cast<std::size_t>(i)].token = created->token;
                if (fail) {
                    throw std::runtime_error("unit failed on purpose");
                }
                return keep;
            },
            [&units, i](std::exception_ptr e) { units[static_cast<std::size_t>(i)].done.set_value(e); });
    };
    add(0, true, false);
    add(1, false, false);
    add(2, true, true);
    add(3, true, false);
    release.set_value();

    std::vector<std::exception_ptr> results;
    for (auto& u : units) {
        results.push_back(u.done.get_future().get());
    }
    EXPECT_FALSE(results[0]);
    EXPECT_FALSE(results[1]);
    ASSERT_TRUE(results[2]);
    EXPECT_THROW(std::rethrow_exception(results[2]), std::runtime_error);
    EXPECT_FALSE(results[3]);

    EXPECT_TRUE(db.reads().actor_by_token_hash(app::token_hash(units[0].token)));
    EXPECT_FALSE(db.reads().actor_by_token_hash(app::token_hash(units[1].token)));
    EXPECT_FALSE(db.reads().actor_by_token_hash(app::token_hash(units[2].token)));
    EXPECT_TRUE(db.reads().actor_by_token_hash(app::token_hash(units[3].token)));
    EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE role != 'system'"), 2);
}

TEST_F(database_test, run_rethrows_what_the_unit_threw) {
    database db(options());
    EXPECT_THROW(db.run([](app::unit_of_work&) -> bool { throw std::logic_error("boom"); }),
                 std::logic_error);
    db.run([](app::unit_of_work&) { return true; });
}

TEST_F(database_test, sixty_four_concurrent_submitters_all_complete) {
    database db(options());
    const auto officer = add_person(db, "officer", "Olu Officer");
    add_home(db, "200000000001", std::nullopt);
    constexpr int threads = 64;
    constexpr int per_thread = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (int i = 0; i < per_thread; ++i) {
                try {
                    report(db, officer.who, "200000000001");
                } catch (...) {
                    ++failures;
                }
            }
        });
    }
    for (auto& t : pool) {
        t.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests"), threads * per_thread);
    EXPECT_EQ(count("SELECT COUNT(DISTINCT reference) FROM requests"), threads * per_thread);
    EXPECT_EQ(count("SELECT COUNT(*) FROM events WHERE seq = 1"), threads * per_thread);
}

TEST_F(database_test, events_cannot_be_changed_or_deleted) {
    {
        database db(options());
        const auto officer = add_person(db, "officer", "Olu Officer");
        add_home(db, "200000000001", std::nullopt);
        report(db, officer.who, "200000000001");
    }
    SQLite::Database raw(file_, SQLite::OPEN_READWRITE);
    EXPECT_THROW(raw.exec("UPDATE events SET note = 'rewritten'"), SQLite::Exception);
    EXPECT_THROW(raw.exec("DELETE FROM events"), SQLite::Exception);
    EXPECT_EQ(raw.execAndGet("SELECT COUNT(*) FROM events WHERE note = ''").getInt(), 1);
}

TEST_F(database_test, a_unit_reads_its_own_writes_and_events_are_numbered_in_order) {
    database db(options());
    const auto officer = add_person(db, "officer", "Olu Officer");
    const auto firm = add_firm(db, "Drips Ltd");
    add_home(db, "200000000001", std::nullopt);
    std::string reference;
    db.run([&](app::unit_of_work& uow) {
        app::report_command cmd{"200000000001", "plumbing", "Leak", "", {}, {}, {}, {}};
        auto job = app::report_job(uow, officer.who, cmd, t0);
        EXPECT_TRUE(job);
        reference = job->job.reference;
        app::action_command triage;
        triage.action = "triage";
        triage.priority = "routine";
        EXPECT_TRUE(app::apply_action(uow, officer.who, reference, triage, t0));
        app::action_command assign;
        assign.action = "assign";
        assign.contractor_id = firm;
        auto assigned = app::apply_action(uow, officer.who, reference, assign, t0);
        EXPECT_TRUE(assigned);
        EXPECT_EQ(assigned->job.version, 3);
        return true;
    });
    const auto job = db.reads().job_by_reference(reference);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->state, domain::status::assigned);
    EXPECT_EQ(job->contractor_id, firm);
    const auto events = db.reads().events_of(job->id);
    ASSERT_EQ(events.size(), 3U);
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].seq, static_cast<std::int64_t>(i + 1));
    }
}

// Two tenants' homes and one of nobody's, with five jobs; Anna's and Ben's own are assigned to two firms.
struct listing_world {
    person officer, anna, ben;
    app::id_t firm = 0;
    app::id_t other_firm = 0;
    domain::job a1, communal, b1, for_anna, stray;
};

listing_world add_listing_world(database& db) {
    listing_world w;
    w.officer = add_person(db, "officer", "Olu Officer");
    w.anna = add_person(db, "tenant", "Anna");
    w.ben = add_person(db, "tenant", "Ben");
    w.firm = add_firm(db, "Drips Ltd");
    w.other_firm = add_firm(db, "Sparks Ltd");
    add_home(db, "100000000001", w.anna.who.user_id);
    add_home(db, "100000000002", w.ben.who.user_id);
    add_home(db, "100000000003", std::nullopt);

    w.a1 = report(db, w.anna.who, "100000000001");                              // Anna's own
    w.communal = report(db, w.officer.who, "100000000001");                     // Anna's home, no tenant
    w.b1 = report(db, w.ben.who, "100000000002");                               // Ben's
    w.for_anna = report(db, w.officer.who, "100000000003", w.anna.who.user_id); // for Anna, elsewhere
    w.stray = report(db, w.officer.who, "100000000003");                        // nobody's

    for (const auto* job : {&w.a1, &w.b1}) {
        app::action_command triage;
        triage.action = "triage";
        triage.priority = "urgent";
        act(db, w.officer.who, job->reference, triage);
        app::action_command assign;
        assign.action = "assign";
        assign.contractor_id = job == &w.a1 ? w.firm : w.other_firm;
        act(db, w.officer.who, job->reference, assign);
    }
    return w;
}

TEST_F(database_test, list_requests_applies_visibility_and_filters) {
    database db(options());
    const auto w = add_listing_world(db);
    auto& reads = db.reads();
    const domain::visibility all{};
    EXPECT_EQ(ids_of(reads.list_jobs({}, all)),
              (std::vector<app::id_t>{w.a1.id, w.communal.id, w.b1.id, w.for_anna.id, w.stray.id}));
    EXPECT_EQ(ids_of(reads.list_jobs({}, {domain::scope::tenant, w.anna.who.user_id})),
              (std::vector<app::id_t>{w.a1.id, w.communal.id, w.for_anna.id}));
    EXPECT_EQ(ids_of(reads.list_jobs({}, {domain::scope::tenant, w.ben.who.user_id})),
              (std::vector<app::id_t>{w.b1.id}));
    EXPECT_EQ(ids_of(reads.list_jobs({}, {domain::scope::firm, w.firm})), (std::vector<app::id_t>{w.a1.id}));

    app::job_filter assigned;
    assigned.state = domain::status::assigned;
    EXPECT_EQ(ids_of(reads.list_jobs(assigned, all)), (std::vector<app::id_t>{w.a1.id, w.b1.id}));
    app::job_filter by_uprn;
    by_uprn.uprn = "100000000003";
    const auto at_third = reads.list_jobs(by_uprn, all);
    EXPECT_EQ(ids_of(at_third), (std::vector<app::id_t>{w.for_anna.id, w.stray.id}));
    EXPECT_EQ(at_third[0].uprn, "100000000003");
    app::job_filter by_firm;
    by_firm.contractor_id = w.other_firm;
    by_firm.priority = domain::priority::urgent;
    by_firm.category = domain::category::plumbing;
    EXPECT_EQ(ids_of(reads.list_jobs(by_firm, all)), (std::vector<app::id_t>{w.b1.id}));
}

TEST_F(database_test, list_requests_pages_by_keyset) {
    database db(options());
    const auto w = add_listing_world(db);
    auto& reads = db.reads();
    // Keyset pages of two: each answer holds one extra item so the caller knows there is more.
    std::vector<app::id_t> seen;
    app::job_filter page;
    page.limit = 2;
    for (int guard = 0; guard < 10; ++guard) {
        auto items = reads.list_jobs(page, domain::visibility{});
        ASSERT_LE(items.size(), 3U);
        const bool more = items.size() > 2;
        items.resize(std::min<std::size_t>(items.size(), 2));
        for (const auto& j : items) {
            seen.push_back(j.id);
        }
        if (!more) {
            break;
        }
        page.after_id = items.back().id;
    }
    EXPECT_EQ(seen, (std::vector<app::id_t>{w.a1.id, w.communal.id, w.b1.id, w.for_anna.id, w.stray.id}));

    // The same through the use case, with its cursor.
    app::list_query q;
    q.limit = "2";
    auto first = app::list_jobs(reads, w.anna.who, q);
    ASSERT_TRUE(first);
    EXPECT_EQ(ids_of(first->items), (std::vector<app::id_t>{w.a1.id, w.communal.id}));
    ASSERT_TRUE(first->next_cursor);
    q.cursor = *first->next_cursor;
    auto second = app::list_jobs(reads, w.anna.who, q);
    ASSERT_TRUE(second);
    EXPECT_EQ(ids_of(second->items), (std::vector<app::id_t>{w.for_anna.id}));
    EXPECT_FALSE(second->next_cursor);
}

TEST_F(database_test, insert_request_gives_every_job_its_own_reference) {
    database db(options());
    const auto officer = add_person(db, "officer", "Olu Officer");
    add_home(db, "200000000001", std::nullopt);
    std::set<std::string> references;
    db.run([&](app::unit_of_work& uow) {
        for (int i = 0; i < 2000; ++i) {
            domain::job job;
            job.property_id = uow.accounts().property_by_uprn("200000000001")->id;
            job.raised_by = officer.who.user_id;
            job.description = "job " + std::to_string(i);
            job.created_at = job.updated_at = t0;
            const auto stored = uow.jobs().insert_job(job);
            EXPECT_EQ(stored.uprn, "200000000001");
            EXPECT_EQ(domain::normalise_reference(stored.reference), stored.reference);
            references.insert(stored.reference);
        }
        return true;
    });
    EXPECT_EQ(references.size(), 2000U);
    EXPECT_EQ(count("SELECT COUNT(DISTINCT reference) FROM requests"), 2000);
}

TEST_F(database_test, the_homes_a_tenant_holds_are_read_for_a_whole_page_at_once) {
    database db(options());
    const auto anna = add_person(db, "tenant", "Anna");
    const auto ben = add_person(db, "tenant", "Ben");
    const auto one = add_home(db, "100000000001", anna.who.user_id);
    const auto two = add_home(db, "100000000002", ben.who.user_id);
    const auto three = add_home(db, "100000000003", anna.who.user_id);
    auto held = db.reads().held_homes(anna.who.user_id, {one.id, two.id, three.id, one.id});
    std::sort(held.begin(), held.end());
    EXPECT_EQ(held, (std::vector<app::id_t>{one.id, three.id}));
    EXPECT_EQ(db.reads().held_homes(ben.who.user_id, {one.id, three.id}), std::vector<app::id_t>{});
    EXPECT_TRUE(db.reads().held_homes(anna.who.user_id, {}).empty());
}

TEST_F(database_test, submit_after_stop_throws) {
    database db(options());
    db.stop();
    EXPECT_THROW(db.writes().submit([](app::unit_of_work&) { return true; }, nullptr), std::runtime_error);
}

// By hand: mend_integration_tests --gtest_also_run_disabled_tests --gtest_filter='*throughput*'
// Prints request reports per second through the writer with 64 submitting threads, each waiting for its
// commit.
TEST_F(database_test, DISABLED_throughput_of_reports_with_64_submitters) {
    database db(options());
    const auto officer = add_person(db, "officer", "Olu Officer");
    add_home(db, "200000000001", std::nullopt);
    constexpr int threads = 64;
    const int per_thread =
        std::getenv("MEND_BENCH_PER_THREAD") ? std::atoi(std::getenv("MEND_BENCH_PER_THREAD")) : 500;
    std::vector<std::vector<double>> latencies(threads);
    std::vector<std::thread> pool;
    const auto start = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                const auto before = std::chrono::steady_clock::now();
                report(db, officer.who, "200000000001");
                latencies[static_cast<std::size_t>(t)].push_back(
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before)
                        .count());
            }
        });
    }
    for (auto& t : pool) {
        t.join();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<double> all;
    for (const auto& l : latencies) {
        all.insert(all.end(), l.begin(), l.end());
    }
    std::sort(all.begin(), all.end());
    const auto at = [&](double q) {
        return all[static_cast<std::size_t>(q * static_cast<double>(all.size() - 1))];
    };
    std::cout << threads * per_thread << " reports in " << seconds
              << " s: " << static_cast<long>(threads * per_thread / seconds) << " reports/s; latency ms p50 "
              << at(0.5) << " p99 " << at(0.99) << " max " << all.back() << "\n";
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests"), threads * per_thread);
}

} // namespace
} // namespace mend::storage
