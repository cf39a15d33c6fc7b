#include "app/social.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "app/accounts/web.hpp"
#include "app/followers.hpp"
#include "app/jobs.hpp"
#include "app/notices/public_text.hpp"
#include "app/open311.hpp"
#include "app/paging.hpp"
#include "app/social_intake.hpp"
#include "app/social_safety.hpp"
#include "domain/mention.hpp"
#include "domain/privacy.hpp"
#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace mend::app {

namespace {

using domain::role;

constexpr int reference_tries = 16;
constexpr std::size_t max_reason = 500;

std::string handle_of(const mention_record& m) {
    return "@" + m.post.author;
}

std::string new_intake_reference(social_store& store) {
    for (int i = 0; i < reference_tries; ++i) {
        std::string ref = "S-" + domain::make_reference(random_u64());
        if (!store.intake_reference_taken(ref)) {
            return ref;
        }
    }
    throw std::runtime_error("could not find a free intake reference");
}

// What a reply's template may use: only public variables have values (public_variables); the job's free
// text and the tenant's details are there by name only, so that a template naming them is refused, and the
// privacy check still looks at whatever an override wrote itself.
template_vars vars_of(unit_of_work& uow, const mention_record& m, const domain::job* job,
                      const social_policy& policy) {
    template_vars v{
        {"handle", handle_of(m)},
        {"intake_reference", m.reference},
        {"reference", job != nullptr ? job->reference : m.reference},
    };
    if (job == nullptr) {
        return v;
    }
    v.emplace_back("status", domain::wire_words(domain::to_string(job->state)));
    v.emplace_back("category", domain::wire_words(domain::to_string(job->category)));
    v.emplace_back("answer_url", tracking_url(uow, job->id, policy.public_url));
    if (job->duplicate_of) {
        v.emplace_back("duplicate_of", *job->duplicate_of);
    }
    for (const char* withheld :
         {"description", "location", "name", "address", "postcode", "phone", "email"}) {
        v.emplace_back(withheld, "");
    }
    return public_variables(v);
}

domain::personal_facts facts_of(unit_of_work& uow, const domain::job* job) {
    domain::personal_facts f;
    if (job == nullptr) {
        return f;
    }
    if (auto home = uow.accounts().property_by_uprn(job->uprn)) {
        f.address = home->address;
        f.postcode = home->postcode;
    }
    if (job->tenant_id) {
        if (auto tenant = uow.accounts().user_by_id(*job->tenant_id)) {
            f.name = tenant->name;
            f.email = tenant->email.value_or("");
            f.phone = tenant->phone.value_or("");
        }
    }
    return f;
}

// A reply in `m`'s thread about `reference`, its text fitted to its network's channel, due now.
reply_record reply_in_thread(const mention_record& m, std::string_view event, const std::string& reference,
                             const std::string& body, const social_network& network, domain::instant now) {
    reply_record r;
    r.mention_id = m.id;
    r.network = m.network;
    r.event = std::string(event);
    r.reference = reference;
    r.in_reply_to = m.post.status_id;
    r.address = handle_of(m);
    r.body = network.posting != nullptr ? fit_text(body, reference, network.posting->limits()) : body;
    r.created_at = now;
    r.updated_at = now;
    r.next_attempt_at = now;
    return r;
}

// Renders, fits and checks one reply in `m`'s thread, and queues it; a reply that would give away personal
// details is kept as failed with the reason, and never sent.
void write_reply(unit_of_work& uow, const mention_record& m, std::string_view event, const domain::job* job,
                 const social_policy& policy, domain::instant now) {
    const auto* network = policy.network_of(m.network);
    if (policy.renderer == nullptr || network == nullptr) {
        return; // an item from elsewhere (Open311) has no thread to answer in
    }
    const auto text = policy.renderer->render(event, network->name, vars_of(uow, m, job, policy));
    if (!text) {
        return; // no template for this event: nothing is said in public about it
    }
    auto r =
        reply_in_thread(m, event, job != nullptr ? job->reference : m.reference, text->body, *network, now);
    if (job != nullptr) {
        r.job_id = job->id;
    }
    if (const auto refusal = public_text_problem(r.body, facts_of(uow, job), r.address)) {
        r.state = reply_state::failed;
        r.next_attempt_at.reset();
        r.last_error = *refusal + "; the reply was not posted";
        if (job != nullptr) {
            uow.notices().raise_alert(
                {job->id, "privacy_block", "a public reply (" + r.event + ") was refused: " + *refusal, now});
        }
    }
    uow.social().insert_reply(std::move(r));
}

// Notices on a network's channel that the outbox planned for this change (a tenant who chose it) pass the
// same check before anyone can send them.
void guard_notices(unit_of_work& uow, const change& c, const social_network& network, domain::instant now) {
    auto& social = uow.social();
    const auto ids = social.untried_notices(c.after.id, c.recorded.id, network.name);
    if (ids.empty()) {
        return;
    }
    auto& notices = uow.notices();
    const auto facts = facts_of(uow, &c.after);
    for (const id_t id : ids) {
        auto n = notices.notice_by_id(id);
        if (!n) {
            continue;
        }
        const auto refusal = public_text_problem(n->subject + "\n" + n->body, facts, n->address);
        if (!refusal) {
            continue;
        }
        const std::string why = *refusal + "; the notice was not posted";
        if (n->state == notice_state::pending) {
            attempt_result refused{attempt_outcome::permanent_failure, std::nullopt, "", why, false};
            record_attempt(uow, id, refused, retry_policy{}, 0.0, now);
        } else {
            n->state = notice_state::failed;
            n->last_error = why;
            n->updated_at = now;
            notices.update_notice(*n);
            notices.insert_attempt({0, id, now, n->channel, "permanent_failure", "", why, std::nullopt});
        }
        notices.raise_alert({c.after.id, "privacy_block",
                             "a public notice (" + n->event + ") was refused: " + *refusal, now});
    }
}

problem no_mention() {
    return {errc::not_found, "no such mention", "", {}};
}

std::optional<problem> check_officer(const domain::actor& who) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers work the social inbox", "", {}};
    }
    return std::nullopt;
}

// Inbox actions apply to items nobody has handled yet.
outcome<mention_record> open_mention(unit_of_work& uow, id_t id) {
    auto m = uow.social().mention_by_id(id);
    if (!m) {
        return no_mention();
    }
    if (m->state != mention_state::fresh) {
        return problem{errc::invalid_transition,
                       "the mention is already " + std::string(to_string(m->state)) +
                           "; only a new one can be linked, converted or dismissed",
                       "",
                       {}};
    }
    return *m;
}

// Answers a new intake item with its reference and the link to its private page. The reply keeps a
// placeholder where the token goes: the token is made when the reply is posted (social_intake.hpp).
void write_intake_reply(social_store& store, const mention_record& m, const social_policy& policy,
                        domain::instant now) {
    const auto* network = policy.network_of(m.network);
    if (policy.renderer == nullptr || network == nullptr) {
        return;
    }
    const auto text = policy.renderer->render(
        "social_intake", network->name,
        {{"handle", handle_of(m)},
         {"reference", m.reference},
         {"intake_reference", m.reference},
         {"intake_url", policy.intake_base_url + "/social/" + std::string(intake_token_placeholder)}});
    if (!text) {
        return;
    }
    store.insert_reply(reply_in_thread(m, "social_intake", m.reference, text->body, *network, now));
}

constexpr std::size_t max_own_words = 2000;

// `m`'s thread's reply carrying an officer's `text`, checked: the handle first, no longer than the network
// allows, nothing personal.
outcome<reply_record> own_reply(unit_of_work& uow, const mention_record& m, const domain::job* job,
                                const std::string& text, const social_policy& policy, domain::instant now) {
    const auto* network = policy.network_of(m.network);
    if (network == nullptr) {
        return problem{errc::invalid_transition,
                       "this item came in through " + m.network + ": there is no thread to answer in",
                       "",
                       {}};
    }
    const std::string handle = handle_of(m);
    std::string body(domain::trim(text));
    if (body.rfind(handle, 0) != 0) {
        body = handle + " " + body;
    }
    if (network->posting != nullptr) {
        const auto limit = network->posting->limits().max_length;
        if (const auto length = domain::code_points(body); limit != 0 && length > limit) {
            return invalid("text", "the reply is " + std::to_string(length) +
                                       " characters with the handle; the network allows " +
                                       std::to_string(limit));
        }
    }
    if (const auto refusal = public_text_problem(body, facts_of(uow, job), handle)) {
        return invalid("text", *refusal);
    }
    const std::string reference = job != nullptr ? job->reference : m.reference;
    reply_record r;
    r.mention_id = m.id;
    r.network = m.network;
    r.event = "officer_reply";
    r.reference = reference;
    r.in_reply_to = m.post.status_id;
    r.address = handle;
    r.body = std::move(body);
    r.created_at = now;
    r.updated_at = now;
    r.next_attempt_at = now;
    if (job != nullptr) {
        r.job_id = job->id;
    }
    return r;
}

std::optional<problem> check_words(const own_words& words) {
    if (domain::is_blank(words.text)) {
        return invalid("text", "text is required: the words to post");
    }
    if (words.text.size() > max_own_words) {
        return invalid("text", "text must be at most 2000 bytes");
    }
    return std::nullopt;
}

// Checks the words for each thread, and queues them unless it is a dry run: all or none.
outcome<std::vector<reply_record>> say_in_threads(unit_of_work& uow,
                                                  const std::vector<mention_record>& threads,
                                                  const domain::job* job, const own_words& words,
                                                  const social_policy& policy, domain::instant now) {
    std::vector<reply_record> out;
    out.reserve(threads.size());
    for (const auto& m : threads) {
        auto r = own_reply(uow, m, job, words.text, policy, now);
        if (!r) {
            return r.error();
        }
        out.push_back(std::move(*r));
    }
    if (!words.dry_run) {
        for (auto& r : out) {
            r = uow.social().insert_reply(std::move(r));
        }
    }
    return out;
}

std::optional<domain::job> job_of(unit_of_work& uow, const mention_record& m) {
    return m.job_id ? uow.jobs().job_by_reference(m.job_reference) : std::nullopt;
}

// The item a post is about when it is not a new one: the thread it replies in, else the intake reference it
// names ("S-K7QD-9XPT").
std::optional<mention_record> item_answered(social_store& store, const std::string& network,
                                            const mention& post) {
    if (!post.in_reply_to.empty()) {
        if (auto m = store.mention_in_thread(network, post.in_reply_to)) {
            return m;
        }
    }
    const std::string& text = post.text;
    for (std::size_t at = text.find('-'); at != std::string::npos; at = text.find('-', at + 1)) {
        const bool intake = at > 0 && (text[at - 1] == 'S' || text[at - 1] == 's') &&
                            (at == 1 || std::isalnum(static_cast<unsigned char>(text[at - 2])) == 0);
        if (!intake) {
            continue;
        }
        for (const auto& ref : domain::references_in(text.substr(at + 1, 10))) {
            if (auto m = store.mention_by_reference("S-" + ref)) {
                return m;
            }
        }
    }
    return std::nullopt;
}

// Keeps the post as the resident's update on `item` (and its job); false when it was delivered before.
bool attach_update(social_store& store, const mention_record& item, const mention& post,
                   domain::instant now) {
    social_update u;
    u.network = item.network;
    u.status_id = post.status_id;
    u.mention_id = item.id;
    u.job_id = item.job_id;
    u.author = post.author;
    u.status_url = post.status_url;
    u.text = post.text;
    u.posted_at = post.posted_at;
    u.received_at = now;
    return store.insert_update(u);
}

// A post about nothing we know yet: linked to the job it names, else a new intake item; answered in its
// thread. False when it was delivered before.
bool take_new_mention(unit_of_work& uow, const std::string& network, const mention& post,
                      const social_policy& policy, domain::instant now) {
    auto& store = uow.social();
    mention_record m;
    m.network = network;
    m.post = post;
    m.received_at = now;
    m.updated_at = now;
    m.reference = new_intake_reference(store);
    m.flags = domain::flags_in(post.text, policy.flags);
    std::optional<domain::job> job;
    for (const auto& ref : domain::references_in(post.text)) {
        if ((job = uow.jobs().job_by_reference(ref))) {
            break;
        }
    }
    if (job) {
        m.state = mention_state::linked;
        m.job_id = job->id;
        m.job_reference = job->reference;
    }
    auto saved = store.insert_mention(std::move(m));
    if (!saved) {
        return false;
    }
    if (job) {
        add_thread_follower(uow.followers(), job->id, saved->id, std::nullopt, now);
        write_reply(uow, *saved, "social_status", &*job, policy, now);
    } else {
        write_intake_reply(store, *saved, policy, now);
    }
    return true;
}

} // namespace

const social_network* social_policy::network_of(std::string_view name) const {
    const auto found = std::find_if(networks.begin(), networks.end(),
                                    [name](const social_network& n) { return n.name == name; });
    return found == networks.end() ? nullptr : &*found;
}

int take_mentions(unit_of_work& uow, const std::string& network, const std::vector<mention>& page,
                  const std::string& next_cursor, const social_policy& policy, domain::instant now) {
    auto& store = uow.social();
    int taken = 0;
    for (const auto& post : page) {
        if (const auto item = item_answered(store, network, post)) {
            taken += attach_update(store, *item, post, now) ? 1 : 0;
        } else {
            taken += take_new_mention(uow, network, post, policy, now) ? 1 : 0;
        }
    }
    if (!next_cursor.empty()) {
        store.set_social_cursor(network, next_cursor, now);
    }
    return taken;
}

mention_record add_intake_item(unit_of_work& uow, const std::string& network, const mention& post,
                               domain::instant now) {
    auto& store = uow.social();
    mention_record m;
    m.network = network;
    m.post = post;
    m.received_at = now;
    m.updated_at = now;
    m.reference = new_intake_reference(store);
    auto saved = store.insert_mention(std::move(m));
    if (!saved) {
        throw std::logic_error("an intake item's post id was not new");
    }
    return *saved;
}

void follow_up_threads(unit_of_work& uow, const change& c, const social_policy& policy, domain::instant now) {
    if (const auto event = public_event(c)) {
        for (const auto& m : uow.social().mentions_of_job(c.after.id)) {
            write_reply(uow, m, *event, &c.after, policy, now);
        }
    }
    for (const auto& network : policy.networks) {
        guard_notices(uow, c, network, now);
    }
}

outcome<mention_record> link_mention(unit_of_work& uow, const domain::actor& who, id_t mention_id,
                                     std::string_view reference, const social_policy& policy,
                                     domain::instant now) {
    if (auto p = check_officer(who)) {
        return *p;
    }
    auto m = open_mention(uow, mention_id);
    if (!m) {
        return m;
    }
    const auto job = uow.jobs().job_by_reference(domain::normalise_reference(reference));
    if (!job) {
        return invalid("reference", "no repair request has the reference \"" + std::string(reference) + "\"");
    }
    m->state = mention_state::linked;
    m->job_id = job->id;
    m->job_reference = job->reference;
    m->handled_by = who.user_id;
    m->updated_at = now;
    uow.social().update_mention(*m);
    add_thread_follower(uow.followers(), job->id, m->id, who.user_id, now); // its thread hears each step
    write_reply(uow, *m, "social_status", &*job, policy, now);
    return m;
}

outcome<mention_record> convert_mention(unit_of_work& uow, const domain::actor& who, id_t mention_id,
                                        const convert_command& cmd, const social_policy& policy,
                                        domain::instant now) {
    if (auto p = check_cleared(uow, who)) {
        return *p;
    }
    auto m = open_mention(uow, mention_id);
    if (!m) {
        return m;
    }
    report_command report;
    report.uprn = cmd.uprn;
    report.category = cmd.category;
    report.description =
        cmd.description.value_or(std::string(domain::cut_utf8(m->post.text, max_description)));
    report.location = cmd.location;
    report.priority = cmd.priority;
    report.hazard = cmd.hazard;
    report.tenant_id = cmd.tenant_id;
    report.source = "social";
    // The job is raised by the system user, as every social intake is; the officer is kept on the mention.
    const domain::actor intake{0, role::system, "social intake", std::nullopt};
    auto reported = record_report(uow, intake, report, now);
    if (!reported) {
        return reported.error();
    }
    const domain::job& job = reported->job;
    m->state = mention_state::converted;
    m->job_id = job.id;
    m->job_reference = job.reference;
    m->handled_by = who.user_id;
    m->updated_at = now;
    uow.social().update_mention(*m);
    uow.open311().link_converted(m->id, job.id); // an Open311 report's progress goes back to its client
    write_reply(uow, *m, "social_converted", &job, policy, now);
    return m;
}

outcome<mention_record> dismiss_mention(unit_of_work& uow, const domain::actor& who, id_t mention_id,
                                        const std::string& reason, domain::instant now) {
    if (auto p = check_cleared(uow, who)) {
        return *p;
    }
    if (domain::is_blank(reason)) {
        return invalid("reason", "reason is required: say why the mention needs no job");
    }
    if (reason.size() > max_reason) {
        return invalid("reason", "reason must be at most 500 characters");
    }
    auto m = open_mention(uow, mention_id);
    if (!m) {
        return m;
    }
    m->state = mention_state::dismissed;
    m->dismiss_reason = reason;
    m->handled_by = who.user_id;
    m->updated_at = now;
    uow.social().update_mention(*m);
    return m;
}

outcome<std::vector<reply_record>> reply_to_mention(unit_of_work& uow, const domain::actor& who,
                                                    id_t mention_id, const own_words& words,
                                                    const social_policy& policy, domain::instant now) {
    if (auto p = check_cleared(uow, who)) {
        return *p;
    }
    if (auto p = check_words(words)) {
        return *p;
    }
    const auto m = uow.social().mention_by_id(mention_id);
    if (!m) {
        return no_mention();
    }
    const auto job = job_of(uow, *m);
    return say_in_threads(uow, {*m}, job ? &*job : nullptr, words, policy, now);
}

outcome<std::vector<reply_record>> reply_about_job(unit_of_work& uow, const domain::actor& who,
                                                   std::string_view reference, const own_words& words,
                                                   const social_policy& policy, domain::instant now) {
    if (auto p = check_cleared(uow, who)) {
        return *p;
    }
    const auto job = uow.jobs().job_by_reference(domain::normalise_reference(reference));
    if (!job) {
        return problem{errc::not_found, "no such repair request", "", {}};
    }
    if (auto p = check_words(words)) {
        return *p;
    }
    const auto threads = uow.social().mentions_of_job(job->id);
    if (threads.empty()) {
        return problem{errc::invalid_transition,
                       "no social thread talks about repair " + job->reference +
                           ": there is nowhere to reply",
                       "",
                       {}};
    }
    return say_in_threads(uow, threads, &*job, words, policy, now);
}

outcome<reply_record> rewrite_reply(unit_of_work& uow, const domain::actor& who, id_t reply_id,
                                    const own_words& words, const social_policy& policy,
                                    domain::instant now) {
    if (auto p = check_cleared(uow, who)) {
        return *p;
    }
    if (auto p = check_words(words)) {
        return *p;
    }
    auto r = uow.social().reply_by_id(reply_id);
    const auto m = r ? uow.social().mention_by_id(r->mention_id) : std::nullopt;
    if (!r || !m) {
        return problem{errc::not_found, "no such reply", "", {}};
    }
    if (r->state != reply_state::failed || r->attempts > 0) {
        return problem{errc::invalid_transition,
                       "only a reply refused before it was posted can be rewritten; this one is " +
                           std::string(to_string(r->state)),
                       "",
                       {}};
    }
    const auto job = r->job_id ? uow.jobs().job_by_reference(r->reference) : std::nullopt;
    auto checked = own_reply(uow, *m, job ? &*job : nullptr, words.text, policy, now);
    if (!checked) {
        return checked.error();
    }
    if (words.dry_run) {
        checked->id = r->id;
        checked->event = r->event;
        return checked;
    }
    r->body = checked->body;
    r->state = reply_state::pending;
    r->last_error.clear();
    r->next_attempt_at = now;
    r->updated_at = now;
    uow.social().update_reply(*r);
    return *r;
}

reply_state record_reply_attempt(unit_of_work& uow, id_t reply_id, const attempt_result& result,
                                 const retry_policy& policy, double jitter, domain::instant now) {
    auto& store = uow.social();
    auto r = store.reply_by_id(reply_id);
    if (!r) {
        throw std::logic_error("no social reply has id " + std::to_string(reply_id));
    }
    if (r->state != reply_state::pending) {
        return r->state;
    }
    r->updated_at = now;
    r->last_error = result.error;
    if (!result.provider_id.empty()) {
        r->provider_id = result.provider_id;
    }
    // The network's outages and our credentials are not the reply's fault: they do not count.
    if (!is_channel_trouble(result.outcome)) {
        ++r->attempts;
    }
    switch (result.outcome) {
    case attempt_outcome::delivered:
    case attempt_outcome::accepted:
        r->state = reply_state::sent;
        r->next_attempt_at.reset();
        break;
    case attempt_outcome::permanent_failure:
        r->state = reply_state::failed;
        r->next_attempt_at.reset();
        break;
    case attempt_outcome::retry_later:
    case attempt_outcome::configuration_failure:
    case attempt_outcome::unavailable:
        r->next_attempt_at = next_try(result, r->attempts, reply_deadline(*r, policy), policy, jitter, now);
        if (!r->next_attempt_at) {
            r->state = reply_state::dead;
        }
        break;
    }
    store.update_reply(*r);
    return r->state;
}

domain::instant reply_deadline(const reply_record& r, const retry_policy& policy) {
    return r.retried_at.value_or(r.created_at) + policy.horizon_of(r.network);
}

outcome<reply_record> retry_reply(unit_of_work& uow, const domain::actor& who, id_t reply_id,
                                  domain::instant now) {
    if (auto p = check_officer(who)) {
        return *p;
    }
    auto r = uow.social().reply_by_id(reply_id);
    if (!r) {
        return problem{errc::not_found, "no such reply", "", {}};
    }
    if (r->state != reply_state::dead) {
        return problem{errc::invalid_transition,
                       "only a reply that was given up can be tried again; this one is " +
                           std::string(to_string(r->state)),
                       "",
                       {}};
    }
    if (r->retried_at) {
        return problem{errc::invalid_transition, "this reply was already tried again once", "", {}};
    }
    r->state = reply_state::pending;
    r->next_attempt_at = now;
    r->retried_by = who.user_id;
    r->retried_at = now;
    r->updated_at = now;
    uow.social().update_reply(*r);
    return *r;
}

std::size_t give_up_replies_past_horizon(unit_of_work& uow, const std::string& network,
                                         const retry_policy& policy, domain::instant now, std::size_t limit) {
    auto& store = uow.social();
    const auto horizon = policy.horizon_of(network);
    std::size_t given_up = 0;
    for (const id_t id : store.pending_replies_made_before(network, now - horizon, limit)) {
        auto r = store.reply_by_id(id);
        if (!r || r->state != reply_state::pending || now < reply_deadline(*r, policy)) {
            continue;
        }
        const std::string why = "not posted within the retry horizon";
        r->last_error = r->last_error.empty() ? why : why + "; last: " + r->last_error;
        r->state = reply_state::dead;
        r->next_attempt_at.reset();
        r->updated_at = now;
        store.update_reply(*r);
        ++given_up;
    }
    return given_up;
}

std::string reply_key(const reply_record& r) {
    return r.reference + ".s" + std::to_string(r.id) + "." + r.network;
}

outcome<mention_page> list_mentions(social_reads& reads, const domain::actor& who, const mention_query& q) {
    if (auto p = check_officer(who)) {
        return *p;
    }
    mention_filter filter;
    if (q.state) {
        filter.state = parse_mention_state(*q.state);
        if (!filter.state) {
            return invalid("state", "state must be one of new, linked, converted or dismissed");
        }
    }
    if (q.flagged) {
        if (*q.flagged != "true" && *q.flagged != "false") {
            return invalid("flagged", "flagged must be true or false");
        }
        filter.flagged = *q.flagged == "true";
    }
    if (auto p = read_paging(q.limit, q.cursor, filter.limit, filter.after_id)) {
        return *p;
    }
    mention_page page;
    page.items = reads.mentions(filter);
    page.next_cursor = cut_page(page.items, filter.limit, [](const auto& item) { return item.id; });
    return page;
}

outcome<mention_view> mention_detail(social_reads& reads, const domain::actor& who, id_t id) {
    if (auto p = check_officer(who)) {
        return *p;
    }
    auto m = reads.mention(id);
    if (!m) {
        return no_mention();
    }
    return mention_view{std::move(*m), reads.replies_of(id), reads.updates_of(id),
                        reads.intake_details_of(id)};
}

outcome<mention_view_page> list_mention_views(social_reads& reads, const domain::actor& who,
                                              const mention_query& q) {
    auto listed = list_mentions(reads, who, q);
    if (!listed) {
        return listed.error();
    }
    mention_view_page out;
    out.next_cursor = listed->next_cursor;
    if (listed->items.empty()) {
        return out;
    }
    std::vector<id_t> ids;
    for (auto& m : listed->items) {
        ids.push_back(m.id);
        out.items.push_back(mention_view{std::move(m), {}, {}, {}});
    }
    auto threads = reads.threads_of(ids);
    const auto view_of = [&out](id_t id) -> mention_view* {
        const auto it = std::find_if(out.items.begin(), out.items.end(),
                                     [id](const mention_view& v) { return v.item.id == id; });
        return it == out.items.end() ? nullptr : &*it;
    };
    for (auto& r : threads.replies) {
        if (auto* v = view_of(r.mention_id)) {
            v->replies.push_back(std::move(r));
        }
    }
    for (auto& u : threads.updates) {
        if (auto* v = view_of(u.mention_id)) {
            v->updates.push_back(std::move(u));
        }
    }
    for (auto& d : threads.details) {
        if (auto* v = view_of(d.mention_id)) {
            v->details = std::move(d);
        }
    }
    return out;
}

outcome<std::vector<social_update>> job_updates(social_reads& reads, const domain::actor& who,
                                                std::string_view reference) {
    if (auto p = check_officer(who)) {
        return *p;
    }
    return reads.updates_of_job(domain::normalise_reference(reference));
}

} // namespace mend::app
