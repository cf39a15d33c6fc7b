#include "app/notices/notices.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "app/clocks.hpp"
#include "app/jobs.hpp"
#include "app/paging.hpp"
#include "domain/reference.hpp"
#include "domain/time.hpp"
#include "domain/workflow.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace mend::app {

namespace {

using domain::role;
namespace chr = std::chrono;

constexpr std::size_t max_channels = 8;
constexpr std::size_t description_in_notice = 120;

struct planned {
    std::string event;
    audience to;
};

// Who hears about a change, and under which event name (the template's name).
std::vector<planned> plan(const change& c) {
    using domain::action;
    std::vector<planned> out;
    const auto tenant = [&out](std::string event) {
        out.push_back({std::move(event), audience::tenant});
    };
    switch (c.recorded.action) {
    case action::report:
        tenant("reported");
        break;
    case action::triage:
        tenant("triaged");
        break;
    case action::assign:
        out.push_back({"firm_assigned", audience::firm});
        break;
    case action::schedule:
        tenant(c.before != nullptr && c.before->appointment ? "rescheduled" : "scheduled");
        break;
    case action::hold:
        tenant("on_hold");
        break;
    case action::complete:
        tenant("completed");
        break;
    case action::confirm_fixed:
        tenant("resolved");
        break;
    case action::close:
        tenant("closed");
        break;
    case action::cancel:
        tenant("cancelled");
        if (c.before != nullptr && c.before->contractor_id) {
            out.push_back({"firm_cancelled", audience::firm});
        }
        break;
    case action::reject:
        tenant("rejected");
        break;
    case action::mark_duplicate:
        tenant("duplicate");
        break;
    case action::reopen:
        if (c.who.role == role::tenant) {
            out.push_back({"reopened", audience::officer});
        }
        break;
    case action::reprioritise:
        tenant("reprioritised");
        break;
    case action::summary_sent:
        tenant("hazard_summary"); // Awaab's Law: the written summary; its receipt is the evidence
        break;
    case action::accept:
    case action::decline:
    case action::start:
    case action::investigation_concluded:
    case action::safety_work_done:
    case action::works_started:
    case action::pause_clock:
    case action::resume_clock:
    case action::rate:
        break;
    }
    // Integrations hear every change, whether or not a person does.
    out.push_back({"changed", audience::integration});
    return out;
}

std::string data_value(const domain::event& e, std::string_view key) {
    for (const auto& [k, v] : e.data) {
        if (k == key) {
            return v;
        }
    }
    return {};
}

std::vector<std::string> split_names(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        auto item = text.substr(0, comma);
        if (!item.empty()) {
            out.emplace_back(item);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return out;
}

// England and Wales keep British Summer Time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
// last Sunday of October; tenants read times in that local time.
chr::sys_seconds uk_local(domain::instant t) {
    const auto day = chr::floor<chr::days>(t);
    const chr::year y = chr::year_month_day(day).year();
    const auto last_sunday = [y](chr::month m) {
        return chr::sys_days(chr::year_month_weekday_last(y, m, chr::weekday_last(chr::Sunday))) +
               chr::hours(1);
    };
    const bool summer = t >= last_sunday(chr::March) && t < last_sunday(chr::October);
    return t + (summer ? chr::hours(1) : chr::hours(0));
}

std::string uk_date(domain::instant t) {
    static constexpr std::array<std::string_view, 7> days{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                          "Thursday", "Friday", "Saturday"};
    static constexpr std::array<std::string_view, 12> months{"January",   "February", "March",    "April",
                                                             "May",       "June",     "July",     "August",
                                                             "September", "October",  "November", "December"};
    const auto local = chr::floor<chr::days>(uk_local(t));
    const chr::year_month_day ymd(local);
    std::string out(days[chr::weekday(local).c_encoding()]);
    out += ' ';
    out += std::to_string(static_cast<unsigned>(ymd.day()));
    out += ' ';
    out += months[static_cast<unsigned>(ymd.month()) - 1];
    out += ' ';
    out += std::to_string(static_cast<int>(ymd.year()));
    return out;
}

std::string uk_time(domain::instant t) {
    const auto local = uk_local(t);
    const chr::hh_mm_ss hms(local - chr::floor<chr::days>(local));
    const auto two = [](long v) {
        return (v < 10 ? "0" : "") + std::to_string(v);
    };
    return two(hms.hours().count()) + ":" + two(hms.minutes().count());
}

std::string words(std::string_view wire_name) {
    std::string out(wire_name);
    std::replace(out.begin(), out.end(), '_', ' ');
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

// Cuts at a code point boundary at or below `max` bytes.
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return text;
    }
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
        --end;
    }
    return text.substr(0, end);
}

// The byte offset after the first `n` code points.
std::size_t bytes_of_first(std::string_view text, std::size_t n) {
    std::size_t i = 0;
    std::size_t seen = 0;
    while (i < text.size()) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
            if (seen == n) {
                return i;
            }
            ++seen;
        }
        ++i;
    }
    return text.size();
}

template_vars vars_for(unit_of_work& uow, const change& c, const notice_policy& policy) {
    const domain::job& job = c.after;
    std::string description(cut_utf8(job.description, description_in_notice));
    if (description.size() < job.description.size()) {
        description += "...";
    }
    template_vars v{
        {"reference", job.reference},
        {"category", words(domain::to_string(job.category))},
        {"status", words(domain::to_string(job.state))},
        {"description", std::move(description)},
        {"answer_url", policy.public_url + "/requests/" + job.reference},
        {"action", std::string(domain::to_string(c.recorded.action))},
    };
    if (!job.location.empty()) {
        v.emplace_back("location", job.location);
    }
    if (job.priority) {
        v.emplace_back("priority", std::string(domain::to_string(*job.priority)));
        // The target as the clock keeper computed it for this event (triage or a change of priority).
        if (const auto due = domain::parse_iso(data_value(c.recorded, "target_due"))) {
            v.emplace_back("target_date", uk_date(*due));
        }
    }
    if (job.appointment) {
        v.emplace_back("appointment_date", uk_date(job.appointment->start));
        v.emplace_back("appointment_start", uk_time(job.appointment->start));
        v.emplace_back("appointment_end", uk_time(job.appointment->end));
    }
    if (job.hold) {
        v.emplace_back("hold_reason", hold_words(*job.hold));
    }
    if (!c.recorded.note.empty()) {
        v.emplace_back("note", c.recorded.note);
    }
    if (auto reason = data_value(c.recorded, "reason"); !reason.empty()) {
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

std::vector<recipient> recipients_of(notice_store& store, const notice_subject& c, audience to,
                                     const notice_policy& policy) {
    std::vector<recipient> out;
    const auto person = [&](contact who, std::vector<std::string> channels) {
        recipient r{to, std::nullopt, std::nullopt, {}};
        if (channels.empty()) {
            channels = who.channels.empty() ? policy.default_channels : who.channels;
        }
        r.channels = std::move(channels);
        r.person = std::move(who);
        out.push_back(std::move(r));
    };
    const auto endpoints = [&](std::optional<id_t> firm) {
        for (auto& e : store.webhook_endpoints(firm)) {
            out.push_back({to, std::nullopt, std::move(e), {"webhook"}});
        }
    };
    switch (to) {
    case audience::tenant:
        if (c.tenant_id) {
            if (auto who = store.contact_of(*c.tenant_id)) {
                auto own = store.job_channels(c.job_id).value_or(std::vector<std::string>{});
                person(std::move(*who), std::move(own));
                // Everyone has a home: a letter is the last resort of every tenant's chain.
                auto& chain = out.back().channels;
                if (std::find(chain.begin(), chain.end(), "letter") == chain.end()) {
                    chain.emplace_back("letter");
                }
            }
        }
        break;
    case audience::firm: {
        if (!c.firm_id) {
            break;
        }
        const auto before = out.size();
        endpoints(c.firm_id);
        if (out.size() == before) {
            for (auto& who : store.firm_users(*c.firm_id)) {
                person(std::move(who), {});
            }
        }
        break;
    }
    case audience::officer:
        for (auto& who : store.officers()) {
            person(std::move(who), {});
        }
        break;
    case audience::integration:
        endpoints(std::nullopt);
        break;
    }
    return out;
}

template_vars with_recipient(template_vars vars, const recipient& r) {
    if (r.person) {
        vars.emplace_back("name", r.person->name);
    } else if (r.endpoint) {
        vars.emplace_back("name", r.endpoint->name);
    }
    return vars;
}

void write_chain(notice_store& store, const notice_subject& c, const planned& p, const recipient& r,
                 const template_vars& vars, const notice_policy& policy, millis now) {
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
        const auto text = policy.renderer->render(p.event, name, vars);
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
        if (r.person) {
            n.user_id = r.person->user_id;
            n.recipient_name = r.person->name;
        } else if (r.endpoint) {
            n.recipient_name = r.endpoint->name;
            // Receivers get the job's state as data, not only as text.
            n.params = "{\"endpoint_id\":" + std::to_string(r.endpoint->id) +
                       (c.webhook_data.empty() ? "" : "," + c.webhook_data) + "}";
        }
        n.chain = chain;
        n.chain_pos = pos++;
        n.channel = name;
        n.address = *address;
        n.subject = text->subject;
        n.body = fit_text(text->body, c.reference, ch->limits());
        n.state = chain == 0 ? notice_state::pending : notice_state::standby;
        if (chain == 0) {
            n.next_attempt_at = now;
        }
        n.created_at = now;
        n.updated_at = now;
        const auto saved = store.insert_notice(std::move(n));
        chain = saved.chain;
    }
    if (chain == 0 && r.to == audience::tenant) {
        store.raise_alert({c.job_id, "cannot_reach_tenant",
                           "no channel can reach the tenant about \"" + p.event + "\"", now});
    }
}

// Writes each planned event's chains to each of its recipients.
void write_planned(notice_store& store, const notice_subject& about, const std::vector<planned>& events,
                   const template_vars& vars, const notice_policy& policy, millis now) {
    for (const auto& p : events) {
        for (const auto& r : recipients_of(store, about, p.to, policy)) {
            write_chain(store, about, p, r, with_recipient(vars, r), policy, now);
        }
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

std::optional<std::int64_t> param_int(std::string_view params, std::string_view key) {
    const std::string quoted = "\"" + std::string(key) + "\":";
    const auto at = params.find(quoted);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const char* first = params.data() + at + quoted.size();
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(first, params.data() + params.size(), value);
    if (ec != std::errc{}) {
        return std::nullopt;
    }
    return value;
}

// Moves a chain on after its notice `n` failed for good: the next waiting channel becomes due now. When
// that is the letter (or nothing is left), officers are told that the tenant cannot be reached.
void fall_back(notice_store& store, const notice_record& n, millis now) {
    for (auto next : store.chain_of(n.chain)) {
        if (next.chain_pos <= n.chain_pos || next.state != notice_state::standby) {
            continue;
        }
        next.state = notice_state::pending;
        next.next_attempt_at = now;
        next.updated_at = now;
        store.update_notice(next);
        if (next.channel == "letter" && n.to == audience::tenant) {
            store.raise_alert({n.job_id, "cannot_reach_tenant",
                               "every channel failed for \"" + n.event + "\"; a letter is queued", now});
        }
        return;
    }
    if (n.to == audience::tenant) {
        store.raise_alert(
            {n.job_id, "cannot_reach_tenant", "every channel failed for \"" + n.event + "\"", now});
    }
}

void skip_rest(notice_store& store, const notice_record& n, millis now) {
    store.skip_standby_after(n.chain, n.chain_pos, now);
}

// After a retryable failure that counted: due again after a backoff, or dead (and the chain moves on).
void retry_or_give_up(notice_store& store, notice_record& n, std::optional<chr::milliseconds> floor,
                      const retry_policy& policy, double jitter, millis now) {
    if (n.attempts >= policy.max_attempts) {
        n.state = notice_state::dead;
        n.next_attempt_at.reset();
        store.update_notice(n);
        fall_back(store, n, now);
        return;
    }
    millis delay = backoff_delay(n.attempts, policy, jitter);
    if (floor) {
        delay = std::max<millis>(delay, floor->count());
    }
    n.state = notice_state::pending;
    n.next_attempt_at = now + delay;
    store.update_notice(n);
}

problem no_notice() {
    return {errc::not_found, "no such notice", "", {}};
}

std::string base64(const std::string& bytes) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto n = (static_cast<unsigned char>(bytes[i]) << 16U) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8U) |
                       static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(n >> 18U) & 63U];
        out += alphabet[(n >> 12U) & 63U];
        out += alphabet[(n >> 6U) & 63U];
        out += alphabet[n & 63U];
    }
    if (i < bytes.size()) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16U;
        if (i + 1 < bytes.size()) {
            n |= static_cast<unsigned char>(bytes[i + 1]) << 8U;
        }
        out += alphabet[(n >> 18U) & 63U];
        out += alphabet[(n >> 12U) & 63U];
        out += i + 1 < bytes.size() ? alphabet[(n >> 6U) & 63U] : '=';
        out += '=';
    }
    return out;
}

} // namespace

std::string_view to_string(audience a) {
    switch (a) {
    case audience::tenant:
        return "tenant";
    case audience::firm:
        return "firm";
    case audience::officer:
        return "officer";
    case audience::integration:
        return "integration";
    }
    return "tenant";
}

std::size_t measured_length(std::string_view text, length_unit unit) {
    if (unit == length_unit::bytes) {
        return text.size();
    }
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U; }));
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
    std::string_view kept = limits.counted == length_unit::bytes ? cut_utf8(body, room)
                                                                 : body.substr(0, bytes_of_first(body, room));
    // Prefer to cut at a word boundary when one is near.
    if (const auto space = kept.find_last_of(" \n");
        space != std::string_view::npos && space > kept.size() / 2) {
        kept = kept.substr(0, space);
    }
    return std::string(kept) + tail;
}

millis backoff_delay(int attempt, const retry_policy& policy, double jitter) {
    const int doublings = std::clamp(attempt - 1, 0, 40);
    const double window = std::min(static_cast<double>(policy.cap),
                                   static_cast<double>(policy.base) * std::ldexp(1.0, doublings));
    return static_cast<millis>(std::clamp(jitter, 0.0, 1.0) * window);
}

void enqueue_notices(unit_of_work& uow, const change& c, const notice_policy& policy, millis now) {
    auto& store = uow.notices();
    if (c.recorded.action == domain::action::report) {
        if (auto via = data_value(c.recorded, "notify_via"); !via.empty()) {
            store.set_job_channels(c.after.id, split_names(via));
        }
    }
    const auto planned_events = plan(c);
    write_planned(store, subject_of(c), planned_events, vars_for(uow, c, policy), policy, now);
}

void enqueue_escalation(unit_of_work& uow, const escalation& e, const notice_policy& policy, millis now) {
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
        {"due_date", uk_date(e.due)},
        {"due_time", uk_time(e.due)},
        {"answer_url", policy.public_url + "/requests/" + e.reference},
    };
    if (job) {
        vars.emplace_back("category", words(domain::to_string(job->category)));
        if (job->priority) {
            vars.emplace_back("priority", std::string(domain::to_string(*job->priority)));
        }
    }
    const planned p{e.level >= 2 ? "clock_breached" : "clock_at_risk",
                    e.recipient == "contractor" ? audience::firm : audience::officer};
    write_planned(store, about, {p}, vars, policy, now);
}

notice_state record_attempt(unit_of_work& uow, id_t notice_id, const attempt_result& result,
                            const retry_policy& policy, double jitter, millis now) {
    auto& store = uow.notices();
    auto n = store.notice_by_id(notice_id);
    if (!n) {
        throw std::logic_error("no notice has id " + std::to_string(notice_id));
    }
    attempt_record a{0,
                     n->id,
                     now,
                     n->channel,
                     std::string(to_string(result.outcome)),
                     result.provider_id,
                     result.error,
                     std::nullopt};
    if (n->state != notice_state::pending) {
        // An officer or a receipt moved it on while this attempt ran; the attempt is history all the same.
        store.insert_attempt(a);
        return n->state;
    }
    n->updated_at = now;
    if (!result.provider_id.empty()) {
        n->provider_id = result.provider_id;
    }
    n->last_error = result.error;
    if (result.address_gone && n->to != audience::tenant) {
        if (auto endpoint = param_int(n->params, "endpoint_id")) {
            store.disable_webhook_endpoint(*endpoint, result.error, now);
        }
    }
    switch (result.outcome) {
    case attempt_outcome::delivered:
        ++n->attempts;
        n->state = notice_state::delivered;
        n->next_attempt_at.reset();
        n->last_error.clear();
        store.update_notice(*n);
        skip_rest(store, *n, now);
        break;
    case attempt_outcome::accepted:
        ++n->attempts;
        n->state = notice_state::sent;
        n->next_attempt_at.reset();
        n->last_error.clear();
        store.update_notice(*n);
        break;
    case attempt_outcome::retry_later:
        ++n->attempts;
        retry_or_give_up(store, *n, result.retry_after, policy, jitter, now);
        break;
    case attempt_outcome::permanent_failure:
        ++n->attempts;
        n->state = notice_state::failed;
        n->next_attempt_at.reset();
        store.update_notice(*n);
        fall_back(store, *n, now);
        break;
    case attempt_outcome::configuration_failure: {
        // Our fault, not the recipient's: it does not count towards the limit.
        const millis pause = std::max<millis>(policy.configuration_pause,
                                              result.retry_after ? result.retry_after->count() : 0);
        n->next_attempt_at = now + pause;
        store.update_notice(*n);
        break;
    }
    }
    a.retry_at = n->state == notice_state::pending ? n->next_attempt_at : std::nullopt;
    store.insert_attempt(a);
    return n->state;
}

outcome<notice_state> apply_receipt(unit_of_work& uow, std::string_view provider_id,
                                    std::string_view reference_key, receipt_status status,
                                    const std::string& detail, const retry_policy& policy, double jitter,
                                    millis now) {
    auto& store = uow.notices();
    std::optional<notice_record> n;
    if (!provider_id.empty()) {
        n = store.notice_by_provider_id(provider_id);
    }
    if (!n && !reference_key.empty()) {
        if (auto id = notice_id_of_key(reference_key)) {
            n = store.notice_by_id(*id);
            if (n && notice_key(n->reference, n->id, n->channel) != reference_key) {
                n.reset();
            }
        }
    }
    if (!n) {
        return no_notice();
    }
    std::string name = "in_progress";
    switch (status) {
    case receipt_status::delivered:
        name = "delivered";
        break;
    case receipt_status::permanent_failure:
        name = "permanent_failure";
        break;
    case receipt_status::temporary_failure:
        name = "temporary_failure";
        break;
    case receipt_status::in_progress:
        break;
    }
    store.insert_attempt(
        {0, n->id, now, n->channel, "receipt:" + name, std::string(provider_id), detail, std::nullopt});
    const bool open = n->state == notice_state::sent || n->state == notice_state::pending;
    if (!open) {
        return n->state; // a late or repeated receipt changes nothing
    }
    n->updated_at = now;
    if (!provider_id.empty()) {
        n->provider_id = std::string(provider_id);
    }
    switch (status) {
    case receipt_status::delivered:
        n->state = notice_state::delivered;
        n->next_attempt_at.reset();
        n->last_error.clear();
        store.update_notice(*n);
        skip_rest(store, *n, now);
        break;
    case receipt_status::permanent_failure:
        n->state = notice_state::failed;
        n->next_attempt_at.reset();
        n->last_error = detail;
        store.update_notice(*n);
        fall_back(store, *n, now);
        break;
    case receipt_status::temporary_failure:
        n->last_error = detail;
        retry_or_give_up(store, *n, std::nullopt, policy, jitter, now);
        break;
    case receipt_status::in_progress:
        break;
    }
    return n->state;
}

outcome<notice_record> retry_notice(unit_of_work& uow, const domain::actor& who, id_t notice_id, millis now) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers retry notices", "", {}};
    }
    auto& store = uow.notices();
    auto n = store.notice_by_id(notice_id);
    if (!n) {
        return no_notice();
    }
    if (n->state == notice_state::delivered || n->state == notice_state::sent) {
        return problem{errc::invalid_transition,
                       "the notice is " + std::string(to_string(n->state)) +
                           "; only a notice that is "
                           "pending, waiting, failed or "
                           "dead can be retried",
                       "",
                       {}};
    }
    n->state = notice_state::pending;
    n->attempts = 0;
    n->next_attempt_at = now;
    n->updated_at = now;
    store.update_notice(*n);
    store.insert_attempt({0, n->id, now, n->channel, "retry_requested", "", "by " + who.name, now});
    return *n;
}

outcome<notice_record> mark_letter_posted(unit_of_work& uow, const domain::actor& who, id_t notice_id,
                                          millis now) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers handle the print queue", "", {}};
    }
    auto& store = uow.notices();
    auto n = store.notice_by_id(notice_id);
    if (!n || n->channel != "letter") {
        return problem{errc::not_found, "no such letter", "", {}};
    }
    if (n->state != notice_state::sent) {
        return problem{errc::invalid_transition,
                       "the letter is " + std::string(to_string(n->state)) +
                           "; only a queued letter can be "
                           "marked as posted",
                       "",
                       {}};
    }
    n->state = notice_state::delivered;
    n->updated_at = now;
    store.update_notice(*n);
    store.insert_attempt({0, n->id, now, n->channel, "posted", "", "by " + who.name, std::nullopt});
    skip_rest(store, *n, now);
    return *n;
}

std::optional<problem> check_channel_names(std::string_view field, const std::vector<std::string>& names) {
    if (names.size() > max_channels) {
        return invalid(std::string(field), std::string(field) + " may name at most 8 channels");
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& n = names[i];
        if (n.empty() || n.size() > 32 ||
            n.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
            return invalid(std::string(field),
                           std::string(field) + " must be channel names such as email, sms, file or letter");
        }
        if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), n) !=
            names.begin() + static_cast<std::ptrdiff_t>(i)) {
            return invalid(std::string(field), std::string(field) + " names " + n + " twice");
        }
    }
    return std::nullopt;
}

outcome<contact> set_contact_preferences(unit_of_work& uow, id_t user_id,
                                         const std::optional<std::string>& handle,
                                         const std::vector<std::string>& channels) {
    if (auto p = check_channel_names("channels", channels)) {
        return *p;
    }
    auto& store = uow.notices();
    if (!store.contact_of(user_id)) {
        return invalid("user", "no user has id " + std::to_string(user_id));
    }
    store.set_contact(user_id, handle, channels);
    return *store.contact_of(user_id);
}

outcome<webhook_endpoint> add_webhook_endpoint(unit_of_work& uow, std::optional<id_t> contractor_id,
                                               const std::string& name, const std::string& url,
                                               const std::optional<std::string>& secret, millis now) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        return invalid("url", "url must start with https:// (or http:// for a receiver on this machine)");
    }
    if (contractor_id && !uow.accounts().contractor_by_id(*contractor_id)) {
        return invalid("contractor", "no contractor firm has id " + std::to_string(*contractor_id));
    }
    webhook_endpoint e;
    e.contractor_id = contractor_id;
    e.name = name.empty() ? url : name;
    e.url = url;
    if (secret) {
        if (secret->rfind("whsec_", 0) != 0 || secret->size() < 6 + 24) {
            return invalid("secret",
                           "secret must be whsec_ followed by the base64 of at least 18 random bytes");
        }
        e.secret = *secret;
    } else {
        std::string bytes;
        for (int i = 0; i < 4; ++i) {
            const std::uint64_t r = random_u64();
            for (int b = 0; b < 8; ++b) {
                bytes += static_cast<char>((r >> (8U * static_cast<unsigned>(b))) & 0xFFU);
            }
        }
        e.secret = "whsec_" + base64(bytes);
    }
    return uow.notices().insert_webhook_endpoint(std::move(e), now);
}

outcome<job_notices> notices_of_job(read_store& store, notice_reads& notices, const domain::actor& who,
                                    std::string_view reference) {
    if (who.role == role::contractor) {
        return problem{errc::forbidden, "contractors do not see the tenant's notices", "", {}};
    }
    auto job = get_job(store, who, reference);
    if (!job) {
        return job.error();
    }
    job_notices out;
    notice_filter filter;
    filter.job_id = job->id;
    filter.limit = 1000;
    for (auto& n : notices.notices(filter)) {
        // A tenant sees what was sent to them, not the fallbacks that were never needed.
        if (who.role == role::tenant && (n.user_id != who.user_id || n.state == notice_state::standby ||
                                         n.state == notice_state::skipped)) {
            continue;
        }
        out.items.push_back(std::move(n));
    }
    if (domain::is_staff(who.role)) {
        out.alerts = notices.alerts_of(job->id);
    }
    return out;
}

outcome<notice_page> list_notices(notice_reads& notices, const domain::actor& who,
                                  const notice_query& query) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers see the outbox", "", {}};
    }
    notice_filter filter;
    if (query.state) {
        filter.state = parse_notice_state(*query.state);
        if (!filter.state) {
            return invalid("state",
                           "state must be one of pending, sent, delivered, failed, dead, standby or skipped");
        }
    }
    if (query.channel) {
        filter.channel = *query.channel;
    }
    if (auto p = read_paging(query.limit, query.cursor, filter.limit, filter.after_id)) {
        return *p;
    }
    notice_page page;
    page.items = notices.notices(filter);
    page.next_cursor = cut_page(page.items, filter.limit, [](const auto& item) { return item.id; });
    return page;
}

outcome<std::pair<notice_record, std::vector<attempt_record>>>
notice_detail(notice_reads& notices, const domain::actor& who, id_t id) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers see the outbox", "", {}};
    }
    auto n = notices.notice(id);
    if (!n) {
        return no_notice();
    }
    return std::pair{std::move(*n), notices.attempts_of(id)};
}

} // namespace mend::app
