#include "app/accounts/admin.hpp"
#include "app/places.hpp"
#include "integration/storage/database_fixture.hpp"

#include <algorithm>
#include <cctype>

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

std::vector<std::string> references(const app::outcome<app::queue_page>& page) {
    std::vector<std::string> out;
    for (const auto& job : page->items) {
        out.push_back(job.reference);
    }
    return out;
}

TEST_F(clocks_db_test, the_work_queue_lists_open_jobs_in_the_order_they_need_doing) {
    const auto t0 = at("2026-11-19T10:00:00Z");
    domain::actor amira;
    db_->run([&](app::unit_of_work& uow) {
        auto a = app::add_user(uow, {"tenant", "Amira Haddad", {}, {}, {}});
        amira = {a->user.id, domain::role::tenant, "Amira Haddad", {}};
        app::add_property(uow, {"100023336957", "7 Orchard Court", "LS1 4AP", amira.user_id});
        return true;
    });
    const auto report = [&](const domain::actor& who, const char* uprn, const char* category) {
        return unit(app::report_job, who, app::report_command{uprn, category, "Broken", "", {}, {}, {}, {}},
                    t0)
            .job;
    };
    const auto routine = report(tenant, "100023336956", "plumbing").reference;
    const auto urgent = report(tenant, "100023336956", "plumbing").reference;
    const auto emergency = report(tenant, "100023336956", "electrical").reference;
    const auto mould = report(tenant, "100023336956", "damp_mould");
    const auto untriaged = report(tenant, "100023336956", "carpentry").reference;
    const auto ended = report(tenant, "100023336956", "plumbing").reference;
    const auto orchard = report(amira, "100023336957", "roofing").reference;
    act(routine, {.action = "triage", .priority = "routine"}, t0);
    act(urgent, {.action = "triage", .priority = "urgent"}, t0);
    act(emergency, {.action = "triage", .priority = "emergency"}, t0);
    act(mould.reference, {.action = "triage", .priority = "routine", .hazard = "significant"}, t0);
    act(orchard, {.action = "triage", .priority = "planned"}, t0);
    act(ended, {.action = "cancel", .reason = "Reported twice"}, t0);
    // The overdue loop finds the mould's investigation at risk an hour before it is due.
    const auto clocks = db_->clock_reads().clocks_of(mould.id);
    ASSERT_EQ(clocks.size(), 2U);
    db_->run([&](app::unit_of_work& uow) {
        app::escalate_clocks(uow, clocks[1].due() - 1h, settings.at_risk_share);
        return true;
    });

    const auto queue = [&](app::queue_query q) {
        return app::work_queue(db_->reads(), officer, q);
    };
    // Emergencies, then a legal clock at risk, then the soonest due (a job not yet triaged: since its
    // report).
    EXPECT_EQ(references(queue({})),
              (std::vector<std::string>{emergency, mould.reference, untriaged, urgent, routine, orchard}));
    app::queue_query all;
    all.filters.status = "all";
    EXPECT_EQ(queue(all)->items.size(), 7U);
    app::queue_query cancelled;
    cancelled.filters.status = "cancelled";
    EXPECT_EQ(references(queue(cancelled)), std::vector<std::string>{ended});

    // Searched by postcode (any case, any spacing), address, tenant's name or reference.
    for (const char* words : {"ls14ap", "LS1 4AP", "orchard", "amira", " Haddad "}) {
        app::queue_query q;
        q.search = words;
        EXPECT_EQ(references(queue(q)), std::vector<std::string>{orchard}) << words;
    }
    app::queue_query by_reference;
    by_reference.search = urgent;
    EXPECT_EQ(references(queue(by_reference)), std::vector<std::string>{urgent});
    app::queue_query wildcard;
    wildcard.search = "%";
    EXPECT_TRUE(queue(wildcard)->items.empty());
    app::queue_query lower_case;
    lower_case.search = " " + urgent + " ";
    std::transform(lower_case.search->begin(), lower_case.search->end(), lower_case.search->begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    EXPECT_EQ(references(queue(lower_case)), std::vector<std::string>{urgent});
    app::queue_query beginning;
    beginning.search =
        "orch cou"; // words of the address by their beginnings, as the phone search finds homes
    EXPECT_EQ(references(queue(beginning)), std::vector<std::string>{orchard});

    // Numbered pages of the same order.
    app::queue_query paged;
    paged.filters.limit = "4";
    EXPECT_EQ(references(queue(paged)),
              (std::vector<std::string>{emergency, mould.reference, untriaged, urgent}));
    EXPECT_TRUE(queue(paged)->more);
    paged.page = "2";
    EXPECT_EQ(references(queue(paged)), (std::vector<std::string>{routine, orchard}));
    EXPECT_FALSE(queue(paged)->more);
    paged.page = "0";
    EXPECT_EQ(queue(paged).error().field, "page");
    EXPECT_EQ(app::work_queue(db_->reads(), tenant, {})->items.size(), 5U) << "a tenant sees their own";

    // Keyset pages, as the Next and Previous links read them: from a job's place in the queue.
    app::queue_query pairs;
    pairs.filters.limit = "2";
    const auto first = queue(pairs);
    ASSERT_EQ(references(first), (std::vector<std::string>{emergency, mould.reference}));
    auto next = pairs;
    next.page = "2";
    next.after = std::to_string(first->items.back().id);
    const auto second = queue(next);
    EXPECT_EQ(references(second), (std::vector<std::string>{untriaged, urgent}));
    EXPECT_TRUE(second->more);
    EXPECT_EQ(second->page, 2);
    next.page = "3";
    next.after = std::to_string(second->items.back().id);
    const auto third = queue(next);
    EXPECT_EQ(references(third), (std::vector<std::string>{routine, orchard}));
    EXPECT_FALSE(third->more);
    auto previous = pairs;
    previous.page = "2";
    previous.before = std::to_string(third->items.front().id);
    const auto back = queue(previous);
    EXPECT_EQ(references(back), (std::vector<std::string>{untriaged, urgent}));
    EXPECT_TRUE(back->more);
    EXPECT_EQ(back->page, 2);
    // Nothing before the page read backwards: it is the first page, read whole.
    previous.before = std::to_string(back->items.front().id);
    const auto start = queue(previous);
    EXPECT_EQ(references(start), (std::vector<std::string>{emergency, mould.reference}));
    EXPECT_EQ(start->page, 1);
    EXPECT_TRUE(start->more);
    // With a filter (every state, so the ended job too): the jobs that follow in that queue's own order.
    const auto whole = references(queue(all));
    const auto after_urgent = std::find(whole.begin(), whole.end(), urgent) + 1;
    ASSERT_EQ(whole.end() - after_urgent, 2);
    auto every = next;
    every.filters.status = "all";
    every.filters.limit = "2";
    every.after = std::to_string(second->items.back().id);
    EXPECT_EQ(references(queue(every)), std::vector<std::string>(after_urgent, after_urgent + 2));
    next.after = "x";
    EXPECT_EQ(queue(next).error().field, "after");
    next.after = "1";
    next.before = "2";
    EXPECT_EQ(queue(next).error().field, "before");

    // A communal job, by its block's name or the block's postcode (its communal areas are no home to search).
    app::id_t block = 0;
    db_->run([&](app::unit_of_work& uow) {
        const auto estate = app::add_place(uow, {"estate", "Agar Estate", "Agar Grove"}).value();
        block = app::add_place(uow, {"block", "Heron Court", "1-40 Agar Grove", "", estate.id})->id;
        app::add_property(uow, {"100023336958", "12 Heron Court", "NW1 9AB", {}, {}, block});
        return true;
    });
    app::report_command lift{.category = "communal", .description = "Lift stuck"};
    lift.block = block;
    const auto communal = unit(app::report_job, officer, lift, t0).job.reference;
    for (const char* words : {"Heron Court", "nw19ab", "NW1 9AB"}) {
        app::queue_query q;
        q.search = words;
        q.filters.status = "all";
        const auto found = references(queue(q));
        EXPECT_NE(std::find(found.begin(), found.end(), communal), found.end()) << words;
    }
}

// A word that finds more homes than storage's broad_search_homes (1,000) is read by walking the queue's order
// rather than sorting every job of the homes found: the same jobs in the same order either way.
TEST_F(clocks_db_test, a_search_that_finds_many_homes_lists_their_jobs_in_the_queues_order) {
    const auto t0 = at("2026-11-19T10:00:00Z");
    const auto uprn = [](int i) {
        return std::to_string(200000000000 + i);
    };
    db_->run([&](app::unit_of_work& uow) {
        for (int i = 0; i <= 1000; ++i) {
            app::add_property(uow, {uprn(i), std::to_string(i) + " Beech Grove", "LS2 7AA", {}});
        }
        return true;
    });
    std::vector<std::string> refs;
    for (const int i : {5, 500, 1000}) {
        refs.push_back(unit(app::report_job, officer,
                            app::report_command{uprn(i), "plumbing", "Leak", "", {}, {}, {}, {}}, t0)
                           .job.reference);
    }
    unit(app::report_job, tenant, app::report_command{"100023336956", "plumbing", "Leak", "", {}, {}, {}, {}},
         t0);
    act(refs[1], {.action = "triage", .priority = "emergency"}, t0);
    const auto queue = [&](app::queue_query q) {
        return app::work_queue(db_->reads(), officer, q);
    };
    for (const char* status : {"", "all"}) { // the open queue walks requests_queue; every state sorts
        app::queue_query q;
        q.search = "beech";
        if (*status != '\0') {
            q.filters.status = status;
        }
        EXPECT_EQ(references(queue(q)), (std::vector<std::string>{refs[1], refs[0], refs[2]})) << status;
    }
    app::queue_query reported;
    reported.search = "Beech Gro";
    reported.filters.status = "reported";
    EXPECT_EQ(references(queue(reported)), (std::vector<std::string>{refs[0], refs[2]}));
    reported.filters.limit = "1";
    const auto first = queue(reported);
    EXPECT_TRUE(first->more);
    reported.after = std::to_string(first->items.front().id);
    reported.page = "2";
    EXPECT_EQ(references(queue(reported)), std::vector<std::string>{refs[2]});
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
