#include "app/complaints.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "app/notices/notices.hpp"
#include "app/paging.hpp"
#include "app/social.hpp"
#include "domain/calendar.hpp"
#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "domain/visibility.hpp"

#include <algorithm>

namespace mend::app {

namespace {

using domain::complaint_action;
using domain::role;

constexpr std::size_t max_complaint_text = 5000;
constexpr std::size_t max_reason = 1000;

bool is_staff(const domain::actor& who) {
    return who.role == role::officer || who.role == role::admin;
}

problem no_such_complaint() {
    return {errc::not_found, "no such complaint", "", {}};
}

std::string normalise_complaint_reference(std::string_view text) {
    std::string upper(domain::trim(text));
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    if (upper.size() < 2 || upper.compare(0, 2, "C-") != 0) {
        return {};
    }
    const auto rest = domain::normalise_reference(std::string_view(upper).substr(2));
    return rest.empty() ? std::string{} : "C-" + rest;
}

// Required text, trimmed, at most `max` characters; the problem names the field.
outcome<std::string> required_text(std::string_view field, const std::optional<std::string>& text,
                                   std::size_t max, std::string_view what) {
    std::string value(domain::trim(text.value_or("")));
    if (value.empty()) {
        return invalid(std::string(field), std::string(field) + " is required: " + std::string(what));
    }
    if (value.size() > max) {
        return invalid(std::string(field),
                       std::string(field) + " must be at most " + std::to_string(max) + " characters");
    }
    return value;
}

// The inbox's mention a complaint came in as, linked to its job here unless it already is.
outcome<mention_record> complaint_mention(unit_of_work& uow, const domain::actor& who,
                                          const std::string& text, const domain::job& job,
                                          domain::instant now) {
    const auto id = parse_whole(domain::trim(text));
    auto m = id ? uow.social().mention_by_id(*id) : std::nullopt;
    if (!m) {
        return invalid("mention", "mention must be the id of a mention in the social inbox");
    }
    if (m->state == mention_state::fresh) {
        m->state = mention_state::linked;
        m->job_id = job.id;
        m->job_reference = job.reference;
        m->handled_by = who.user_id;
        m->updated_at = now;
        uow.social().update_mention(*m);
    } else if (m->job_id != job.id) {
        return invalid("mention", "the mention is " + std::string(to_string(m->state)) +
                                      (m->job_reference.empty() ? "" : " to " + m->job_reference) +
                                      ", not to " + job.reference);
    }
    return std::move(*m);
}

outcome<domain::instant> received_time(const complaint_input& in, domain::instant now) {
    const std::string text(domain::trim(in.received_at.value_or("")));
    if (text.empty()) {
        return now;
    }
    auto at = domain::parse_iso(text);
    if (!at) {
        if (const auto day = domain::parse_date(text)) {
            at = domain::uk_start_of_day(*day);
        }
    }
    if (!at) {
        return invalid("received_at", "received_at must be a date like 2026-11-02 or a time like "
                                      "2026-11-02T09:00:00Z");
    }
    if (*at > now) {
        return invalid("received_at", "received_at cannot be in the future");
    }
    return *at;
}

domain::complaint_event event_of(const domain::actor& who, const domain::complaint& c, complaint_action a,
                                 domain::instant at, std::string note) {
    domain::complaint_event e;
    e.complaint_id = c.id;
    e.at = at;
    e.actor_id = who.user_id;
    e.actor_name = who.name;
    e.action = a;
    e.note = std::move(note);
    return e;
}

const domain::complaint_clock* running_clock(const std::vector<domain::complaint_clock>& clocks) {
    const domain::complaint_clock* next = nullptr;
    for (const auto& c : clocks) {
        if (c.open() && (next == nullptr || c.due() < next->due())) {
            next = &c;
        }
    }
    return next;
}

// The Ombudsman's details, which the Code wants in every response and extension letter.
constexpr std::string_view ombudsman =
    "the Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET; telephone 0300 111 3000; "
    "info@housing-ombudsman.org.uk; www.housing-ombudsman.org.uk";

template_vars letter_vars(const domain::complaint& c, const domain::complaint_clock* clock) {
    template_vars vars{{"reference", c.reference},
                       {"job_reference", c.job_reference},
                       {"stage", std::to_string(c.stage)},
                       {"received_date", domain::uk_date_words(c.received_at)},
                       {"summary", c.summary},
                       {"ombudsman", std::string(ombudsman)}};
    if (clock != nullptr) {
        // A due time at a UK midnight ends the day before it.
        vars.emplace_back("due_date", domain::uk_weekday_date_words(clock->due() - std::chrono::seconds{1}));
    }
    return vars;
}

void tell_tenant(unit_of_work& uow, const complaint_services& svc, const domain::complaint& c,
                 std::string_view event, const template_vars& vars, domain::instant now) {
    if (svc.notices != nullptr && c.complainant_id) {
        enqueue_complaint_notice(uow, c, event, audience::tenant, vars, *svc.notices, now);
    }
}

// The letter a step sends to the tenant, with what it owes next.
void send_letter(unit_of_work& uow, const complaint_services& svc, const domain::complaint& c,
                 complaint_action a, const complaint_step_input& in, const std::string& text,
                 domain::instant now) {
    const auto clocks = uow.complaints().clocks_of(c.id);
    const auto* next = running_clock(clocks);
    auto vars = letter_vars(c, next);
    switch (a) {
    case complaint_action::acknowledge:
        if (!text.empty()) {
            vars.emplace_back("note", text);
        }
        tell_tenant(uow, svc, c, "complaint_acknowledged", vars, now);
        break;
    case complaint_action::extend:
        vars.emplace_back("reason", text);
        vars.emplace_back("days", in.days.value_or(""));
        tell_tenant(uow, svc, c, "complaint_extended", vars, now);
        break;
    case complaint_action::respond:
        vars.emplace_back("response", text);
        tell_tenant(uow, svc, c,
                    c.state == domain::complaint_status::closed ? "complaint_final_response"
                                                                : "complaint_stage1_response",
                    vars, now);
        break;
    default:
        break;
    }
}

// The step's own input: its text (kept on the event) and, for extend, the days.
outcome<std::string> step_text(complaint_action a, const complaint_step_input& in, int& days) {
    switch (a) {
    case complaint_action::acknowledge:
        return std::string(domain::trim(in.note.value_or("")));
    case complaint_action::extend: {
        const auto n = parse_whole(domain::trim(in.days.value_or("")));
        if (!n || *n < 1 || *n > 60) {
            return invalid("days", "days is required: the working days the response needs beyond the "
                                   "Code's time, a whole number");
        }
        days = static_cast<int>(*n);
        return required_text("reason", in.reason, max_reason,
                             "why the response needs more time; the tenant is told it");
    }
    case complaint_action::respond:
        return required_text("response", in.response, max_complaint_text,
                             "the landlord's answer to the complaint, as the tenant will read it");
    case complaint_action::escalate:
        return required_text("reason", in.reason, max_reason,
                             "why the tenant is not satisfied with the stage 1 answer");
    case complaint_action::close:
        return required_text("reason", in.reason, max_reason,
                             "why the complaint is closed without a response (for example withdrawn)");
    case complaint_action::link_job:
        return std::string(domain::normalise_reference(in.job.value_or("")));
    case complaint_action::raise:
        break;
    }
    return invalid("action",
                   "action must be one of acknowledge, extend, respond, escalate, link_job or close");
}

} // namespace

std::string complaint_clock_words(const domain::complaint_clock& c) {
    return "stage " + std::to_string(c.stage) +
           (c.step == domain::complaint_step::acknowledge ? " acknowledgement" : " response");
}

namespace {

// Who complains, how and when it was received: a tenant themselves, online, now; staff for the job's tenant
// by the channel and time they give, or those of the social post it came in as.
std::optional<problem> take_complainant(const domain::actor& who, const complaint_input& in,
                                        const domain::job& job, const std::optional<mention_record>& post,
                                        domain::instant now, domain::complaint& c) {
    c.received_at = now;
    if (who.role == role::tenant) {
        c.complainant_id = who.user_id;
        c.via = domain::complaint_channel::web;
        return std::nullopt;
    }
    c.complainant_id = job.tenant_id;
    const auto via = domain::parse<domain::complaint_channel>(domain::trim(in.via.value_or("phone")));
    if (!via) {
        return invalid("via", "via must be one of " + domain::one_of<domain::complaint_channel>());
    }
    c.via = *via;
    auto received = received_time(in, now);
    if (!received) {
        return received.error();
    }
    c.received_at = *received;
    if (post) {
        c.via = domain::complaint_channel::social;
        c.received_at = post->received_at;
    }
    return std::nullopt;
}

// The complaint in the tenant's words (the post's, when it came in as one and staff gave none) and what they
// want.
std::optional<problem> take_words(const complaint_input& in, const std::optional<mention_record>& post,
                                  domain::complaint& c) {
    auto summary = required_text(
        "summary", post && domain::trim(in.summary.value_or("")).empty() ? post->post.text : in.summary,
        max_complaint_text, "what the complaint is about");
    if (!summary) {
        return summary.error();
    }
    c.summary = std::move(*summary);
    c.outcome_wanted = std::string(domain::trim(in.outcome_wanted.value_or("")));
    if (c.outcome_wanted.size() > max_complaint_text) {
        return invalid("outcome_wanted", "outcome_wanted must be at most " +
                                             std::to_string(max_complaint_text) + " characters");
    }
    return std::nullopt;
}

// The complaint named, when the caller may act on it: staff, or its complainant.
std::optional<domain::complaint> complaint_for(complaint_store& store, const domain::actor& who,
                                               std::string_view reference) {
    auto c = store.complaint_by_reference(normalise_complaint_reference(reference));
    const bool own = c && c->complainant_id && who.role == role::tenant && *c->complainant_id == who.user_id;
    if (!c || (!is_staff(who) && !own)) {
        return std::nullopt;
    }
    return c;
}

problem refusal_of(const domain::complaint_plan& plan, domain::complaint_status state) {
    if (!plan.refusal_field.empty()) {
        return invalid(plan.refusal_field, *plan.refusal);
    }
    std::vector<std::string> allowed;
    for (const auto next : domain::complaint_actions(state)) {
        allowed.emplace_back(domain::to_string(next));
    }
    return problem{errc::invalid_transition, *plan.refusal, "action", std::move(allowed)};
}

// link_job's own work: the job must exist and not be linked already.
std::optional<problem> link_step(unit_of_work& uow, const domain::complaint& c, const std::string& reference,
                                 const domain::actor& who, domain::instant now, domain::event_data& data) {
    auto job = uow.jobs().job_by_reference(reference);
    if (reference.empty() || !job) {
        return invalid("job", "job is required: the reference of a repair to link");
    }
    if (!uow.complaints().link_job(c.id, job->id, who.user_id, now)) {
        return problem{errc::conflict, "the job " + job->reference + " is linked already", "job", {}};
    }
    data.emplace_back("job", job->reference);
    return std::nullopt;
}

} // namespace

outcome<domain::complaint> raise_complaint(unit_of_work& uow, const complaint_services& svc,
                                           const domain::actor& who, const complaint_input& in,
                                           domain::instant now) {
    if (!is_staff(who) && who.role != role::tenant) {
        return problem{errc::forbidden, "only tenants and housing staff may raise a complaint", "", {}};
    }
    const auto ref = domain::normalise_reference(in.job.value_or(""));
    if (ref.empty()) {
        return invalid("job", "job is required: the reference of the repair the complaint is about");
    }
    auto job = uow.jobs().job_by_reference(ref);
    const bool holds =
        job && who.role == role::tenant && uow.accounts().holds_home(who.user_id, job->property_id);
    if (!job || !domain::can_see(who, *job, holds)) {
        return invalid("job", "no repair " + ref + " that you can see");
    }
    std::optional<mention_record> post;
    if (in.mention && !in.mention->empty()) {
        if (!is_staff(who)) {
            return problem{
                errc::forbidden, "only staff raise a complaint from a social mention", "mention", {}};
        }
        auto m = complaint_mention(uow, who, *in.mention, *job, now);
        if (!m) {
            return m.error();
        }
        post = std::move(*m);
    }
    domain::complaint c;
    if (auto p = take_words(in, post, c)) {
        return *p;
    }
    c.job_id = job->id;
    c.job_reference = job->reference;
    c.raised_by = who.user_id;
    c.created_at = now;
    c.updated_at = now;
    if (auto p = take_complainant(who, in, *job, post, now, c)) {
        return *p;
    }
    auto& store = uow.complaints();
    const auto plan = domain::plan_complaint(svc.settings.calendar, svc.periods, c, {},
                                             complaint_action::raise, c.received_at);
    c.state = plan.next;
    c = store.insert_complaint(c);
    for (auto clock : plan.changed) {
        clock.complaint_id = c.id;
        store.save_clock(clock);
    }
    store.link_job(c.id, job->id, who.user_id, now);
    auto e = event_of(who, c, complaint_action::raise, now, c.summary);
    e.data = {{"via", std::string(domain::to_string(c.via))},
              {"received_at", domain::format_iso(c.received_at)}};
    store.append_event(e);
    return c;
}

outcome<domain::complaint> act_on_complaint(unit_of_work& uow, const complaint_services& svc,
                                            const domain::actor& who, std::string_view reference,
                                            const complaint_step_input& in, domain::instant now) {
    auto& store = uow.complaints();
    auto c = complaint_for(store, who, reference);
    if (!c) {
        return no_such_complaint();
    }
    const auto a = domain::parse<complaint_action>(domain::trim(in.action.value_or("")));
    if (!a || *a == complaint_action::raise) {
        return invalid("action",
                       "action must be one of acknowledge, extend, respond, escalate, link_job or close");
    }
    if (!is_staff(who) && *a != complaint_action::escalate) {
        return problem{
            errc::forbidden, "a tenant may only escalate their complaint to stage 2", "action", {}};
    }
    int days = 0;
    auto text = step_text(*a, in, days);
    if (!text) {
        return text.error();
    }
    const auto plan =
        domain::plan_complaint(svc.settings.calendar, svc.periods, *c, store.clocks_of(c->id), *a, now, days);
    if (plan.refusal) {
        return refusal_of(plan, c->state);
    }
    domain::event_data data;
    if (*a == complaint_action::link_job) {
        if (auto p = link_step(uow, *c, *text, who, now, data)) {
            return *p;
        }
    }
    const bool extend = *a == complaint_action::extend;
    if (extend) {
        data.emplace_back("days", std::to_string(days));
    }
    for (auto clock : plan.changed) {
        if (extend) {
            clock.extension_reason = *text;
        }
        store.save_clock(clock);
    }
    c->state = plan.next;
    if (c->state == domain::complaint_status::stage2_received) {
        c->stage = 2;
    }
    c->updated_at = now;
    if (c->state == domain::complaint_status::closed && !c->closed_at) {
        c->closed_at = now;
    }
    store.update_complaint(*c);
    auto e = event_of(who, *c, *a, now, *a == complaint_action::link_job ? std::string{} : *text);
    e.data = std::move(data);
    store.append_event(e);
    send_letter(uow, svc, *c, *a, in, *text, now);
    return *c;
}

int escalate_complaint_clocks(unit_of_work& uow, const complaint_services& svc, domain::instant now,
                              int limit) {
    auto& store = uow.complaints();
    int escalated = 0;
    for (auto& [c, clock] : store.clocks_to_escalate(now, svc.settings.at_risk_share, limit)) {
        const auto state = domain::state_of(clock, now, svc.settings.at_risk_share);
        const int level = state == domain::clock_state::breached  ? 2
                          : state == domain::clock_state::at_risk ? 1
                                                                  : 0;
        if (level <= clock.escalated) {
            continue;
        }
        clock.escalated = level;
        store.save_clock(clock);
        if (svc.notices != nullptr) {
            auto vars = letter_vars(c, &clock);
            vars.emplace_back("clock", complaint_clock_words(clock));
            enqueue_complaint_notice(uow, c, level >= 2 ? "complaint_breached" : "complaint_at_risk",
                                     audience::officer, vars, *svc.notices, now);
        }
        ++escalated;
    }
    return escalated;
}

outcome<complaint_detail> complaint_of(complaint_reads& reads, const domain::actor& who,
                                       std::string_view reference) {
    auto detail = reads.complaint(normalise_complaint_reference(reference));
    if (!detail) {
        return no_such_complaint();
    }
    const auto& c = detail->complaint;
    const bool own = c.complainant_id && who.role == role::tenant && *c.complainant_id == who.user_id;
    if (!is_staff(who) && !own) {
        return no_such_complaint();
    }
    return std::move(*detail);
}

outcome<complaint_page> list_complaints(complaint_reads& reads, const domain::actor& who,
                                        const complaint_query& query) {
    complaint_filter filter;
    if (!is_staff(who)) {
        if (who.role != role::tenant) {
            return problem{errc::forbidden, "only tenants and housing staff have complaints", "", {}};
        }
        filter.complainant_id = who.user_id;
    }
    const std::string status(domain::trim(query.status.value_or("open")));
    if (status != "open" && status != "closed") {
        return invalid("status", "status must be open or closed");
    }
    filter.open = status == "open";
    if (query.job && !query.job->empty()) {
        filter.job = domain::normalise_reference(*query.job);
        if (filter.job->empty()) {
            return invalid("job", "job must be a repair reference like K7QD-9XPT");
        }
    }
    if (auto p = read_paging(query.limit, query.cursor, filter.limit, filter.after_id)) {
        return *p;
    }
    complaint_page page;
    page.items = reads.complaints(filter);
    page.next_cursor =
        cut_page(page.items, filter.limit, [](const complaint_row& r) { return r.complaint.id; });
    return page;
}

outcome<domain::complaint_figures> complaint_figures(complaint_reads& reads, const domain::actor& who,
                                                     const period& p) {
    if (!is_staff(who)) {
        return problem{errc::forbidden, "only housing staff may read reports", "", {}};
    }
    return domain::complaint_figures_of(reads.clocks_between(p.from, p.to), reads.homes(), p.from, p.to);
}

} // namespace mend::app
