#include "domain/workflow.hpp"

#include <algorithm>

namespace mend::domain {

namespace {

using enum status;
using std::chrono::hours;

constexpr hours reopen_window{24 * 28};

// From the report to the closed job.
std::vector<transition> repair_steps() {
    return {
        {action::triage,
         {reported},
         triaged,
         {{role::officer}},
         needs::nothing,
         needs::priority | needs::hazard},
        {action::assign, {triaged, assigned, on_hold}, assigned, {{role::officer}}, needs::contractor},
        {action::accept, {assigned}, std::nullopt, {{role::contractor, relation::assigned_firm}}},
        {action::decline, {assigned}, triaged, {{role::contractor, relation::assigned_firm}}},
        {action::schedule,
         {assigned, scheduled, on_hold},
         scheduled,
         {{role::officer}, {role::contractor, relation::assigned_firm}},
         needs::appointment},
        {action::start, {assigned, scheduled}, in_progress, {{role::contractor, relation::assigned_firm}}},
        {action::hold,
         {assigned, scheduled, in_progress},
         on_hold,
         {{role::contractor, relation::assigned_firm}, {role::officer}},
         needs::hold_reason},
        {action::complete,
         {in_progress},
         completed,
         {{role::contractor, relation::assigned_firm}},
         needs::nothing,
         needs::photos},
        {action::confirm_fixed,
         {completed},
         resolved,
         {{role::tenant, relation::own_tenant}, {role::officer}}},
        {action::reopen,
         {completed, resolved},
         triaged,
         // The system: a resident saying "not fixed" through an integration (Open311), in the tenant's
         // window.
         {{role::tenant, relation::own_tenant, {}, reopen_window},
          {role::officer},
          {role::system, relation::any, {}, reopen_window}},
         needs::reason},
        {action::close, {resolved}, closed, {{role::officer}, {role::system}}},
    };
}

// Ending a job early, and changing its priority on the way.
std::vector<transition> office_steps() {
    const std::vector<status> open_states{reported, triaged, assigned, scheduled, in_progress, on_hold};
    const std::vector<status> before_work{reported, triaged, assigned, scheduled};
    const std::vector<status> triaged_open{triaged, assigned, scheduled, in_progress, on_hold};
    return {
        {action::cancel,
         open_states,
         cancelled,
         {{role::tenant, relation::own_tenant, before_work}, {role::officer}},
         needs::reason},
        {action::reject, {reported, triaged}, rejected, {{role::officer}}, needs::reason},
        {action::mark_duplicate, {reported, triaged}, duplicate, {{role::officer}}, needs::duplicate_of},
        {action::reprioritise,
         triaged_open,
         std::nullopt,
         {{role::officer}},
         needs::reason,
         needs::priority | needs::hazard},
    };
}

// Awaab's Law steps on a hazard, which go on after the repair is done (the written summary, further works).
std::vector<transition> hazard_steps() {
    const std::vector<status> hazard_states{triaged, assigned,  scheduled, in_progress,
                                            on_hold, completed, resolved};
    const std::vector<permit> officer{{role::officer}};
    const std::vector<permit> officer_or_firm{{role::officer}, {role::contractor, relation::assigned_firm}};
    return {
        {action::investigation_concluded, hazard_states, std::nullopt, officer, needs::nothing,
         needs::safety_work | needs::further_works},
        {action::summary_sent, hazard_states, std::nullopt, officer},
        {action::safety_work_done, hazard_states, std::nullopt, officer_or_firm},
        {action::works_started, hazard_states, std::nullopt, officer_or_firm},
        {action::pause_clock, hazard_states, std::nullopt, officer, needs::pause_reason, needs::clock},
        {action::resume_clock, hazard_states, std::nullopt, officer, needs::nothing, needs::clock},
        // An officer's decision, with the reason recorded, that a legal step is no longer owed.
        {action::settle_clock, hazard_states, std::nullopt, officer, needs::reason, needs::clock},
        // Awareness before the report (a contractor's earlier visit, a complaint): the first clocks run from
        // it.
        {action::record_awareness, hazard_states, std::nullopt, officer, needs::awareness},
    };
}

std::vector<transition> build_table() {
    std::vector<transition> table;
    for (auto&& steps : {repair_steps(), office_steps(), hazard_steps()}) {
        table.insert(table.end(), steps.begin(), steps.end());
    }
    table.push_back({action::rate,
                     {resolved, closed},
                     std::nullopt,
                     {{role::tenant, relation::own_tenant}},
                     needs::ratings});
    // The tenant's own update (text, photos) while the job is open or awaiting their answer; the system
    // records a resident's comment that came in through an integration (Open311) the same way.
    table.push_back({action::add_update,
                     {reported, triaged, assigned, scheduled, in_progress, on_hold, completed},
                     std::nullopt,
                     {{role::tenant, relation::own_tenant}, {role::system}},
                     needs::nothing,
                     needs::photos});
    return table;
}

bool contains(const std::vector<status>& states, status s) {
    return std::find(states.begin(), states.end(), s) != states.end();
}

// An admin holds every permit an officer holds.
bool role_matches(role permit_role, role actual) {
    return permit_role == actual || (permit_role == role::officer && actual == role::admin);
}

bool relation_holds(relation rel, const standing& st) {
    switch (rel) {
    case relation::any:
        return true;
    case relation::own_tenant:
        return st.own_tenant;
    case relation::assigned_firm:
        return st.assigned_firm;
    }
    return false;
}

// Guards that are about the job's own facts rather than who acts.
bool guard_passes(const transition& t, const job& job) {
    switch (t.action) {
    case action::accept:
        return !job.accepted;
    case action::rate:
        return !job.rated;
    case action::investigation_concluded:
    case action::summary_sent:
    case action::safety_work_done:
    case action::works_started:
    case action::pause_clock:
    case action::resume_clock:
    case action::settle_clock:
    case action::record_awareness:
        return job.hazard != hazard::none; // Awaab's Law steps apply to hazards only
    default:
        return true;
    }
}

bool permit_applies(const permit& p, const job& job, const actor& who, const standing& st, instant now) {
    if (!role_matches(p.role, who.role) || !relation_holds(p.relation, st)) {
        return false;
    }
    if (!p.only_from.empty() && !contains(p.only_from, job.state)) {
        return false;
    }
    if (p.window.count() > 0 && now > job.updated_at + p.window) {
        return false;
    }
    return true;
}

} // namespace

const std::vector<transition>& workflow() {
    static const std::vector<transition> table = build_table();
    return table;
}

const transition* find_transition(action a) {
    for (const auto& t : workflow()) {
        if (t.action == a) {
            return &t;
        }
    }
    return nullptr;
}

bool is_staff(role r) {
    return r == role::officer || r == role::admin || r == role::system;
}

standing standing_of(const actor& who, const job& job, bool holds_home) {
    // The relations are the visibility rule seen from one job: a tenant or a firm stands to the jobs it sees.
    const bool sees = visible(visibility_of(who), job, holds_home);
    return {who.role == role::tenant && sees, who.role == role::contractor && sees};
}

verdict decide(const job& job, action a, const actor& who, const standing& st, instant now) {
    const transition* t = find_transition(a);
    if (t == nullptr || !contains(t->from, job.state) || !guard_passes(*t, job)) {
        return verdict::invalid_transition;
    }
    for (const auto& p : t->permits) {
        if (permit_applies(p, job, who, st, now)) {
            return verdict::allowed;
        }
    }
    return verdict::forbidden;
}

std::vector<action> allowed_actions(const job& job, const actor& who, const standing& st, instant now) {
    std::vector<action> out;
    for (const auto& t : workflow()) {
        if (decide(job, t.action, who, st, now) == verdict::allowed) {
            out.push_back(t.action);
        }
    }
    return out;
}

status next_state(const job& job, action a) {
    const transition* t = find_transition(a);
    return t != nullptr && t->to ? *t->to : job.state;
}

} // namespace mend::domain
