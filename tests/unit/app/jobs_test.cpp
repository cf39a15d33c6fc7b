#include "app/accounts/admin.hpp"
#include "app/jobs.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using domain::role;

class jobs_test : public ::testing::Test {
protected:
    void SetUp() override {
        test::memory_accounts accounts(store.state);
        firm = accounts.insert_contractor({0, "Fixwell", {"plumbing"}}).id;
        officer = {accounts.insert_user({0, role::officer, "Olivia", {}, {}, {}}, "h1").id,
                   role::officer,
                   "Olivia",
                   {}};
        tenant = {
            accounts.insert_user({0, role::tenant, "Tom", {}, {}, {}}, "h2").id, role::tenant, "Tom", {}};
        other_tenant = {
            accounts.insert_user({0, role::tenant, "Amira", {}, {}, {}}, "h3").id, role::tenant, "Amira", {}};
        contractor = {accounts.insert_user({0, role::contractor, "Carl", {}, {}, firm}, "h4").id,
                      role::contractor, "Carl", firm};
        home = accounts.insert_property({0, "100023336956", "Flat 3", "E8 1AB"}).id;
        accounts.add_tenancy(home, tenant.user_id, domain::home_tenure::tenant);
        accounts.insert_property({0, "100023336957", "7 Orchard", "E8 2CD"});
    }

    outcome<domain::job> report(const domain::actor& who, report_command cmd) {
        test::memory_unit uow(store.state);
        return test::job_of(report_job(uow, who, cmd, now));
    }

    outcome<domain::job> act(const domain::actor& who, const std::string& ref, action_command cmd) {
        return test::job_of(write_and_wait(store, apply_action, who, ref, cmd, now));
    }

    domain::job reported_job() {
        auto job = report(tenant, {"100023336956", "plumbing", "Tap drips", "kitchen", {}, {}, {}, {}});
        EXPECT_TRUE(job);
        return *job;
    }

    test::memory_store store;
    domain::instant now = domain::from_unix(1'800'000'000);
    domain::id_t firm = 0, home = 0;
    domain::actor officer, tenant, other_tenant, contractor;
};

TEST_F(jobs_test, a_tenant_reports_for_their_own_home) {
    const auto job = reported_job();
    EXPECT_EQ(job.state, domain::status::reported);
    EXPECT_EQ(job.version, 1);
    EXPECT_EQ(job.tenant_id, tenant.user_id);
    ASSERT_EQ(store.state.events.size(), 1U);
    EXPECT_EQ(store.state.events[0].action, domain::action::report);
}

TEST_F(jobs_test, a_tenant_cannot_report_for_another_home_or_set_priority) {
    auto other = report(tenant, {"100023336957", "plumbing", "Leak", "", {}, {}, {}, {}});
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().field, "uprn");
    auto prio = report(tenant, {"100023336956", "plumbing", "Leak", "", "emergency", {}, {}, {}});
    ASSERT_FALSE(prio);
    EXPECT_EQ(prio.error().code, errc::forbidden);
    EXPECT_TRUE(store.state.jobs.empty());
}

TEST_F(jobs_test, each_bad_report_field_is_named) {
    struct bad_case {
        report_command cmd;
        std::string field;
    };
    const std::vector<bad_case> cases{
        {{"", "plumbing", "x", "", {}, {}, {}, {}}, "uprn"},
        {{"999", "plumbing", "x", "", {}, {}, {}, {}}, "uprn"},
        {{"100023336956", "gardening", "x", "", {}, {}, {}, {}}, "category"},
        {{"100023336956", "plumbing", "   ", "", {}, {}, {}, {}}, "description"},
        {{"100023336956", "plumbing", std::string(max_description + 1, 'x'), "", {}, {}, {}, {}},
         "description"},
        {{"100023336956", "plumbing", "x", "", "asap", {}, {}, {}}, "priority"},
        {{"100023336956", "plumbing", "x", "", {}, "mild", {}, {}}, "hazard"},
        {{"100023336956", "plumbing", "x", "", {}, {}, 9999, {}}, "tenant_id"},
        {{"100023336956", "plumbing", "x", "", {}, {}, {}, "pigeon"}, "source"},
    };
    for (const auto& c : cases) {
        auto result = report(officer, c.cmd);
        ASSERT_FALSE(result) << c.field;
        EXPECT_EQ(result.error().field, c.field);
    }
    EXPECT_TRUE(store.state.jobs.empty());
}

TEST_F(jobs_test, a_refused_action_changes_nothing) {
    const auto job = reported_job();
    const auto before_events = store.state.events.size();
    auto missing = act(officer, job.reference, {.action = "triage"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().field, "priority");
    auto wrong_role = act(tenant, job.reference, {.action = "triage", .priority = "urgent"});
    ASSERT_FALSE(wrong_role);
    EXPECT_EQ(wrong_role.error().code, errc::forbidden);
    auto wrong_state = act(officer, job.reference, {.action = "complete"});
    ASSERT_FALSE(wrong_state);
    EXPECT_EQ(wrong_state.error().code, errc::invalid_transition);
    EXPECT_NE(std::find(wrong_state.error().allowed.begin(), wrong_state.error().allowed.end(), "triage"),
              wrong_state.error().allowed.end());
    EXPECT_EQ(store.state.jobs.at(job.id).version, 1);
    EXPECT_EQ(store.state.events.size(), before_events);
}

TEST_F(jobs_test, a_stale_version_is_refused) {
    const auto job = reported_job();
    auto stale =
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .expected_version = 7});
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, errc::stale_version);
    auto fresh =
        act(officer, job.reference, {.action = "triage", .priority = "urgent", .expected_version = 1});
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->version, 2);
}

TEST_F(jobs_test, parameters_are_checked_per_action) {
    const auto job = reported_job();
    ASSERT_TRUE(act(officer, job.reference, {.action = "triage", .priority = "routine"}));
    auto no_firm = act(officer, job.reference, {.action = "assign", .contractor_id = 4242});
    ASSERT_FALSE(no_firm);
    EXPECT_EQ(no_firm.error().field, "contractor_id");
    ASSERT_TRUE(act(officer, job.reference, {.action = "assign", .contractor_id = firm}));
    auto backwards = act(contractor, job.reference,
                         {.action = "schedule",
                          .appointment_start = "2027-01-05T12:00:00Z",
                          .appointment_end = "2027-01-05T08:00:00Z",
                          .has_appointment = true});
    ASSERT_FALSE(backwards);
    EXPECT_EQ(backwards.error().field, "appointment.end");
    auto bad_hold = act(contractor, job.reference, {.action = "hold", .reason = "lunch"});
    ASSERT_FALSE(bad_hold);
    EXPECT_EQ(bad_hold.error().field, "reason");
    auto held = act(contractor, job.reference, {.action = "hold", .reason = "parts"});
    ASSERT_TRUE(held);
    EXPECT_EQ(held->hold, domain::hold_reason::parts);
}

TEST_F(jobs_test, duplicates_point_at_another_job) {
    const auto first = reported_job();
    const auto second = reported_job();
    auto self =
        act(officer, second.reference, {.action = "mark_duplicate", .duplicate_of = second.reference});
    ASSERT_FALSE(self);
    EXPECT_EQ(self.error().field, "duplicate_of");
    auto marked =
        act(officer, second.reference, {.action = "mark_duplicate", .duplicate_of = first.reference});
    ASSERT_TRUE(marked);
    EXPECT_EQ(marked->state, domain::status::duplicate);
    EXPECT_EQ(marked->duplicate_of, first.reference);
}

TEST_F(jobs_test, other_tenants_do_not_learn_a_job_exists) {
    const auto job = reported_job();
    auto seen = get_job(store, other_tenant, job.reference);
    ASSERT_FALSE(seen);
    EXPECT_EQ(seen.error().code, errc::not_found);
    auto acted = act(other_tenant, job.reference, {.action = "cancel", .reason = "mine"});
    ASSERT_FALSE(acted);
    EXPECT_EQ(acted.error().code, errc::not_found);
    auto listed = list_jobs(store, other_tenant, {});
    ASSERT_TRUE(listed);
    EXPECT_TRUE(listed->items.empty());
}

TEST_F(jobs_test, tenants_never_see_internal_notes) {
    const auto job = reported_job();
    ASSERT_TRUE(act(officer, job.reference,
                    {.action = "triage",
                     .note = "Booked soon",
                     .internal_note = "tenant is rude",
                     .priority = "urgent"}));
    auto for_tenant = job_events(store, tenant, job.reference);
    ASSERT_TRUE(for_tenant);
    ASSERT_EQ(for_tenant->size(), 2U);
    EXPECT_EQ((*for_tenant)[1].note, "Booked soon");
    EXPECT_EQ((*for_tenant)[1].internal_note, "");
    auto for_officer = job_events(store, officer, job.reference);
    EXPECT_EQ((*for_officer)[1].internal_note, "tenant is rude");
}

TEST_F(jobs_test, pages_walk_every_job_once) {
    std::set<std::string> refs;
    for (int i = 0; i < 7; ++i) {
        refs.insert(reported_job().reference);
    }
    std::set<std::string> seen;
    list_query q;
    q.limit = "3";
    int pages = 0;
    while (true) {
        auto page = list_jobs(store, officer, q);
        ASSERT_TRUE(page);
        ++pages;
        for (const auto& j : page->items) {
            EXPECT_TRUE(seen.insert(j.reference).second);
        }
        if (!page->next_cursor) {
            break;
        }
        q.cursor = page->next_cursor;
    }
    EXPECT_EQ(seen, refs);
    EXPECT_EQ(pages, 3);
    q.limit = "0";
    EXPECT_EQ(list_jobs(store, officer, q).error().field, "limit");
}

TEST_F(jobs_test, a_write_returns_the_job_with_what_its_caller_may_do_next) {
    test::memory_unit uow(store.state);
    const auto reported =
        report_job(uow, tenant, {"100023336956", "plumbing", "Tap drips", "", {}, {}, {}, {}}, now);
    ASSERT_TRUE(reported);
    EXPECT_FALSE(reported->allowed_actions.empty());
    EXPECT_EQ(reported->allowed_actions, next_actions(store, tenant, reported->job, now));
    const auto triaged = write_and_wait(store, apply_action, officer, reported->job.reference,
                                        action_command{.action = "triage", .priority = "urgent"}, now);
    ASSERT_TRUE(triaged);
    EXPECT_EQ(triaged->job.version, 2);
    EXPECT_EQ(triaged->allowed_actions, next_actions(store, officer, triaged->job, now));
    const auto refused = write_and_wait(store, apply_action, officer, reported->job.reference,
                                        action_command{.action = "triage", .priority = "urgent"}, now);
    ASSERT_FALSE(refused);
    EXPECT_EQ(store.state.jobs.at(reported->job.id).version, 2) << "a refused write changes nothing";
}

TEST_F(jobs_test, a_page_of_views_knows_which_homes_the_tenant_holds) {
    const auto own = reported_job();
    // Raised by an officer for nobody in particular: the tenant may act on it only because they hold the
    // home.
    const auto communal =
        report(officer, {"100023336956", "plumbing", "Stairwell light", "", {}, {}, {}, {}});
    ASSERT_TRUE(communal);
    const auto views = views_of(store, nullptr, tenant, {own, *communal}, now);
    ASSERT_EQ(views.size(), 2U);
    for (const auto& view : views) {
        EXPECT_EQ(view.allowed_actions, next_actions(store, tenant, view.job, now)) << view.job.reference;
        EXPECT_TRUE(view.clocks.empty()) << "no clock reads given";
    }
    EXPECT_FALSE(views[1].allowed_actions.empty()) << "the communal job is on the tenant's home";
    EXPECT_TRUE(views_of(store, nullptr, other_tenant, {*communal}, now).front().allowed_actions.empty());
    EXPECT_TRUE(views_of(store, nullptr, tenant, {}, now).empty());
}

TEST(admin, users_need_valid_roles_and_firms) {
    test::memory_store store;
    test::memory_unit uow(store.state);
    EXPECT_EQ(add_user(uow, {"wizard", "Merlin", {}, {}, {}}).error().field, "role");
    EXPECT_EQ(add_user(uow, {"contractor", "Carl", {}, {}, {}}).error().field, "contractor");
    EXPECT_EQ(add_user(uow, {"tenant", "Tom", "not-an-email", {}, {}}).error().field, "email");
    auto ok = add_user(uow, {"tenant", "Tom", "tom@example.org", {}, {}});
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->token.rfind("mend_", 0), 0U);
    EXPECT_EQ(add_property(uow, {"12ab", "x", "y", {}}).error().field, "uprn");
    EXPECT_TRUE(add_property(uow, {"123", "1 Road", "E1 1AA", ok->user.id}));
    EXPECT_EQ(add_property(uow, {"123", "1 Road", "E1 1AA", {}}).error().code, errc::conflict);
}

} // namespace
} // namespace mend::app
