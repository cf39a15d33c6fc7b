#include "app/communal.hpp"
#include "domain/visibility.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using domain::role;

class communal_test : public ::testing::Test {
protected:
    void SetUp() override {
        test::memory_unit uow(store.state);
        estate = add_place(uow, {"estate", "Agar Estate", "Agar Grove"}).value();
        block = add_place(uow, {"block", "Agar House", "1-40 Agar Grove", "", estate.id}).value();
        test::memory_accounts accounts(store.state);
        officer = {accounts.insert_user({0, role::officer, "Olivia", {}, {}, {}}, "h1").id,
                   role::officer,
                   "Olivia",
                   {}};
        tenant = {
            accounts.insert_user({0, role::tenant, "Tom", {}, {}, {}}, "h2").id, role::tenant, "Tom", {}};
        neighbour = {
            accounts.insert_user({0, role::tenant, "Amira", {}, {}, {}}, "h3").id, role::tenant, "Amira", {}};
        stranger = {
            accounts.insert_user({0, role::tenant, "Sam", {}, {}, {}}, "h4").id, role::tenant, "Sam", {}};
        property_record flat{0, "100000000001", "Flat 1, Agar House", "NW1 9AB"};
        flat.block_id = block.id;
        flat.estate_id = estate.id;
        accounts.add_tenancy(accounts.insert_property(flat).id, tenant.user_id, domain::home_tenure::tenant);
        flat.uprn = "100000000002";
        accounts.add_tenancy(accounts.insert_property(flat).id, neighbour.user_id,
                             domain::home_tenure::tenant);
        accounts.add_tenancy(accounts.insert_property({0, "100000000003", "3 Elm Row", "E8 1AB"}).id,
                             stranger.user_id, domain::home_tenure::tenant);
    }

    // Through the writer, so that a refused report rolls its unit back.
    outcome<domain::job> report(const domain::actor& who, report_command cmd) {
        return test::job_of(write_and_wait(store, report_job, who, cmd, now));
    }

    report_command for_block() const {
        report_command cmd;
        cmd.block = block.id;
        cmd.category = "communal";
        cmd.description = "Lift stuck; Tom in flat 1 called";
        cmd.public_summary = "The lift is not working";
        return cmd;
    }

    test::memory_store store;
    domain::instant now = domain::from_unix(1'800'000'000);
    place_record estate, block;
    domain::actor officer, tenant, neighbour, stranger;
};

TEST_F(communal_test, an_officer_raises_a_job_for_a_block_on_its_communal_areas_home) {
    const auto job = report(officer, for_block());
    ASSERT_TRUE(job) << job.error().message;
    ASSERT_TRUE(job->place);
    EXPECT_EQ(job->place->id, block.id);
    EXPECT_EQ(job->place->kind, "block");
    EXPECT_EQ(job->public_summary, "The lift is not working");
    EXPECT_FALSE(job->tenant_id);
    const auto second = report(officer, for_block());
    EXPECT_EQ(second->property_id, job->property_id) << "one communal areas home per place";
    EXPECT_EQ(store.state.communal_homes.size(), 1U);
}

TEST_F(communal_test, bad_input_names_the_field_and_writes_nothing) {
    const auto field_of = [&](const domain::actor& who, report_command cmd) {
        const auto homes = store.state.homes.size();
        auto r = report(who, std::move(cmd));
        EXPECT_EQ(store.state.homes.size(), homes);
        return r ? std::string("(reported)") : r.error().field;
    };
    auto cmd = for_block();
    cmd.block = estate.id;
    EXPECT_EQ(field_of(officer, cmd), "block") << "an estate is no block";
    cmd = for_block();
    cmd.estate = estate.id;
    EXPECT_EQ(field_of(officer, cmd), "estate") << "not both";
    cmd = for_block();
    cmd.uprn = "100000000001";
    EXPECT_EQ(field_of(officer, cmd), "uprn") << "a home or a place, not both";
    cmd = for_block();
    cmd.public_summary = "Call Tom on 07700 900123";
    EXPECT_EQ(field_of(officer, cmd), "public_summary") << "the public summary passes the privacy check";
    cmd = for_block();
    cmd.public_summary.reset();
    EXPECT_EQ(field_of(stranger, cmd), "block") << "only a block the tenant lives in";
    cmd.shared_area = true;
    cmd.block.reset();
    cmd.uprn = "100000000003";
    EXPECT_EQ(field_of(stranger, cmd), "shared_area") << "a home in no block or estate";
    cmd = for_block();
    EXPECT_EQ(report(tenant, cmd).error().field, "public_summary") << "tenants write no public summary";
    EXPECT_TRUE(store.state.jobs.empty());
}

TEST_F(communal_test, a_tenant_reports_the_shared_areas_of_their_homes_block) {
    report_command cmd;
    cmd.uprn = "100000000001";
    cmd.shared_area = true;
    cmd.category = "communal";
    cmd.description = "The door entry buzzer does not work";
    const auto job = report(tenant, cmd);
    ASSERT_TRUE(job) << job.error().message;
    EXPECT_EQ(job->place->id, block.id);
    EXPECT_EQ(job->tenant_id, tenant.user_id);
}

TEST_F(communal_test, tenants_of_the_block_read_its_public_facts_and_others_nothing) {
    const auto job = report(officer, for_block()).value();
    EXPECT_TRUE(may_view_job(store, neighbour, job));
    EXPECT_TRUE(may_view_job(store, officer, job));
    EXPECT_FALSE(may_view_job(store, stranger, job));
    EXPECT_FALSE(get_job(store, neighbour, job.reference)) << "listings and actions keep the narrower rule";
    const auto seen = view_job(store, neighbour, job.reference);
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->description, "The lift is not working") << "the officer's public words, not the report";
    EXPECT_EQ(view_job(store, officer, job.reference)->description, "Lift stuck; Tom in flat 1 called");
    EXPECT_EQ(view_job(store, stranger, job.reference).error().code, errc::not_found);
    const auto view = views_of(store, nullptr, neighbour, {job}, now);
    EXPECT_TRUE(view.front().allowed_actions.empty()) << "read only";
}

TEST_F(communal_test, the_rule_in_the_domain) {
    domain::job job;
    job.place = domain::job_place{block.id, "block", "Agar House"};
    EXPECT_TRUE(domain::may_view(neighbour, job, false, true));
    EXPECT_FALSE(domain::may_view(neighbour, job, false, false));
    EXPECT_FALSE(domain::can_see(neighbour, job, false));
    job.place.reset();
    EXPECT_FALSE(domain::may_view(neighbour, job, false, true)) << "only communal jobs";
}

TEST_F(communal_test, an_officer_sets_the_public_summary_with_an_action) {
    auto cmd = for_block();
    cmd.public_summary.reset();
    const auto job = report(officer, cmd).value();
    action_command triage;
    triage.action = "triage";
    triage.priority = "urgent";
    triage.public_summary = "The lift is broken";
    const auto done = test::job_of(write_and_wait(store, apply_action, officer, job.reference, triage, now));
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->public_summary, "The lift is broken");
}

} // namespace
} // namespace mend::app
