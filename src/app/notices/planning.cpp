// Who hears about a change or an escalation, and the notices written for them: rendered, fitted to each
// channel and chained in order of preference, in the transaction of the change.
#include "app/accounts/account_store.hpp"
#include "app/accounts/web.hpp"
#include "app/clocks.hpp"
#include "app/followers.hpp"
#include "app/notices/notices.hpp"
#include "app/notices/public_text.hpp"
#include "domain/calendar.hpp"
#include "domain/clocks.hpp"
#include "domain/complaints.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <array>

namespace mend::app {

namespace {

using domain::action;
using domain::role;

constexpr std::size_t description_in_notice = 120;

struct planned {
    std::string event;
    audience to;
    std::string template_name{}; // empty: the event's own
};

struct told {
    action act;
    std::string_view event;
};

// The tenant's event (the template's name) for each action a tenant is told about. The firm's own steps, the
// clocks of Awaab's Law but for the written summary, and ratings tell the tenant nothing.
constexpr std::array<told, 11> tenant_events{{
    {action::report, "reported"},
    {action::triage, "triaged"},
    {action::hold, "on_hold"},
    {action::complete, "completed"},
    {action::confirm_fixed, "resolved"},
    {action::close, "closed"},
    {action::cancel, "cancelled"},
    {action::reject, "rejected"},
    {action::mark_duplicate, "duplicate"},
    {action::reprioritise, "reprioritised"},
    {action::summary_sent, "hazard_summary"}, // Awaab's Law: the written summary; its receipt is the evidence
}};

// Who hears about a change, and under which event name.
std::vector<planned> plan(const change& c) {
    const action act = c.recorded.action;
    std::vector<planned> out;
    if (act == action::schedule) {
        out.push_back(
            {c.before != nullptr && c.before->appointment ? "rescheduled" : "scheduled", audience::tenant});
    }
    for (const auto& t : tenant_events) {
        if (t.act == act) {
            out.push_back({std::string(t.event), audience::tenant});
        }
    }
    if (act == action::assign) {
        out.push_back({"firm_assigned", audience::firm});
    }
    if (act == action::cancel && c.before != nullptr && c.before->contractor_id) {
        out.push_back({"firm_cancelled", audience::firm});
    }
    if (act == action::reopen && c.who.role == role::tenant) {
        out.push_back({"reopened", audience::officer});
    }
    if (act == action::add_update) {
        out.push_back({"tenant_update", audience::officer});
    }
    // Integrations hear every change, whether or not a person does.
    out.push_back({"changed", audience::integration});
    return out;
}

std::string hold_words(domain::hold_reason r) {
    switch (r) {
    case domain::hold_reason::no_access:
        return "we could not get into your home";
    case domain::hold_reason::parts:
        return "we are waiting for parts";
    case domain::hold_reason::consent:
        return "we are waiting for permission to do the work";
    case domain::hold_reason::other:
        break;
    }
    return "of something we need to sort out first";
}

template_vars vars_for(unit_of_work& uow, const change& c, const notice_policy& policy) {
    const domain::job& job = c.after;
    std::string description(domain::cut_utf8(job.description, description_in_notice));
    if (description.size() < job.description.size()) {
        description += "...";
    }
    template_vars v{
        {"reference", job.reference},
        {"category", domain::wire_words(domain::to_string(job.category))},
        {"status", domain::wire_words(domain::to_string(job.state))},
        {"description", std::move(description)},
        {"answer_url", tracking_url(uow, job.id, policy.public_url)},
        {"action", std::string(domain::to_string(c.recorded.action))},
    };
    if (!job.location.empty()) {
        v.emplace_back("location", job.location);
    }
    if (job.priority) {
        v.emplace_back("priority", std::string(domain::to_string(*job.priority)));
        // The target as the clock keeper computed it for this event (triage or a change of priority).
        if (const auto due = domain::parse_iso(domain::data_value(c.recorded.data, "target_due"))) {
            v.emplace_back("target_date", domain::uk_weekday_date_words(*due));
        }
    }
    if (job.appointment) {
        v.emplace_back("appointment_date", domain::uk_weekday_date_words(job.appointment->start));
        v.emplace_back("appointment_start", domain::uk_time_words(job.appointment->start));
        v.emplace_back("appointment_end", domain::uk_time_words(job.appointment->end));
    }
    if (job.hold) {
        v.emplace_back("hold_reason", hold_words(*job.hold));
    }
    if (!c.recorded.note.empty()) {
        v.emplace_back("note", c.recorded.note);
    }
    if (auto reason = domain::data_value(c.recorded.data, "reason"); !reason.empty()) {
        v.emplace_back("reason", c.recorded.action == domain::action::hold ? hold_words(*job.hold) : reason);
    }
    if (job.duplicate_of) {
        v.emplace_back("duplicate_of", *job.duplicate_of);
    }
    const auto firm_id =
        job.contractor_id ? job.contractor_id : (c.before ? c.before->contractor_id : std::nullopt);
    if (firm_id) {
        if (auto firm = uow.accounts().contractor_by_id(*firm_id)) {
            v.emplace_back("firm", firm->name);
        }
    }
    if (auto home = uow.accounts().property_by_uprn(job.uprn)) {
        v.emplace_back("address", home->address);
        v.emplace_back("postcode", home->postcode);
    }
    return v;
}

struct recipient {
    audience to = audience::tenant;
    std::optional<contact> person;
    std::optional<webhook_endpoint> endpoint;
    std::vector<std::string> channels;
    std::optional<std::string> postal{}; // a follower's own postal address (lines), not the job's home
    std::optional<id_t> follower_id{};   // app/followers.hpp: told of public steps only
};

const channel* find_channel(const notice_policy& policy, std::string_view name) {
    for (const auto* ch : policy.channels) {
        if (ch->name() == name) {
            return ch;
        }
    }
    return nullptr;
}

// The address a channel would use for this recipient; empty when it cannot reach them.
std::optional<std::string> address_for(const channel& ch, const recipient& r, const template_vars& vars) {
    const auto var = [&vars](std::string_view key) {
        for (const auto& [k, v] : vars) {
            if (k == key) {
                return v;
            }
        }
        return std::string();
    };
    switch (ch.addressed_by()) {
    case address_kind::none:
        return r.person ? "user " + std::to_string(r.person->user_id) : std::string("integration");
    case address_kind::email:
        return r.person ? r.person->email : std::nullopt;
    case address_kind::phone:
        return r.person ? r.person->phone : std::nullopt;
    case address_kind::handle:
        return r.person ? r.person->handle : std::nullopt;
    case address_kind::postal:
        if (r.follower_id) {
            return r.postal;
        }
        if (r.to != audience::tenant || var("address").empty()) {
            return std::nullopt;
        }
        return var("address") + "\n" + var("postcode"); // lines of the envelope window
    case address_kind::url:
        return r.endpoint ? std::optional(r.endpoint->url) : std::nullopt;
    }
    return std::nullopt;
}

// What a set of notices is about: the job, the event they are written for, and who its tenant and firm are.
struct notice_subject {
    id_t job_id = 0;
    std::string reference;
    id_t event_id = 0;
    std::optional<id_t> tenant_id;
    std::optional<id_t> firm_id;
    std::string webhook_data; // JSON members after endpoint_id in a webhook notice's params
};

notice_subject subject_of(const change& c) {
    return {c.after.id,
            c.after.reference,
            c.recorded.id,
            c.after.tenant_id,
            c.after.contractor_id ? c.after.contractor_id
                                  : (c.before ? c.before->contractor_id : std::nullopt),
            "\"status\":\"" + std::string(domain::to_string(c.after.state)) + "\",\"action\":\"" +
                std::string(domain::to_string(c.recorded.action)) + "\""};
}

recipient person_recipient(audience to, contact who, std::vector<std::string> channels,
                           const notice_policy& policy) {
    if (channels.empty()) {
        channels = who.channels.empty() ? policy.default_channels : who.channels;
    }
    return {to, std::move(who), std::nullopt, std::move(channels)};
}

std::vector<recipient> endpoint_recipients(notice_store& store, audience to, std::optional<id_t> firm) {
    std::vector<recipient> out;
    for (auto& e : store.webhook_endpoints(firm)) {
        out.push_back({to, std::nullopt, std::move(e), {"webhook"}});
    }
    return out;
}

std::vector<recipient> people_recipients(audience to, std::vector<contact> people,
                                         const notice_policy& policy) {
    std::vector<recipient> out;
    out.reserve(people.size());
    for (auto& who : people) {
        out.push_back(person_recipient(to, std::move(who), {}, policy));
    }
    return out;
}

// The job's tenant, on the channels chosen for the job (or theirs): a letter is the last resort of every
// tenant's chain, since everyone has a home.
std::vector<recipient> tenant_recipients(notice_store& store, const notice_subject& c,
                                         const notice_policy& policy) {
    if (!c.tenant_id) {
        return {};
    }
    auto who = store.contact_of(*c.tenant_id);
    if (!who) {
        return {};
    }
    auto own = store.job_channels(c.job_id).value_or(std::vector<std::string>{});
    auto r = person_recipient(audience::tenant, std::move(*who), std::move(own), policy);
    if (std::find(r.channels.begin(), r.channels.end(), "letter") == r.channels.end()) {
        r.channels.emplace_back("letter");
    }
    return {std::move(r)};
}

// The firm's webhook endpoints when it has any, its people otherwise.
std::vector<recipient> firm_recipients(notice_store& store, const notice_subject& c,
                                       const notice_policy& policy) {
    if (!c.firm_id) {
        return {};
    }
    auto hooks = endpoint_recipients(store, audience::firm, c.firm_id);
    if (!hooks.empty()) {
        return hooks;
    }
    return people_recipients(audience::firm, store.firm_users(*c.firm_id), policy);
}

std::vector<recipient> recipients_of(notice_store& store, const notice_subject& c, audience to,
                                     const notice_policy& policy) {
    switch (to) {
    case audience::tenant:
        return tenant_recipients(store, c, policy);
    case audience::firm:
        return firm_recipients(store, c, policy);
    case audience::officer:
        return people_recipients(to, store.officers(), policy);
    case audience::integration:
        return endpoint_recipients(store, to, std::nullopt);
    }
    return {};
}

template_vars with_recipient(template_vars vars, const recipient& r) {
    if (r.person) {
        vars.emplace_back("name", r.person->name);
    } else if (r.endpoint) {
        vars.emplace_back("name", r.endpoint->name);
    }
    return vars;
}

// Who a notice is for: the person (none for a contact an officer recorded), the endpoint with the job's
// state as data, or the follower it is told to.
void address_to(notice_record& n, const recipient& r, const notice_subject& c) {
    if (r.person) {
        n.user_id = r.person->user_id != 0 ? std::optional(r.person->user_id) : std::nullopt;
        n.recipient_name = r.person->name;
    } else if (r.endpoint) {
        n.recipient_name = r.endpoint->name;
        // Receivers get the job's state as data, not only as text.
        n.params = "{\"endpoint_id\":" + std::to_string(r.endpoint->id) +
                   (c.webhook_data.empty() ? "" : "," + c.webhook_data) + "}";
    }
    if (r.follower_id) {
        n.params = std::string("{\"follower_id\":").append(std::to_string(*r.follower_id)).append("}");
    }
}

void write_chain(notice_store& store, const notice_subject& c, const planned& p, const recipient& r,
                 const template_vars& vars, const notice_policy& policy, domain::instant now) {
    id_t chain = 0;
    int pos = 0;
    std::vector<std::string> used;
    for (const auto& name : r.channels) {
        const channel* ch = find_channel(policy, name);
        if (ch == nullptr || std::find(used.begin(), used.end(), name) != used.end()) {
            continue; // not configured in this install: the next preference stands in
        }
        const auto address = address_for(*ch, r, vars);
        if (!address || address->empty()) {
            continue;
        }
        // A channel that posts to handles posts in public: its templates get only public variables.
        const auto text = policy.renderer->render(
            p.template_name.empty() ? p.event : p.template_name, name,
            ch->addressed_by() == address_kind::handle ? public_variables(vars) : vars);
        if (!text) {
            continue;
        }
        used.push_back(name);
        notice_record n;
        n.job_id = c.job_id;
        n.reference = c.reference;
        n.event_id = c.event_id;
        n.event = p.event;
        n.to = r.to;
        address_to(n, r, c);
        n.chain = chain;
        n.chain_pos = pos++;
        n.channel = name;
        n.address = *address;
        n.subject = text->subject;
        n.body = fit_text(text->body, c.reference, ch->limits());
        n.state = chain == 0 ? notice_state::pending : notice_state::standby;
        if (chain == 0) {
            n.next_attempt_at = now;
            n.trying_since = now;
        }
        n.created_at = now;
        n.updated_at = now;
        const auto saved = store.insert_notice(std::move(n));
        chain = saved.chain;
    }
    if (chain == 0 && r.to == audience::tenant && !r.follower_id) {
        store.raise_alert({c.job_id, "cannot_reach_tenant",
                           "no channel can reach the tenant about \"" + p.event + "\"", now});
    }
}

// Writes each planned event's chains to each of its recipients.
void write_planned(notice_store& store, const notice_subject& about, const std::vector<planned>& events,
                   const template_vars& vars, const notice_policy& policy, domain::instant now) {
    for (const auto& p : events) {
        for (const auto& r : recipients_of(store, about, p.to, policy)) {
            write_chain(store, about, p, r, with_recipient(vars, r), policy, now);
        }
    }
}

using place = std::pair<std::string, std::string>; // a channel and an address on it

// The channels and addresses of a recipient's chain in order, the first where they are told first; a letter's
// only when `with_post` (a home's letter box is shared by everyone in it, and it is the last resort).
std::vector<place> chain_places(const recipient& r, const template_vars& vars, const notice_policy& policy,
                                bool with_post) {
    std::vector<place> out;
    for (const auto& name : r.channels) {
        const channel* ch = find_channel(policy, name);
        if (ch == nullptr || (!with_post && ch->addressed_by() == address_kind::postal)) {
            continue;
        }
        if (auto address = address_for(*ch, r, vars); address && !address->empty()) {
            out.emplace_back(name, *address);
        }
    }
    return out;
}

// A follower as a recipient: a tenant on their own channels with a letter to their home last, a contact on
// the one channel the officer recorded. Threads are answered in the thread (app::follow_up_threads).
std::optional<recipient> follower_recipient(notice_store& store, const follower_record& f,
                                            const notice_policy& policy) {
    std::optional<recipient> r;
    if (f.kind == follower_kind::tenant && f.user_id) {
        auto who = store.contact_of(*f.user_id);
        if (!who) {
            return std::nullopt;
        }
        r = person_recipient(audience::tenant, std::move(*who), {}, policy);
        if (!f.home.empty()) {
            r->postal = f.home;
            if (std::find(r->channels.begin(), r->channels.end(), "letter") == r->channels.end()) {
                r->channels.emplace_back("letter");
            }
        }
    } else if (f.kind == follower_kind::contact) {
        contact who;
        who.name = f.name;
        if (f.channel == "email") {
            who.email = f.address;
        } else if (f.channel == "sms") {
            who.phone = f.address;
        }
        r = recipient{audience::tenant, std::move(who), std::nullopt, {f.channel}};
        if (f.channel == "letter") {
            r->postal = f.address;
        }
    } else {
        return std::nullopt;
    }
    r->follower_id = f.id;
    return r;
}

// Each follower hears a public step once, on their own channel, with public words only (they are not the
// job's tenant): not the reporter again, and no address twice (app::followers_to_tell).
void write_follower_notices(unit_of_work& uow, const notice_subject& about, const std::string& step,
                            bool reporter_told, const template_vars& vars, const notice_policy& policy,
                            domain::instant now) {
    auto& store = uow.notices();
    const auto followers = uow.followers().followers_of(about.job_id);
    if (followers.empty()) {
        return;
    }
    template_vars shown = public_variables(vars);
    std::erase_if(shown, [](const auto& v) { return v.first == "name"; });
    // At any address of the reporter's (but their home's), no follower is told again.
    std::vector<std::string> taken;
    if (reporter_told) {
        for (const auto& r : tenant_recipients(store, about, policy)) {
            for (const auto& at : chain_places(r, vars, policy, false)) {
                taken.push_back(at.second);
            }
            for (const auto& known : {r.person->email, r.person->phone, r.person->handle}) {
                if (known) {
                    taken.push_back(*known);
                }
            }
        }
    }
    std::vector<recipient> recipients;
    std::vector<follower_target> targets;
    for (const auto& f : followers) {
        auto r = follower_recipient(store, f, policy);
        if (!r) {
            continue;
        }
        const auto places = chain_places(*r, shown, policy, true);
        targets.push_back({f.id, f.user_id, places.empty() ? "" : places.front().first,
                           places.empty() ? "" : places.front().second});
        recipients.push_back(std::move(*r));
    }
    const planned p{step, audience::tenant, "follower"};
    for (const auto& t : followers_to_tell(targets, about.tenant_id, std::move(taken))) {
        const auto r = std::find_if(recipients.begin(), recipients.end(),
                                    [&t](const recipient& x) { return x.follower_id == t.follower_id; });
        write_chain(store, about, p, *r, with_recipient(shown, *r), policy, now);
    }
}

std::string clock_words(domain::clock_kind k) {
    switch (k) {
    case domain::clock_kind::repair_target:
        return "the repair target";
    case domain::clock_kind::make_safe:
        return "making the home safe (emergency hazard)";
    case domain::clock_kind::investigate:
        return "investigating the hazard";
    case domain::clock_kind::written_summary:
        return "the written summary to the tenant";
    case domain::clock_kind::safety_work:
        return "the safety work";
    case domain::clock_kind::further_works:
        return "starting the further works";
    }
    return "a deadline";
}

} // namespace

std::size_t measured_length(std::string_view text, length_unit unit) {
    if (unit == length_unit::bytes) {
        return text.size();
    }
    return domain::code_points(text);
}

std::string fit_text(std::string_view body, std::string_view reference, const channel_limits& limits) {
    if (limits.max_length == 0 || measured_length(body, limits.counted) <= limits.max_length) {
        return std::string(body);
    }
    const std::string tail = "... Ref " + std::string(reference);
    const std::size_t tail_length = measured_length(tail, limits.counted);
    if (tail_length >= limits.max_length) {
        return std::string(reference); // a limit this small only fits the reference itself
    }
    const std::size_t room = limits.max_length - tail_length;
    std::string_view kept = limits.counted == length_unit::bytes ? domain::cut_utf8(body, room)
                                                                 : domain::cut_code_points(body, room);
    // Prefer to cut at a word boundary when one is near.
    if (const auto space = kept.find_last_of(" \n");
        space != std::string_view::npos && space > kept.size() / 2) {
        kept = kept.substr(0, space);
    }
    return std::string(kept) + tail;
}

void enqueue_notices(unit_of_work& uow, const change& c, const notice_policy& policy, domain::instant now) {
    auto& store = uow.notices();
    if (c.recorded.action == domain::action::report) {
        if (auto via = domain::data_value(c.recorded.data, "notify_via"); !via.empty()) {
            store.set_job_channels(c.after.id, domain::split_list(via));
        }
    }
    const auto planned_events = plan(c);
    const auto about = subject_of(c);
    const auto vars = vars_for(uow, c, policy);
    write_planned(store, about, planned_events, vars, policy, now);
    if (const auto step = public_event(c)) {
        const bool reporter_told = std::any_of(planned_events.begin(), planned_events.end(),
                                               [](const planned& p) { return p.to == audience::tenant; });
        write_follower_notices(uow, about, *step, reporter_told, vars, policy, now);
    }
}

void enqueue_escalation(unit_of_work& uow, const escalation& e, const notice_policy& policy,
                        domain::instant now) {
    auto& store = uow.notices();
    const auto job = uow.jobs().job_by_reference(e.reference);
    notice_subject about{e.job_id,     e.reference,     store.last_event_of(e.job_id),
                         std::nullopt, e.contractor_id, ""};
    about.webhook_data = "\"clock\":\"" + std::string(domain::to_string(e.kind)) + "\",\"due\":\"" +
                         domain::format_iso(e.due) + "\"";
    if (job) {
        about.webhook_data += ",\"status\":\"" + std::string(domain::to_string(job->state)) + "\"";
    }
    template_vars vars{
        {"reference", e.reference},
        {"clock", clock_words(e.kind)},
        {"due_date", domain::uk_weekday_date_words(e.due)},
        {"due_time", domain::uk_clock_time(e.due)},
    };
    vars.emplace_back("answer_url", tracking_url(uow, e.job_id, policy.public_url));
    if (job) {
        vars.emplace_back("category", domain::wire_words(domain::to_string(job->category)));
        if (job->priority) {
            vars.emplace_back("priority", std::string(domain::to_string(*job->priority)));
        }
    }
    const planned p{e.level >= 2 ? "clock_breached" : "clock_at_risk",
                    e.recipient == "contractor" ? audience::firm : audience::officer};
    write_planned(store, about, {p}, vars, policy, now);
}

void enqueue_complaint_notice(unit_of_work& uow, const domain::complaint& c, std::string_view event,
                              audience to, const template_vars& vars, const notice_policy& policy,
                              domain::instant now) {
    auto& store = uow.notices();
    const notice_subject about{c.job_id,         c.reference,  store.last_event_of(c.job_id),
                               c.complainant_id, std::nullopt, ""};
    const planned p{std::string(event), to};
    for (auto r : recipients_of(store, about, to, policy)) {
        // A complaint is private: nothing about it is posted where others can read it.
        std::erase_if(r.channels, [&policy](const std::string& name) {
            const channel* ch = find_channel(policy, name);
            return ch != nullptr && ch->addressed_by() == address_kind::handle;
        });
        write_chain(store, about, p, r, with_recipient(vars, r), policy, now);
    }
}

} // namespace mend::app
