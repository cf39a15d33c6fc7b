#include "app/communal.hpp"
#include "app/leasehold.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using domain::home_tenure;
using domain::role;

class leasehold_test : public ::testing::Test {
protected:
    void SetUp() override {
        test::memory_unit uow(store.state);
        block = add_place(uow, {"block", "Heron Court", "Heron Road"}).value();
        other_block = add_place(uow, {"block", "Finch House", "Heron Road"}).value();
        test::memory_accounts accounts(store.state);
        const auto add = [&](role r, const std::string& name) {
            return domain::actor{accounts.insert_user({0, r, name, {}, {}, {}}, "h-" + name).id, r, name, {}};
        };
        officer = add(role::officer, "Olivia");
        leaseholder = add(role::tenant, "Lee");
        tenant = add(role::tenant, "Wren");
        const auto home = [&](const std::string& uprn, const place_record& place) {
            property_record flat{0, uprn, "Flat " + uprn, "N7 9QT"};
            flat.block_id = place.id;
            return accounts.insert_property(flat).id;
        };
        leased_home = home("300000000001", block);
        accounts.add_tenancy(leased_home, leaseholder.user_id, home_tenure::leaseholder);
        rented_home = home("300000000002", other_block);
        accounts.add_tenancy(rented_home, tenant.user_id, home_tenure::tenant);
        // The leaseholder also rents a home elsewhere: the tenure is the tenancy's.
        accounts.add_tenancy(rented_home, leaseholder.user_id, home_tenure::tenant);
        store.listen(listener);
    }

    outcome<domain::job> report(const domain::actor& who, const std::string& uprn,
                                const std::string& category, bool shared = false) {
        report_command cmd;
        cmd.uprn = uprn;
        cmd.category = category;
        cmd.description = "It is broken";
        cmd.shared_area = shared;
        return test::job_of(write_and_wait(store, report_job, who, cmd, now));
    }

    test::memory_store store;
    leasehold_policy policy; // the default list
    leasehold_listener listener{policy};
    domain::instant now = domain::from_unix(1'800'000'000);
    place_record block, other_block;
    domain::actor officer, leaseholder, tenant;
    domain::id_t leased_home = 0, rented_home = 0;
};

TEST_F(leasehold_test, a_leaseholders_report_of_their_own_repair_is_refused_naming_the_category) {
    const auto jobs = store.state.jobs.size();
    const auto tap = report(leaseholder, "300000000001", "plumbing");
    ASSERT_FALSE(tap);
    EXPECT_EQ(tap.error().field, "category");
    EXPECT_NE(tap.error().message.find("As the leaseholder of this home, repairs to taps"), std::string::npos)
        << tap.error().message;
    EXPECT_EQ(store.state.jobs.size(), jobs) << "nothing was written";
}

TEST_F(leasehold_test, the_landlords_repairs_and_shared_areas_are_reported_as_anyones) {
    EXPECT_TRUE(report(leaseholder, "300000000001", "roofing")) << "not on the list";
    const auto leak = report(leaseholder, "300000000001", "plumbing", true);
    ASSERT_TRUE(leak) << leak.error().message;
    EXPECT_TRUE(leak->place);
    EXPECT_TRUE(leak->recharge) << "a leaseholder lives in the block";
    EXPECT_TRUE(report(leaseholder, "300000000002", "plumbing")) << "the home they rent";
    EXPECT_TRUE(report(tenant, "300000000002", "plumbing"));
    EXPECT_TRUE(report(officer, "300000000001", "plumbing")) << "staff may raise any job";
}

TEST_F(leasehold_test, a_communal_job_is_recharged_only_where_leaseholders_live) {
    const auto shared = report(tenant, "300000000002", "communal", true);
    ASSERT_TRUE(shared) << shared.error().message;
    EXPECT_FALSE(shared->recharge) << "only tenants in Finch House";
    EXPECT_FALSE(report(officer, "300000000001", "roofing")->recharge) << "a home's job";
}

TEST(leasehold_policy_test, is_read_from_names_and_refuses_what_is_not_a_repair_inside_a_home) {
    const auto policy = leasehold_policy_of({"plumbing", "heating", "plumbing"}, "own_repairs");
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->own_repairs.size(), 2U);
    EXPECT_TRUE(policy->owns(domain::category::heating));
    EXPECT_FALSE(policy->owns(domain::category::electrical));
    EXPECT_TRUE(leasehold_policy_of({}, "own_repairs")->own_repairs.empty()) << "the landlord repairs all";
    EXPECT_EQ(leasehold_policy_of({"plumbing", "taps"}, "own_repairs").error().field, "own_repairs");
    EXPECT_EQ(leasehold_policy_of({"communal"}, "own_repairs").error().field, "own_repairs");
}

} // namespace
} // namespace mend::app
