// The job's state machine as data: which action moves which state to which, and who may take it.
#pragma once

#include "domain/job.hpp"
#include "domain/visibility.hpp"

#include <chrono>
#include <span>
#include <vector>

namespace mend::domain {

// How an actor must stand to the job for a permit to apply.
enum class relation {
    any,           // any user of the role
    own_tenant,    // the tenant the job is for, or one who holds the home
    assigned_firm, // a user of the contractor firm the job is assigned to
};

// Parameters an action takes: a transition lists those it cannot go without and those it may be given.
enum class needs : unsigned {
    nothing = 0,
    priority = 1U << 0,
    contractor = 1U << 1,
    appointment = 1U << 2,
    hold_reason = 1U << 3,
    reason = 1U << 4,
    duplicate_of = 1U << 5,
    pause_reason = 1U << 6,   // why a legal clock stops: no_access, consent_refused, moved_out, other
    ratings = 1U << 7,        // repair_rating and time_rating, 1 to 5
    hazard = 1U << 8,         // the hazard to health or safety, set with the priority
    clock = 1U << 9,          // the one legal clock to pause or resume; without it, all of them
    safety_work = 1U << 10,   // whether an investigation found safety work needed
    further_works = 1U << 11, // whether it found further works needed, and how soon
    photos = 1U << 12,        // photos of the work
    awareness = 1U << 13,     // when the landlord became aware of a hazard (aware_at), and how
};

constexpr needs operator|(needs a, needs b) {
    return needs(unsigned(a) | unsigned(b));
}
// Whether `set` holds any of `some`.
constexpr bool has(needs set, needs some) {
    return (unsigned(set) & unsigned(some)) != 0;
}

struct permit {
    domain::role role;
    domain::relation relation = domain::relation::any;
    std::vector<status> only_from = {}; // narrower than the transition's from-states, when not empty
    std::chrono::hours window{0};       // when non-zero: only this long after the job's last update
};

struct transition {
    domain::action action;
    std::vector<status> from;
    std::optional<status> to; // empty: the state does not change
    std::vector<permit> permits;
    needs required = needs::nothing;
    needs accepted = needs::nothing; // taken when given, and done without otherwise
};

// The table of DESIGN.md. Admin may do what an officer may; that is resolved by may_act, not by rows.
const std::vector<transition>& workflow();

const transition* find_transition(action a);

struct standing {
    bool own_tenant = false;
    bool assigned_firm = false;
};

// How the actor stands to this job (for relation checks).
standing standing_of(const actor& who, const job& job, bool holds_home);

enum class verdict { allowed, invalid_transition, forbidden };

// Decides whether `who` may take `a` on `job` now. Pure: no I/O.
verdict decide(const job& job, action a, const actor& who, const standing& st, instant now);

// The actions `who` may take on `job` now, in table order.
std::vector<action> allowed_actions(const job& job, const actor& who, const standing& st, instant now);

// The state an accepted action leads to.
status next_state(const job& job, action a);

bool is_staff(role r);

} // namespace mend::domain
