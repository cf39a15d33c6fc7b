#include "app/jobs.hpp"

#include "app/accounts/account_store.hpp"
#include "app/clocks.hpp"
#include "app/communal.hpp"
#include "app/notices/notices.hpp"
#include "app/paging.hpp"
#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <utility>

namespace mend::app {

namespace {

using domain::role;

problem not_found_problem() {
    return {errc::not_found, "no such repair request", "", {}};
}

std::optional<problem> check_length(std::string_view field, const std::string& text, std::size_t max) {
    if (text.size() > max) {
        return invalid(std::string(field),
                       std::string(field) + " must be at most " + std::to_string(max) + " characters");
    }
    return std::nullopt;
}

std::string trimmed(std::string_view text) {
    return std::string(domain::trim(text));
}

std::vector<std::string> action_names(const std::vector<domain::action>& actions) {
    std::vector<std::string> out;
    out.reserve(actions.size());
    for (auto a : actions) {
        out.emplace_back(domain::to_string(a));
    }
    return out;
}

// What checking and applying one action's parameters works on.
struct action_input {
    unit_of_work& uow;
    const domain::actor& who;
    const domain::transition& t;
    const action_command& cmd;
    domain::job& job;         // as the action leaves it
    domain::event_data& data; // what the action set, for its event
};

// A priority or hazard as given: only the actions whose needs take it (triage and reprioritise) may set one.
template <typename E> outcome<E> settable(const std::string& field, const std::string& text, bool allowed) {
    if (!allowed) {
        return invalid(field, field + " can only be set when triaging or reprioritising");
    }
    return parse_field<E>(field, text);
}

// Priority and hazard, the parameters an action may take without needing them: triage needs a priority
// (given now, or at the report) and so does any action whose needs say so.
std::optional<problem> take_priority(action_input& in) {
    using domain::action;
    const auto takes = in.t.required | in.t.accepted;
    if (in.t.action == action::reprioritise) {
        const auto previous = in.job.priority.value_or(domain::priority::routine);
        in.data.emplace_back("previous_priority", std::string(domain::to_string(previous)));
        in.data.emplace_back("previous_hazard", std::string(domain::to_string(in.job.hazard)));
    }
    if (in.cmd.priority) {
        auto p =
            settable<domain::priority>("priority", *in.cmd.priority, has(takes, domain::needs::priority));
        if (!p) {
            return p.error();
        }
        in.job.priority = *p;
        in.data.emplace_back("priority", *in.cmd.priority);
    }
    if (in.cmd.hazard) {
        auto h = settable<domain::hazard>("hazard", *in.cmd.hazard, has(takes, domain::needs::hazard));
        if (!h) {
            return h.error();
        }
        in.job.hazard = *h;
        in.data.emplace_back("hazard", *in.cmd.hazard);
    }
    if (in.t.action == action::triage && !in.job.priority) {
        return invalid("priority", "priority is required to triage: " + domain::one_of<domain::priority>());
    }
    if (has(in.t.required, domain::needs::priority) && !in.cmd.priority) {
        return invalid("priority", "priority is required to " + std::string(domain::to_string(in.t.action)) +
                                       ": " + domain::one_of<domain::priority>());
    }
    return std::nullopt;
}

std::optional<problem> take_contractor(action_input& in) {
    if (!in.cmd.contractor_id) {
        return invalid("contractor_id", "contractor_id is required to assign");
    }
    if (!in.uow.accounts().contractor_by_id(*in.cmd.contractor_id)) {
        return invalid("contractor_id", "no contractor firm has id " + std::to_string(*in.cmd.contractor_id));
    }
    in.job.contractor_id = *in.cmd.contractor_id;
    in.job.accepted = false;
    in.data.emplace_back("contractor_id", std::to_string(*in.cmd.contractor_id));
    return std::nullopt;
}

std::optional<problem> take_appointment(action_input& in) {
    if (!in.cmd.has_appointment) {
        return invalid("appointment", "appointment {\"start\", \"end\"} is required to schedule");
    }
    const auto start = domain::parse_iso(in.cmd.appointment_start.value_or(""));
    if (!start) {
        return invalid("appointment.start", "appointment.start must be a date and time like "
                                            "2026-12-01T08:00:00Z");
    }
    const auto end = domain::parse_iso(in.cmd.appointment_end.value_or(""));
    if (!end) {
        return invalid("appointment.end",
                       "appointment.end must be a date and time like 2026-12-01T12:00:00Z");
    }
    if (*end <= *start) {
        return invalid("appointment.end", "appointment.end must be after appointment.start");
    }
    in.job.appointment = domain::appointment{*start, *end};
    in.data.emplace_back("appointment_start", domain::format_iso(*start));
    in.data.emplace_back("appointment_end", domain::format_iso(*end));
    return std::nullopt;
}

std::optional<problem> take_hold_reason(action_input& in) {
    const std::string reason = trimmed(in.cmd.reason.value_or(""));
    auto r = parse_field<domain::hold_reason>("reason", reason);
    if (!r) {
        return r.error();
    }
    in.job.hold = *r;
    in.data.emplace_back("reason", reason);
    return std::nullopt;
}

std::optional<problem> take_reason(action_input& in) {
    const std::string reason = trimmed(in.cmd.reason.value_or(""));
    if (reason.empty()) {
        return invalid("reason", "reason is required to " + std::string(domain::to_string(in.t.action)));
    }
    if (auto p = check_length("reason", reason, max_short_text * 5)) {
        return p;
    }
    in.data.emplace_back("reason", reason);
    return std::nullopt;
}

std::optional<problem> take_duplicate_of(action_input& in) {
    const std::string other = domain::normalise_reference(in.cmd.duplicate_of.value_or(""));
    if (other.empty()) {
        return invalid("duplicate_of", "duplicate_of must be the reference of another job, like K7QD-9XPT");
    }
    if (other == in.job.reference) {
        return invalid("duplicate_of", "a job cannot be a duplicate of itself");
    }
    const auto original = in.uow.jobs().job_by_reference(other);
    if (!original || !domain::can_see(in.who, *original, false)) {
        return invalid("duplicate_of", "no job has reference " + other);
    }
    in.job.duplicate_of = other;
    in.data.emplace_back("duplicate_of", other);
    return std::nullopt;
}

// When the landlord became aware of a hazard, and how: the law's clocks run from it. Awareness can come
// before the report (a contractor's earlier visit, an earlier complaint), never after it: the report makes it
// aware.
std::optional<problem> take_awareness(action_input& in) {
    const auto aware = domain::parse_iso(in.cmd.aware_at.value_or(""));
    if (!aware) {
        return invalid("aware_at",
                       "aware_at is required: when the landlord became aware of the hazard, a date "
                       "and time like 2026-11-02T09:00:00Z");
    }
    if (*aware > in.job.created_at) {
        return invalid("aware_at", "aware_at must be no later than the report (" +
                                       domain::format_iso(in.job.created_at) +
                                       "): the report itself makes the landlord aware");
    }
    const std::string source = trimmed(in.cmd.awareness_source.value_or(""));
    if (source.empty()) {
        return invalid("awareness_source", "awareness_source is required: how the landlord became aware, for "
                                           "example a contractor's earlier visit");
    }
    if (auto p = check_length("awareness_source", source, max_short_text * 5)) {
        return p;
    }
    in.data.emplace_back("aware_at", domain::format_iso(*aware));
    in.data.emplace_back("awareness_source", source);
    return std::nullopt;
}

using need_check = std::optional<problem> (*)(action_input&);

// One checker for each parameter the workflow table says an action needs (domain::needs), in the order they
// are checked. The priority is taken with the hazard (take_priority), and the clocks' own needs, pause_reason
// and ratings, by check_time_parameters.
constexpr std::array<std::pair<domain::needs, need_check>, 6> need_checks{{
    {domain::needs::contractor, take_contractor},
    {domain::needs::appointment, take_appointment},
    {domain::needs::hold_reason, take_hold_reason},
    {domain::needs::reason, take_reason},
    {domain::needs::duplicate_of, take_duplicate_of},
    {domain::needs::awareness, take_awareness},
}};

std::optional<problem> check_parameters(action_input& in) {
    if (auto p = take_priority(in)) {
        return p;
    }
    if ((in.cmd.aware_at || in.cmd.awareness_source) && !has(in.t.required, domain::needs::awareness)) {
        return invalid(in.cmd.aware_at ? "aware_at" : "awareness_source",
                       "aware_at and awareness_source can only be given to record_awareness");
    }
    if (auto p = check_time_parameters(in.t, in.cmd, in.data)) {
        return p;
    }
    for (const auto& [need, take] : need_checks) {
        if (has(in.t.required, need)) {
            if (auto p = take(in)) {
                return p;
            }
        }
    }
    return std::nullopt;
}

// What an action does to the job beyond its parameters.
std::optional<problem> apply_outcome(action_input& in, domain::instant now) {
    using domain::action;
    domain::job& job = in.job;
    if (in.cmd.public_summary) {
        if (auto p = take_public_summary(in.who, *in.cmd.public_summary, job)) {
            return p;
        }
        in.data.emplace_back("public_summary", job.public_summary);
    }
    switch (in.t.action) {
    case action::accept:
        job.accepted = true;
        break;
    case action::rate:
        job.rated = true;
        break;
    case action::decline:
        in.data.emplace_back("contractor_id", std::to_string(job.contractor_id.value_or(0)));
        job.contractor_id.reset();
        job.accepted = false;
        job.appointment.reset();
        break;
    case action::start:
    case action::schedule:
        job.hold.reset();
        break;
    case action::complete:
        job.completed_at = now;
        break;
    case action::reprioritise:
        if (domain::data_value(in.data, "previous_priority") == domain::to_string(*job.priority) &&
            domain::data_value(in.data, "previous_hazard") == domain::to_string(job.hazard)) {
            return invalid("priority", "the job is already " + std::string(domain::to_string(*job.priority)) +
                                           " with hazard " + std::string(domain::to_string(job.hazard)) +
                                           "; give a different priority or hazard");
        }
        break;
    case action::reopen:
        job.completed_at.reset();
        job.contractor_id.reset();
        job.accepted = false;
        job.appointment.reset();
        break;
    default:
        break;
    }
    return std::nullopt;
}

// Checks the action's own parameters and applies its effect to `in.job`; records what it changed in
// `in.data`.
std::optional<problem> apply_effects(action_input& in, domain::instant now) {
    if (auto p = check_parameters(in)) {
        return p;
    }
    return apply_outcome(in, now);
}

// What `who` may do next with the job; `holds`: a tenant who holds the job's home.
std::vector<std::string> allowed_for(const domain::actor& who, const domain::job& job, bool holds,
                                     domain::instant now) {
    return action_names(domain::allowed_actions(job, who, domain::standing_of(who, job, holds), now));
}

std::string action_list() {
    std::string out;
    const auto& list = domain::names<domain::action>::list;
    for (std::size_t i = 1; i < list.size(); ++i) { // all but report, which is not an action on a job
        out += i == 1 ? "" : (i + 1 == list.size() ? " or " : ", ");
        out += list[i];
    }
    return out;
}

// The home a report is for: any home for staff, one they hold for a tenant.
std::optional<problem> take_home(unit_of_work& uow, const domain::actor& who, const report_command& cmd,
                                 domain::job& job) {
    const std::string uprn = trimmed(cmd.uprn);
    if (uprn.empty()) {
        return invalid("uprn", "uprn is required: the home's Unique Property Reference Number");
    }
    const auto home = uow.accounts().property_by_uprn(uprn);
    if (!domain::is_staff(who.role) && (!home || !uow.accounts().holds_home(who.user_id, home->id))) {
        return invalid("uprn", "you can only report repairs for a home you hold");
    }
    if (!home) {
        return invalid("uprn", "no home has UPRN " + uprn);
    }
    job.property_id = home->id;
    job.uprn = home->uprn;
    return std::nullopt;
}

// What is wrong, and where.
std::optional<problem> take_description(const report_command& cmd, domain::job& job) {
    auto category = parse_field<domain::category>("category", cmd.category);
    if (!category) {
        return category.error();
    }
    job.category = *category;
    job.description = trimmed(cmd.description);
    if (job.description.empty()) {
        return invalid("description", "description is required: say what is wrong");
    }
    if (auto p = check_length("description", job.description, max_description)) {
        return p;
    }
    job.location = trimmed(cmd.location);
    return check_length("location", job.location, max_short_text);
}

// Priority (staff only), hazard, and the channel the report came in on.
std::optional<problem> take_report_details(const domain::actor& who, const report_command& cmd,
                                           domain::job& job) {
    if (cmd.priority) {
        if (!domain::is_staff(who.role)) {
            return problem{errc::forbidden, "only housing officers set the priority", "priority", {}};
        }
        auto p = parse_field<domain::priority>("priority", *cmd.priority);
        if (!p) {
            return p.error();
        }
        job.priority = *p;
    }
    if (cmd.hazard) {
        auto h = parse_field<domain::hazard>("hazard", *cmd.hazard);
        if (!h) {
            return h.error();
        }
        job.hazard = *h;
    }
    job.source = domain::source::api;
    if (cmd.source) {
        auto s = parse_field<domain::source>("source", *cmd.source);
        if (!s) {
            return s.error();
        }
        using domain::source;
        if (*s != source::web && *s != source::phone && *s != source::api && who.role != role::system) {
            return invalid("source", "source must be one of web, phone or api");
        }
        job.source = *s;
    }
    return std::nullopt;
}

// Whom the job is for: a tenant reports for themselves; staff may name a tenant.
std::optional<problem> take_tenant(unit_of_work& uow, const domain::actor& who, const report_command& cmd,
                                   domain::job& job) {
    if (who.role == role::tenant) {
        if (cmd.tenant_id && *cmd.tenant_id != who.user_id) {
            return problem{errc::forbidden, "tenants report for themselves", "tenant_id", {}};
        }
        job.tenant_id = who.user_id;
    } else if (cmd.tenant_id) {
        const auto tenant = uow.accounts().user_by_id(*cmd.tenant_id);
        if (!tenant || tenant->role != role::tenant) {
            return invalid("tenant_id", "no tenant has id " + std::to_string(*cmd.tenant_id));
        }
        job.tenant_id = tenant->id;
    }
    return std::nullopt;
}

// The event that records an accepted report, before it has its id.
domain::event report_event(const domain::actor& who, const report_command& cmd, const domain::job& job,
                           domain::instant now) {
    domain::event e;
    e.job_id = job.id;
    e.at = now;
    e.actor_id = who.user_id;
    e.actor_role = who.role;
    e.action = domain::action::report;
    e.to = domain::status::reported;
    e.data.emplace_back("source", std::string(domain::to_string(job.source)));
    if (job.priority) {
        e.data.emplace_back("priority", std::string(domain::to_string(*job.priority)));
    }
    if (!cmd.notify_via.empty()) {
        std::string via;
        for (const auto& name : cmd.notify_via) {
            via += via.empty() ? name : "," + name;
        }
        e.data.emplace_back("notify_via", via);
    }
    return e;
}

// The job an action is for, when `who` may take `act` on it now.
outcome<domain::job> job_to_act_on(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                                   domain::action act, const action_command& cmd, domain::instant now) {
    auto job = uow.jobs().job_by_reference(domain::normalise_reference(reference));
    const bool holds =
        job && who.role == role::tenant && uow.accounts().holds_home(who.user_id, job->property_id);
    if (!job || !domain::can_see(who, *job, holds)) {
        return not_found_problem();
    }
    if (cmd.expected_version && *cmd.expected_version != job->version) {
        return problem{errc::stale_version,
                       "the job has changed since version " + std::to_string(*cmd.expected_version) +
                           "; it is now at version " + std::to_string(job->version),
                       "expected_version",
                       {}};
    }
    const domain::standing st = domain::standing_of(who, *job, holds);
    switch (domain::decide(*job, act, who, st, now)) {
    case domain::verdict::allowed:
        break;
    case domain::verdict::invalid_transition:
        return problem{errc::invalid_transition,
                       "cannot " + cmd.action + " a job that is " +
                           std::string(domain::to_string(job->state)),
                       "action", action_names(domain::allowed_actions(*job, who, st, now))};
    case domain::verdict::forbidden:
        return problem{errc::forbidden, "your role may not " + cmd.action + " this job", "action", {}};
    }
    return *job;
}

std::optional<problem> check_notes(const domain::actor& who, const action_command& cmd) {
    if (auto p = check_length("note", cmd.note, max_note)) {
        return p;
    }
    if (auto p = check_length("internal_note", cmd.internal_note, max_note)) {
        return p;
    }
    if (who.role == role::tenant && !cmd.internal_note.empty()) {
        return problem{errc::forbidden, "tenants cannot write internal notes", "internal_note", {}};
    }
    return std::nullopt;
}

// The event that records an accepted action, before it has its id; its data is what the effects set, and
// its time the job's last update.
domain::event action_event(const domain::actor& who, const action_command& cmd, const domain::job& before,
                           const domain::job& after, domain::event_data data) {
    domain::event e;
    e.job_id = after.id;
    e.at = after.updated_at;
    e.actor_id = who.user_id;
    e.actor_role = who.role;
    e.action = *domain::parse<domain::action>(cmd.action); // checked by record_action
    e.from = before.state;
    e.to = after.state;
    e.note = cmd.note;
    e.internal_note = cmd.internal_note;
    e.data = std::move(data);
    return e;
}

} // namespace

outcome<job_change> record_report(unit_of_work& uow, const domain::actor& who, const report_command& cmd,
                                  domain::instant now) {
    now = domain::whole_seconds(now); // as the job and its event are stored
    if (who.role == role::contractor) {
        return problem{errc::forbidden, "contractors cannot report repairs", "", {}};
    }
    domain::job job;
    if (auto p = names_place(cmd) ? take_place(uow, who, cmd, job) : take_home(uow, who, cmd, job)) {
        return *p;
    }
    if (cmd.public_summary && !job.place) {
        return invalid("public_summary", "only a job for a block or an estate has a public summary");
    }
    if (auto p = take_description(cmd, job)) {
        return *p;
    }
    if (auto p = take_report_details(who, cmd, job)) {
        return *p;
    }
    if (auto p = take_tenant(uow, who, cmd, job)) {
        return *p;
    }
    if (auto p = check_channel_names("notify_via", cmd.notify_via)) {
        return *p;
    }
    job.state = domain::status::reported;
    job.version = 1;
    job.raised_by = who.user_id;
    job.created_at = now;
    job.updated_at = now;
    job = uow.jobs().insert_job(std::move(job));
    domain::event e = report_event(who, cmd, job, now);
    if (auto p = uow.vet(who, nullptr, job, e)) {
        return *p; // the caller's unit returns false, which rolls the inserted job back
    }
    job_change done{job, uow.jobs().append_event(std::move(e))};
    uow.changed({who, nullptr, done.job, done.recorded});
    return done;
}

outcome<job_view> report_job(unit_of_work& uow, const domain::actor& who, const report_command& cmd,
                             domain::instant now) {
    auto done = record_report(uow, who, cmd, now);
    if (!done) {
        return done.error();
    }
    return view_of(uow, who, std::move(done->job), now);
}

outcome<job_change> record_action(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                                  const action_command& cmd, domain::instant now) {
    now = domain::whole_seconds(now); // as the job and its event are stored
    const auto act = domain::parse<domain::action>(cmd.action);
    if (!act || *act == domain::action::report) {
        return invalid("action", "action must be one of " + action_list());
    }
    const auto job = job_to_act_on(uow, who, reference, *act, cmd, now);
    if (!job) {
        return job.error();
    }
    if (auto p = check_notes(who, cmd)) {
        return *p;
    }
    domain::job next = *job;
    domain::event_data data;
    action_input in{uow, who, *domain::find_transition(*act), cmd, next, data};
    if (auto p = apply_effects(in, now)) {
        return *p;
    }
    next.state = domain::next_state(*job, *act);
    next.version = job->version + 1;
    next.updated_at = now;
    domain::event e = action_event(who, cmd, *job, next, std::move(data));
    if (auto p = uow.vet(who, &*job, next, e)) {
        return *p;
    }
    uow.jobs().update_job(next);
    job_change done{next, uow.jobs().append_event(std::move(e))};
    uow.changed({who, &*job, done.job, done.recorded});
    return done;
}

outcome<job_view> apply_action(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                               const action_command& cmd, domain::instant now) {
    auto done = record_action(uow, who, reference, cmd, now);
    if (!done) {
        return done.error();
    }
    return view_of(uow, who, std::move(done->job), now);
}

job_view view_of(unit_of_work& uow, const domain::actor& who, domain::job job, domain::instant now) {
    const bool holds = who.role == role::tenant && uow.accounts().holds_home(who.user_id, job.property_id);
    auto allowed = allowed_for(who, job, holds, now);
    auto clocks = uow.clocks().clocks_of(job.id);
    return {std::move(job), std::move(allowed), std::move(clocks)};
}

std::vector<job_view> views_of(read_store& store, clock_reads* clocks, const domain::actor& who,
                               std::vector<domain::job> jobs, domain::instant now) {
    std::vector<id_t> job_ids;
    std::vector<id_t> homes;
    for (const auto& job : jobs) {
        job_ids.push_back(job.id);
        homes.push_back(job.property_id);
    }
    const auto held = who.role == role::tenant && !jobs.empty() ? store.held_homes(who.user_id, homes)
                                                                : std::vector<id_t>{};
    const auto all_clocks = clocks != nullptr && !jobs.empty() ? clocks->clocks_of_jobs(job_ids)
                                                               : std::vector<domain::job_clock>{};
    std::vector<job_view> out;
    for (auto& job : jobs) {
        const bool holds = std::find(held.begin(), held.end(), job.property_id) != held.end();
        job_view view{std::move(job), {}, {}};
        view.allowed_actions = allowed_for(who, view.job, holds, now);
        std::copy_if(all_clocks.begin(), all_clocks.end(), std::back_inserter(view.clocks),
                     [&view](const domain::job_clock& c) { return c.job_id == view.job.id; });
        out.push_back(std::move(view));
    }
    return out;
}

outcome<domain::job> get_job(read_store& store, const domain::actor& who, std::string_view reference) {
    const std::string ref = domain::normalise_reference(reference);
    if (ref.empty()) {
        return not_found_problem();
    }
    auto job = store.job_by_reference(ref);
    if (!job) {
        return not_found_problem();
    }
    const bool holds = who.role == role::tenant && store.holds_home(who.user_id, job->property_id);
    if (!domain::can_see(who, *job, holds)) {
        return not_found_problem();
    }
    return *job;
}

namespace {

// list_query's filters, paging aside; a value that is not one of its kind is refused with its field named.
outcome<job_filter> filter_of(const list_query& query) {
    job_filter filter;
    if (query.status) {
        auto s = parse_field<domain::status>("status", *query.status);
        if (!s) {
            return s.error();
        }
        filter.state = *s;
    }
    if (query.priority) {
        auto p = parse_field<domain::priority>("priority", *query.priority);
        if (!p) {
            return p.error();
        }
        filter.priority = *p;
    }
    if (query.category) {
        auto c = parse_field<domain::category>("category", *query.category);
        if (!c) {
            return c.error();
        }
        filter.category = *c;
    }
    if (query.contractor_id) {
        filter.contractor_id = parse_whole(*query.contractor_id);
        if (!filter.contractor_id) {
            return invalid("contractor_id", "contractor_id must be a whole number");
        }
    }
    if (query.uprn) {
        filter.uprn = trimmed(*query.uprn);
    }
    if (query.overdue) {
        if (*query.overdue != "true" && *query.overdue != "false") {
            return invalid("overdue", "overdue must be true or false");
        }
        filter.overdue = *query.overdue == "true";
    }
    return filter;
}

} // namespace

outcome<job_list> list_jobs(read_store& store, const domain::actor& who, const list_query& query) {
    auto filter = filter_of(query);
    if (!filter) {
        return filter.error();
    }
    if (auto p = read_paging(query.limit, query.cursor, filter->limit, filter->after_id)) {
        return *p;
    }
    job_list page;
    page.items = store.list_jobs(*filter, domain::visibility_of(who));
    page.next_cursor = cut_page(page.items, filter->limit, [](const auto& item) { return item.id; });
    return page;
}

namespace {

// The queue's filter for `query`, in the queue's order (its page not read).
outcome<job_filter> queue_filter(const queue_query& query) {
    list_query filters = query.filters;
    const bool any_status = filters.status == "all";
    if (any_status) {
        filters.status.reset();
    }
    auto filter = filter_of(filters);
    if (!filter) {
        return filter.error();
    }
    std::optional<id_t> unused_cursor;
    if (auto p = read_paging(filters.limit, std::nullopt, filter->limit, unused_cursor)) {
        return *p;
    }
    filter->open_only = !any_status && !filter->state;
    if (query.search && !trimmed(*query.search).empty()) {
        filter->search = trimmed(*query.search);
    }
    filter->by_due = true;
    return filter;
}

} // namespace

outcome<std::vector<id_t>> work_queue_ids(read_store& store, const domain::actor& who,
                                          const queue_query& query) {
    auto filter = queue_filter(query);
    if (!filter) {
        return filter.error();
    }
    return store.job_ids(*filter, domain::visibility_of(who));
}

namespace {

// Where a page of the queue starts (after=ID from a Next link, before=ID from a Previous one), into `filter`.
std::optional<problem> read_start(const queue_query& query, job_filter& filter) {
    if (query.after && query.before) {
        return invalid("before", "a page is read after one job or before one, not both");
    }
    if (const auto& from = query.after ? query.after : query.before) {
        const char* field = query.after ? "after" : "before";
        filter.queue_from = parse_whole(*from);
        if (!filter.queue_from || *filter.queue_from < 1) {
            return invalid(field, std::string(field) +
                                      " must be a job's id, from the links at the foot of the queue");
        }
        filter.backwards = query.before.has_value();
    }
    return std::nullopt;
}

} // namespace

outcome<queue_page> work_queue(read_store& store, const domain::actor& who, const queue_query& query) {
    auto filter = queue_filter(query);
    if (!filter) {
        return filter.error();
    }
    queue_page out;
    if (query.page) {
        const auto n = parse_whole(*query.page);
        if (!n || *n < 1 || *n > max_queue_page) {
            return invalid("page", "page must be a whole number from 1 to " + std::to_string(max_queue_page));
        }
        out.page = *n;
    }
    if (auto p = read_start(query, *filter)) {
        return *p;
    }
    filter->offset = (out.page - 1) * filter->limit;
    const auto visibility = domain::visibility_of(who);
    out.items = store.list_jobs(*filter, visibility);
    if (filter->backwards) {
        // Read in reverse, one job more than a page: that one says an earlier page exists. Without it this is
        // the first page, read as such so that it is full.
        if (std::cmp_less_equal(out.items.size(), filter->limit)) {
            filter->queue_from.reset();
            filter->backwards = false;
            filter->offset = 0;
            out.page = 1;
            out.items = store.list_jobs(*filter, visibility);
        } else {
            out.items.erase(out.items.begin());
            out.page = std::max<std::int64_t>(out.page, 2);
            out.more = true;
            return out;
        }
    }
    out.more = cut_page(out.items, filter->limit, [](const auto& item) { return item.id; }).has_value();
    return out;
}

outcome<std::vector<domain::event>> job_events(read_store& store, const domain::actor& who,
                                               std::string_view reference) {
    auto job = get_job(store, who, reference);
    if (!job) {
        return job.error();
    }
    auto events = store.events_of(job->id);
    if (who.role == role::tenant) {
        for (auto& e : events) {
            e.internal_note.clear();
        }
    }
    return events;
}

std::vector<std::string> next_actions(read_store& store, const domain::actor& who, const domain::job& job,
                                      domain::instant now) {
    const bool holds = who.role == role::tenant && store.holds_home(who.user_id, job.property_id);
    return allowed_for(who, job, holds, now);
}

} // namespace mend::app
