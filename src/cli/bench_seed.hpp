// The bench's data set at scale: homes with their tenants, firms and officers, and a year of jobs taken
// through the workflow by the same use cases and listeners as the server (events, notices, clocks), then one
// overdue scan, so that `scripts/bench --scale N` measures listings on what a landlord's year looks like.
#pragma once

#include "app/clocks.hpp"
#include "app/unit_of_work.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mend::cli {

struct seed_options {
    std::int64_t jobs = 1000;
    std::int64_t jobs_per_home = 4; // about a year's repairs for a home
    std::uint32_t random_seed = 16;
    std::string officer_password_hash{}; // argon2id, for signing in to the pages; empty: none
};

// What was written, and what the bench needs to read it back.
struct seed_summary {
    std::int64_t homes = 0; // each with one tenant
    std::int64_t firms = 0; // each with one contractor user
    std::int64_t jobs = 0;
    std::int64_t actions = 0;                      // every accepted action after the reports
    std::map<std::string, std::int64_t> by_status; // the jobs' states at the end
    std::map<std::string, std::int64_t> by_category;
    int escalated = 0; // clocks the overdue scan found at risk or breached
    std::string officer_token;
    std::string officer_email; // signs in with the password whose hash the options gave
    std::string tenant_token;  // the first home's tenant
    std::string tenant_uprn;
    std::string postcode; // the first home's
};

// Writes the data set through `w` in units of a few hundred jobs (each one commit), with `now` the end of the
// year the jobs were reported in. `hooks` hear the overdue scan's escalations (the notices' hook in serve).
// Deterministic for a given seed and `now`. Throws when a use case refuses a step (a bug in the plan).
seed_summary seed_bench(app::writer& w, domain::instant now, const seed_options& options,
                        const std::vector<app::escalation_listener*>& hooks, double at_risk_share);

} // namespace mend::cli
