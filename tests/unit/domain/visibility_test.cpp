#include "domain/visibility.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

job job_for(std::optional<id_t> tenant, std::optional<id_t> firm) {
    job job;
    job.tenant_id = tenant;
    job.contractor_id = firm;
    return job;
}

TEST(visibility, staff_and_the_system_see_everything) {
    for (auto r : {role::officer, role::admin, role::system}) {
        EXPECT_EQ(visibility_of({20, r, "", std::nullopt}).scope, scope::all);
    }
    EXPECT_TRUE(visible({scope::all, 0}, job_for(std::nullopt, std::nullopt), false));
}

TEST(visibility, a_tenant_sees_the_jobs_for_them_and_for_the_homes_they_hold) {
    const visibility seen = visibility_of({10, role::tenant, "", std::nullopt});
    EXPECT_EQ(seen.scope, scope::tenant);
    EXPECT_EQ(seen.id, 10);
    EXPECT_TRUE(visible(seen, job_for(10, std::nullopt), false)); // theirs, wherever the home is
    EXPECT_TRUE(visible(seen, job_for(11, std::nullopt), true));  // another tenant's, at a home they hold
    EXPECT_TRUE(visible(seen, job_for(std::nullopt, 7), true));   // communal, at a home they hold
    EXPECT_FALSE(visible(seen, job_for(11, std::nullopt), false));
    EXPECT_FALSE(visible(seen, job_for(std::nullopt, std::nullopt), false));
}

TEST(visibility, a_contractor_sees_their_firms_jobs_and_without_a_firm_none) {
    const visibility seen = visibility_of({30, role::contractor, "", 7});
    EXPECT_EQ(seen.scope, scope::firm);
    EXPECT_EQ(seen.id, 7);
    EXPECT_TRUE(visible(seen, job_for(10, 7), false));
    EXPECT_FALSE(visible(seen, job_for(10, 8), true));
    EXPECT_FALSE(visible(seen, job_for(30, std::nullopt), true)); // holding a home does not count for a firm

    const visibility firmless = visibility_of({31, role::contractor, "", std::nullopt});
    EXPECT_EQ(firmless.scope, scope::none);
    EXPECT_FALSE(visible(firmless, job_for(std::nullopt, std::nullopt), true));
}

TEST(visibility, can_see_is_the_rule_applied_to_the_actors_visibility) {
    for (auto r : {role::tenant, role::officer, role::contractor, role::admin, role::system}) {
        const actor who{10, r, "", 7};
        for (const auto& job : {job_for(10, 7), job_for(11, 8), job_for(std::nullopt, std::nullopt)}) {
            for (bool holds : {false, true}) {
                EXPECT_EQ(can_see(who, job, holds), visible(visibility_of(who), job, holds));
            }
        }
    }
}

} // namespace
} // namespace mend::domain
