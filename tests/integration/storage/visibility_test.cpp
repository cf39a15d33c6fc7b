// Every query that lists or counts jobs, against the domain's visibility rule over the same jobs: each
// returns exactly the jobs domain::can_see lets the actor see.
#include "app/accounts/admin.hpp"
#include "domain/visibility.hpp"
#include "integration/storage/database_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <map>
#include <optional>
#include <vector>

namespace mend::storage {
namespace {

using namespace std::chrono_literals;
using domain::clock_state;
using ids = std::vector<app::id_t>;

const domain::instant t0 = domain::from_unix(1'790'000'000);

const std::string tess_home = "100000000001";
const std::string una_home = "100000000002";
const std::string tess_former_home = "100000000003";
const std::string nobodys_home = "100000000004";

// A job the fixture reports, triages and (when `firm` is set) assigns.
struct planned_job {
    const domain::actor* who;
    std::string uprn;
    std::optional<app::id_t> tenant;
    std::string category;
    std::optional<app::id_t> firm;
};

class visibility_db_test : public database_fixture {
protected:
    void seed() override {
        add_people();
        add_jobs();
        end_tenancy(tess, tess_former_home);
    }

    domain::actor add_actor(const std::string& role, const std::string& name,
                            std::optional<app::id_t> firm = std::nullopt) {
        const auto created = unit(app::add_user, app::new_user{role, name, {}, {}, firm});
        return {created.user.id, created.user.role, created.user.name, created.user.contractor_id};
    }

    void add_home(const std::string& uprn, std::optional<app::id_t> tenant) {
        unit(app::add_property, app::new_property{uprn, "1 High Street", "AB1 2CD", tenant});
    }

    app::id_t add_firm(const std::string& name) {
        return unit(app::add_contractor, name, std::vector<std::string>{"plumbing"}).id;
    }

    void add_people() {
        firm_a = add_firm("Fixwell");
        firm_b = add_firm("Drainright");
        officer = add_actor("officer", "Olivia");
        tess = add_actor("tenant", "Tess");
        una = add_actor("tenant", "Una");
        carl = add_actor("contractor", "Carl", firm_a);
        dora = add_actor("contractor", "Dora", firm_b);
        add_home(tess_home, tess.user_id);
        add_home(una_home, una.user_id);
        add_home(tess_former_home, tess.user_id);
        add_home(nobodys_home, std::nullopt);
    }

    domain::job act(const domain::actor& who, const std::string& reference, const app::action_command& cmd,
                    domain::instant now) {
        return unit(app::apply_action, who, reference, cmd, now).job;
    }

    void add_job(const planned_job& plan, bool urgent, domain::instant now) {
        const auto job =
            unit(app::report_job, *plan.who,
                 app::report_command{plan.uprn, plan.category, "Broken", "", {}, {}, plan.tenant, {}}, now)
                .job;
        references.push_back(job.reference);
        const bool damp = plan.category == "damp_mould";
        act(officer, job.reference,
            {.action = "triage",
             .priority = urgent ? "urgent" : "routine",
             .hazard = damp ? std::optional<std::string>("significant") : std::nullopt},
            now + 1h);
        if (plan.firm) {
            act(officer, job.reference, {.action = "assign", .contractor_id = *plan.firm}, now + 2h);
        }
    }

    void add_jobs() {
        const std::vector<planned_job> plan{
            {&tess, tess_home, {}, "plumbing", firm_a},                   // Tess's, at her home
            {&officer, tess_home, {}, "communal", firm_b},                // for nobody, at Tess's home
            {&una, una_home, {}, "damp_mould", firm_a},                   // Una's, at her home
            {&officer, tess_home, una.user_id, "heating", {}},            // for Una, at Tess's home
            {&tess, tess_former_home, {}, "damp_mould", firm_b},          // Tess's, at the home she leaves
            {&officer, nobodys_home, {}, "other", {}},                    // nobody's
            {&officer, nobodys_home, tess.user_id, "electrical", firm_a}, // for Tess, at a home never hers
        };
        auto now = t0;
        for (std::size_t i = 0; i < plan.size(); ++i) {
            add_job(plan[i], i % 2 == 0, now);
            now += 30h;
        }
        // Escalated clocks put jobs in the overdue queue; a met clock leaves it.
        db_->run([&](app::unit_of_work& uow) {
            app::escalate_clocks(uow, t0 + 20 * 24h, settings.at_risk_share);
            return true;
        });
        for (const char* step : {"start", "complete"}) {
            act(carl, references.front(), {.action = step}, t0 + 20 * 24h + 1h);
        }
    }

    // The app has no use case that ends a tenancy yet; the data can hold one, so the rule must handle it.
    void end_tenancy(const domain::actor& who, const std::string& uprn) {
        SQLite::Database raw(dir_ / "mend.db", SQLite::OPEN_READWRITE);
        SQLite::Statement q(raw, "DELETE FROM tenancies WHERE user_id = ? AND property_id = "
                                 "(SELECT id FROM properties WHERE uprn = ?)");
        q.bind(1, who.user_id);
        q.bind(2, uprn);
        ASSERT_EQ(q.exec(), 1);
    }

    // Read one by one, by a query that does not use the rule.
    std::vector<domain::job> all_jobs() {
        std::vector<domain::job> out;
        for (const auto& reference : references) {
            out.push_back(*db_->reads().job_by_reference(reference));
        }
        return out;
    }

    bool seen(const domain::actor& who, const domain::job& job) {
        return domain::can_see(who, job, db_->reads().holds_home(who.user_id, job.property_id));
    }

    // Everyone the rule tells apart, with a contractor user whose firm is not set.
    std::vector<domain::actor> actors() const {
        const domain::actor system{0, domain::role::system, "system", std::nullopt};
        const domain::actor firmless{9999, domain::role::contractor, "Nobody", std::nullopt};
        return {officer, system, tess, una, carl, dora, firmless};
    }

    app::id_t firm_a = 0;
    app::id_t firm_b = 0;
    domain::actor officer, tess, una, carl, dora;
    std::vector<std::string> references; // in the order reported
};

ids ids_of(const std::vector<domain::job>& jobs) {
    ids out;
    for (const auto& job : jobs) {
        out.push_back(job.id);
    }
    return out;
}

bool overdue(const std::vector<domain::job_clock>& clocks) {
    return std::any_of(clocks.begin(), clocks.end(),
                       [](const domain::job_clock& c) { return c.open() && c.escalated >= 2; });
}

// The filters of the listing as the test restates them; visibility is the part under test.
bool passes(const app::job_filter& filter, const domain::job& job,
            const std::vector<domain::job_clock>& clocks) {
    return (!filter.state || job.state == *filter.state) && (!filter.uprn || job.uprn == *filter.uprn) &&
           (!filter.after_id || job.id > *filter.after_id) && (!filter.overdue || overdue(clocks));
}

std::vector<app::job_filter> filters(app::id_t after_id) {
    std::vector<app::job_filter> out(5);
    out[1].state = domain::status::assigned;
    out[2].uprn = tess_home;
    out[3].after_id = after_id;
    out[4].overdue = true;
    for (auto& filter : out) {
        filter.limit = 100;
    }
    return out;
}

TEST_F(visibility_db_test, each_actor_sees_the_jobs_the_domain_rule_lets_them_see) {
    const auto jobs = all_jobs();
    ASSERT_EQ(jobs.size(), 7U);
    const ids everything = ids_of(jobs);
    const auto listed = [&](const domain::actor& who) {
        app::job_filter filter;
        filter.limit = 100;
        return ids_of(db_->reads().list_jobs(filter, domain::visibility_of(who)));
    };
    // The rule itself, spelled out once so that SQL and domain cannot agree on something wrong.
    EXPECT_EQ(listed(officer), everything);
    EXPECT_EQ(listed(tess), (ids{jobs[0].id, jobs[1].id, jobs[3].id, jobs[4].id, jobs[6].id}));
    EXPECT_EQ(listed(una), (ids{jobs[2].id, jobs[3].id}));
    EXPECT_EQ(listed(carl), (ids{jobs[0].id, jobs[2].id, jobs[6].id}));
    EXPECT_EQ(listed(dora), (ids{jobs[1].id, jobs[4].id}));
    EXPECT_TRUE(listed(actors().back()).empty());
}

TEST_F(visibility_db_test, job_listings_agree_with_the_domain_rule_under_every_filter) {
    const auto jobs = all_jobs();
    std::map<app::id_t, std::vector<domain::job_clock>> clocks;
    for (const auto& job : jobs) {
        clocks[job.id] = db_->clock_reads().clocks_of(job.id);
    }
    ASSERT_TRUE(
        std::any_of(jobs.begin(), jobs.end(), [&](const auto& job) { return overdue(clocks[job.id]); }));
    for (const auto& who : actors()) {
        for (const auto& filter : filters(jobs[2].id)) {
            ids want;
            for (const auto& job : jobs) {
                if (passes(filter, job, clocks[job.id]) && seen(who, job)) {
                    want.push_back(job.id);
                }
            }
            EXPECT_EQ(ids_of(db_->reads().list_jobs(filter, domain::visibility_of(who))), want)
                << who.name << " state=" << filter.state.has_value() << " uprn=" << filter.uprn.has_value()
                << " after=" << filter.after_id.has_value() << " overdue=" << filter.overdue;
        }
    }
}

TEST_F(visibility_db_test, status_counts_agree_with_the_domain_rule) {
    const auto jobs = all_jobs();
    for (const auto& who : actors()) {
        std::map<domain::status, std::int64_t> want;
        for (const auto& job : jobs) {
            if (seen(who, job)) {
                ++want[job.state];
            }
        }
        std::map<domain::status, std::int64_t> got;
        for (const auto& count : db_->web_reads().counts_by_status(domain::visibility_of(who))) {
            got[count.state] = count.count;
        }
        EXPECT_EQ(got, want) << who.name;
    }
}

TEST_F(visibility_db_test, clock_listings_and_counts_agree_with_the_domain_rule_at_every_half_day) {
    std::vector<std::pair<domain::job, domain::job_clock>> clocks;
    for (const auto& job : all_jobs()) {
        for (const auto& clock : db_->clock_reads().clocks_of(job.id)) {
            clocks.emplace_back(job, clock);
        }
    }
    std::map<clock_state, std::size_t> tenant_saw;
    for (auto now = t0; now < t0 + 40 * 24h; now += 12h) {
        for (auto state : {clock_state::at_risk, clock_state::breached}) {
            for (const auto& who : actors()) {
                ids want;
                for (const auto& [job, clock] : clocks) {
                    if (clock.open() && domain::state_of(clock, now, settings.at_risk_share) == state &&
                        seen(who, job)) {
                        want.push_back(clock.id);
                    }
                }
                app::clock_filter filter{state, now, settings.at_risk_share, domain::visibility_of(who),
                                         {},    100};
                ids got;
                for (const auto& row : db_->clock_reads().list_clocks(filter)) {
                    got.push_back(row.clock.id);
                }
                ASSERT_EQ(got, want) << who.name << " " << domain::format_iso(now) << " " << to_string(state);
                ASSERT_EQ(db_->clock_reads().count_clocks(filter), static_cast<std::int64_t>(want.size()));
                tenant_saw[state] += who.user_id == tess.user_id ? want.size() : 0U;
            }
        }
    }
    EXPECT_GT(tenant_saw[clock_state::at_risk], 0U);
    EXPECT_GT(tenant_saw[clock_state::breached], 0U);
}

} // namespace
} // namespace mend::storage
