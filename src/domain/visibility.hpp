// Which jobs an actor may see: the one rule behind every listing, count and single-job read.
#pragma once

#include "domain/job.hpp"

namespace mend::domain {

// What part of the jobs an actor sees.
enum class scope {
    all,    // every job: officers, admins and the system
    tenant, // the jobs for the tenant, and the jobs for any home they hold
    firm,   // the jobs assigned to the contractor's firm
    none,   // no job: a contractor user without a firm
};

struct visibility {
    domain::scope scope = domain::scope::all;
    id_t id = 0; // the tenant's user id for scope::tenant, the firm's id for scope::firm
};

visibility visibility_of(const actor& who);

// Whether a job is in the visible part; `holds_home` says whether the tenant of a scope::tenant visibility
// holds the job's home (it is not read for the other scopes). Storage restates this rule as SQL
// (storage/sqlite/visibility_sql), and its integration tests check the two agree.
bool visible(const visibility& seen, const job& job, bool holds_home);

// Whether `who` may see the job at all (what they may not see is reported as not found).
bool can_see(const actor& who, const job& job, bool holds_home);

// Whether `who` may read the job: what can_see allows and, for a tenant, a communal job of a block or estate
// they hold a home in (`lives_in_place`). Reading only: standing_of does not count it, so such a tenant may
// take no action on the job, and listings (the visible part) leave it out.
bool may_view(const actor& who, const job& job, bool holds_home, bool lives_in_place);

} // namespace mend::domain
