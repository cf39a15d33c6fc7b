#include "domain/workflow.hpp"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>

namespace mend::domain {
namespace {

using namespace std::chrono_literals;

// DESIGN.md's table written out again, independently of workflow.cpp: action -> from-states -> who.
// Who: "officer" (admin too), "tenant" (own job), "tenant-early" (own job, before work starts),
// "contractor" (assigned firm), "system".
const std::set<std::string> hazard_states{"triaged", "assigned",  "scheduled", "in_progress",
                                          "on_hold", "completed", "resolved"};

struct expected_row {
    std::set<std::string> from;
    std::string to; // empty: unchanged
    std::set<std::string> who;
};

const std::map<std::string, expected_row>& expected() {
    static const std::map<std::string, expected_row> rows{
        {"triage", {{"reported"}, "triaged", {"officer"}}},
        {"assign", {{"triaged", "assigned", "on_hold"}, "assigned", {"officer"}}},
        {"accept", {{"assigned"}, "", {"contractor"}}},
        {"decline", {{"assigned"}, "triaged", {"contractor"}}},
        {"schedule", {{"assigned", "scheduled", "on_hold"}, "scheduled", {"officer", "contractor"}}},
        {"start", {{"assigned", "scheduled"}, "in_progress", {"contractor"}}},
        {"hold", {{"assigned", "scheduled", "in_progress"}, "on_hold", {"contractor", "officer"}}},
        {"complete", {{"in_progress"}, "completed", {"contractor"}}},
        {"confirm_fixed", {{"completed"}, "resolved", {"tenant", "officer"}}},
        {"reopen", {{"completed", "resolved"}, "triaged", {"tenant", "officer", "system"}}},
        {"close", {{"resolved"}, "closed", {"officer", "system"}}},
        {"cancel",
         {{"reported", "triaged", "assigned", "scheduled", "in_progress", "on_hold"},
          "cancelled",
          {"tenant-early", "officer"}}},
        {"reject", {{"reported", "triaged"}, "rejected", {"officer"}}},
        {"mark_duplicate", {{"reported", "triaged"}, "duplicate", {"officer"}}},
        {"reprioritise", {{"triaged", "assigned", "scheduled", "in_progress", "on_hold"}, "", {"officer"}}},
        {"investigation_concluded", {hazard_states, "", {"officer"}}},
        {"summary_sent", {hazard_states, "", {"officer"}}},
        {"safety_work_done", {hazard_states, "", {"officer", "contractor"}}},
        {"works_started", {hazard_states, "", {"officer", "contractor"}}},
        {"pause_clock", {hazard_states, "", {"officer"}}},
        {"resume_clock", {hazard_states, "", {"officer"}}},
        {"settle_clock", {hazard_states, "", {"officer"}}},
        {"record_awareness", {hazard_states, "", {"officer"}}},
        {"rate", {{"resolved", "closed"}, "", {"tenant"}}},
        {"add_update",
         {{"reported", "triaged", "assigned", "scheduled", "in_progress", "on_hold", "completed"},
          "",
          {"tenant", "system"}}},
    };
    return rows;
}

const std::set<std::string> before_work{"reported", "triaged", "assigned", "scheduled"};

struct cast_member {
    std::string label;
    actor who;
};

// The tenant (id 10) and firm (id 7) the job belongs to, and outsiders of each role.
std::vector<cast_member> cast() {
    return {
        {"own tenant", {10, role::tenant, "Own Tenant", std::nullopt}},
        {"other tenant", {11, role::tenant, "Other Tenant", std::nullopt}},
        {"officer", {20, role::officer, "Officer", std::nullopt}},
        {"admin", {21, role::admin, "Admin", std::nullopt}},
        {"assigned contractor", {30, role::contractor, "Assigned", 7}},
        {"other contractor", {31, role::contractor, "Other", 8}},
        {"system", {0, role::system, "system", std::nullopt}},
    };
}

bool permitted(const expected_row& row, const cast_member& m, const std::string& state) {
    for (const auto& w : row.who) {
        if (w == "officer" && (m.label == "officer" || m.label == "admin")) {
            return true;
        }
        if (w == "tenant" && m.label == "own tenant") {
            return true;
        }
        if (w == "tenant-early" && m.label == "own tenant" && before_work.contains(state)) {
            return true;
        }
        if (w == "contractor" && m.label == "assigned contractor") {
            return true;
        }
        if (w == "system" && m.label == "system") {
            return true;
        }
    }
    return false;
}

job job_in(status s, instant now) {
    job job;
    job.state = s;
    job.tenant_id = 10;
    job.contractor_id = 7;
    job.updated_at = now - 1h;
    job.hazard = hazard::significant; // so that Awaab's Law steps are in the table's reach
    return job;
}

TEST(workflow, every_state_action_and_role_matches_the_design_table) {
    const instant now = from_unix(1'800'000'000);
    int checked = 0;
    for (std::size_t si = 0; si < names<status>::list.size(); ++si) {
        const auto s = static_cast<status>(si);
        for (std::size_t ai = 0; ai < names<action>::list.size(); ++ai) {
            const auto a = static_cast<action>(ai);
            if (a == action::report) {
                continue; // report creates a job; it is not an action on one
            }
            const auto& row = expected().at(std::string(to_string(a)));
            const bool state_ok = row.from.contains(std::string(to_string(s)));
            for (const auto& m : cast()) {
                const standing st = standing_of(m.who, job_in(s, now), false);
                const verdict got = decide(job_in(s, now), a, m.who, st, now);
                verdict want = verdict::invalid_transition;
                if (state_ok) {
                    want =
                        permitted(row, m, std::string(to_string(s))) ? verdict::allowed : verdict::forbidden;
                }
                EXPECT_EQ(static_cast<int>(got), static_cast<int>(want))
                    << to_string(a) << " from " << to_string(s) << " by " << m.label;
                if (got == verdict::allowed) {
                    const std::string to = row.to.empty() ? std::string(to_string(s)) : row.to;
                    EXPECT_EQ(to_string(next_state(job_in(s, now), a)), to) << to_string(a);
                }
                ++checked;
            }
        }
    }
    EXPECT_EQ(checked, 12 * 25 * 7); // 25 actions on a job: the tenant's add_update joined
}

TEST(workflow, terminal_states_allow_nothing_but_a_rating_of_a_closed_job) {
    const instant now = from_unix(1'800'000'000);
    for (auto s : {status::closed, status::cancelled, status::rejected, status::duplicate}) {
        for (const auto& m : cast()) {
            const auto allowed =
                allowed_actions(job_in(s, now), m.who, standing_of(m.who, job_in(s, now), false), now);
            if (s == status::closed && m.label == "own tenant") {
                EXPECT_EQ(allowed, std::vector<action>{action::rate});
            } else {
                EXPECT_TRUE(allowed.empty()) << to_string(s) << " " << m.label;
            }
        }
    }
}

TEST(workflow, awaabs_law_steps_need_a_hazard) {
    const instant now = from_unix(1'800'000'000);
    const actor officer{20, role::officer, "Officer", std::nullopt};
    for (auto a : {action::investigation_concluded, action::summary_sent, action::safety_work_done,
                   action::works_started, action::pause_clock, action::resume_clock, action::settle_clock,
                   action::record_awareness}) {
        job job = job_in(status::assigned, now);
        EXPECT_EQ(decide(job, a, officer, standing_of(officer, job, false), now), verdict::allowed);
        job.hazard = hazard::none;
        EXPECT_EQ(decide(job, a, officer, standing_of(officer, job, false), now), verdict::invalid_transition)
            << to_string(a);
    }
}

TEST(workflow, accept_happens_once) {
    const instant now = from_unix(1'800'000'000);
    job job = job_in(status::assigned, now);
    const actor firm{30, role::contractor, "Assigned", 7};
    EXPECT_EQ(decide(job, action::accept, firm, standing_of(firm, job, false), now), verdict::allowed);
    job.accepted = true;
    EXPECT_EQ(decide(job, action::accept, firm, standing_of(firm, job, false), now),
              verdict::invalid_transition);
}

TEST(workflow, tenant_reopens_only_within_the_window) {
    const instant now = from_unix(1'800'000'000);
    job job = job_in(status::completed, now);
    const actor tenant{10, role::tenant, "Own Tenant", std::nullopt};
    job.updated_at = now - 27 * 24h;
    EXPECT_EQ(decide(job, action::reopen, tenant, standing_of(tenant, job, false), now), verdict::allowed);
    job.updated_at = now - 29 * 24h;
    EXPECT_EQ(decide(job, action::reopen, tenant, standing_of(tenant, job, false), now), verdict::forbidden);
    const actor officer{20, role::officer, "Officer", std::nullopt};
    EXPECT_EQ(decide(job, action::reopen, officer, standing_of(officer, job, false), now), verdict::allowed);
    // A resident's "not fixed" through an integration has the tenant's window.
    const actor via{30, role::system, "via FixMyStreet", std::nullopt};
    EXPECT_EQ(decide(job, action::reopen, via, standing_of(via, job, false), now), verdict::forbidden);
    job.updated_at = now - 27 * 24h;
    EXPECT_EQ(decide(job, action::reopen, via, standing_of(via, job, false), now), verdict::allowed);
}

TEST(workflow, a_tenant_who_holds_the_home_stands_as_own_tenant) {
    job job = job_in(status::reported, from_unix(0));
    job.tenant_id.reset();
    const actor other{11, role::tenant, "Co-tenant", std::nullopt};
    EXPECT_FALSE(can_see(other, job, false));
    EXPECT_TRUE(can_see(other, job, true));
    EXPECT_TRUE(standing_of(other, job, true).own_tenant);
}

TEST(workflow, contractors_see_only_their_firms_jobs) {
    job job = job_in(status::assigned, from_unix(0));
    EXPECT_TRUE(can_see({30, role::contractor, "", 7}, job, false));
    EXPECT_FALSE(can_see({31, role::contractor, "", 8}, job, false));
    job.contractor_id.reset();
    EXPECT_FALSE(can_see({30, role::contractor, "", 7}, job, false));
}

} // namespace
} // namespace mend::domain

namespace mend::domain {
namespace {

TEST(workflow, a_rated_job_no_longer_offers_rate) {
    const instant now = from_unix(1'800'000'000);
    job job;
    job.state = status::resolved;
    job.tenant_id = 10;
    job.updated_at = now;
    const actor tenant{10, role::tenant, "Own Tenant", std::nullopt};
    const auto before = allowed_actions(job, tenant, standing_of(tenant, job, false), now);
    EXPECT_NE(std::find(before.begin(), before.end(), action::rate), before.end());
    job.rated = true;
    const auto after = allowed_actions(job, tenant, standing_of(tenant, job, false), now);
    EXPECT_EQ(std::find(after.begin(), after.end(), action::rate), after.end());
    EXPECT_EQ(decide(job, action::rate, tenant, standing_of(tenant, job, false), now),
              verdict::invalid_transition);
}

// The parameters each action takes, restated: what it cannot go without, then what it may be given. The job
// page builds its forms from these.
TEST(workflow, each_action_names_the_parameters_it_takes) {
    const std::map<std::string, std::pair<needs, needs>> takes{
        {"triage", {needs::nothing, needs::priority | needs::hazard}},
        {"assign", {needs::contractor, needs::nothing}},
        {"schedule", {needs::appointment, needs::nothing}},
        {"hold", {needs::hold_reason, needs::nothing}},
        {"complete", {needs::nothing, needs::photos}},
        {"reopen", {needs::reason, needs::nothing}},
        {"cancel", {needs::reason, needs::nothing}},
        {"reject", {needs::reason, needs::nothing}},
        {"mark_duplicate", {needs::duplicate_of, needs::nothing}},
        {"reprioritise", {needs::reason, needs::priority | needs::hazard}}, // a hazard change alone will do
        {"investigation_concluded", {needs::nothing, needs::safety_work | needs::further_works}},
        {"pause_clock", {needs::pause_reason, needs::clock}},
        {"resume_clock", {needs::nothing, needs::clock}},
        {"settle_clock", {needs::reason, needs::clock}},
        {"record_awareness", {needs::awareness, needs::nothing}},
        {"rate", {needs::ratings, needs::nothing}},
        {"add_update", {needs::nothing, needs::photos}},
    };
    ASSERT_EQ(workflow().size(), expected().size());
    for (const auto& t : workflow()) {
        const auto found = takes.find(std::string(to_string(t.action)));
        const auto [required, accepted] =
            found == takes.end() ? std::pair{needs::nothing, needs::nothing} : found->second;
        EXPECT_EQ(unsigned(t.required), unsigned(required)) << to_string(t.action);
        EXPECT_EQ(unsigned(t.accepted), unsigned(accepted)) << to_string(t.action);
    }
}

} // namespace
} // namespace mend::domain
