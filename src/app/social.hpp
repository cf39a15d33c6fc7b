// Social intake: mentions heard on a network, the officers' inbox, and the replies posted in their threads.
//
// A mention either names a job mend knows (it is linked to that job and answered with its public status) or
// becomes an intake item with a reference of its own ("S-K7QD-9XPT"), answered with that reference and a link
// to a private page. Officers link, convert or dismiss intake items. Every later change of a linked or
// converted job is answered in each of its threads. Replies wait in their own outbox (social_replies) so that
// an intake item, which has no job yet, can be answered too; a reply is checked for personal details when it
// is written, and refused (with the reason kept) if it has any.
#pragma once

#include "app/error.hpp"
#include "app/notices/channel.hpp"
#include "app/notices/notices.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"
#include "domain/word_flags.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mend::app {

enum class mention_state {
    fresh,
    linked,
    converted,
    dismissed
}; // wire names: new, linked, converted, dismissed
enum class reply_state { pending, sent, failed, dead };
enum class approval_state { waiting, approved, rejected };
enum class contact_channel { email, phone }; // how a resident would rather be reached

} // namespace mend::app

// Wire names through the domain's one names<E> mechanism (domain/enums.hpp).
template <> struct mend::domain::names<mend::app::mention_state> {
    static constexpr std::array<std::string_view, 4> list{"new", "linked", "converted", "dismissed"};
};
template <> struct mend::domain::names<mend::app::reply_state> {
    static constexpr std::array<std::string_view, 4> list{"pending", "sent", "failed", "dead"};
};
template <> struct mend::domain::names<mend::app::approval_state> {
    static constexpr std::array<std::string_view, 3> list{"waiting", "approved", "rejected"};
};
template <> struct mend::domain::names<mend::app::contact_channel> {
    static constexpr std::array<std::string_view, 2> list{"email", "phone"};
};

namespace mend::app {

inline std::string_view to_string(mention_state s) {
    return domain::to_string(s);
}
inline std::optional<mention_state> parse_mention_state(std::string_view text) {
    return domain::parse<mention_state>(text);
}
inline std::string_view to_string(reply_state s) {
    return domain::to_string(s);
}
inline std::string_view to_string(approval_state s) {
    return domain::to_string(s);
}
inline std::string_view to_string(contact_channel c) {
    return domain::to_string(c);
}

// A post that mentioned us, as the network gave it.
struct mention {
    std::string notification_id;
    std::string status_id; // the post; unique per network
    std::string author;    // the account's acct, e.g. "tom@social.example" ("tom" when on our own server)
    std::string author_url;
    std::string status_url;
    std::string text; // plain text
    domain::instant posted_at{};
    std::string in_reply_to; // the status this post answers, if any
};

struct mention_record {
    id_t id = 0;
    std::string network;
    mention post;
    mention_state state = mention_state::fresh;
    std::string reference; // the intake's own, "S-XXXX-XXXX"
    std::optional<id_t> job_id;
    std::string job_reference; // of job_id, when there is one
    std::string
        token_hash; // before schema 0014: BLAKE2b of the private page's token (now social_intake_tokens)
    std::string dismiss_reason;
    std::optional<id_t> handled_by;
    domain::instant received_at{};
    domain::instant updated_at{};
    std::vector<std::string> flags; // the word lists the post matched, e.g. "possible_hazard"
};

// A resident's later post about an item we know: a reply in its thread, or a post naming its S- reference.
// Kept on the item (and its job), never a new intake item.
struct social_update {
    id_t id = 0;
    std::string network;
    std::string status_id;
    id_t mention_id = 0;
    std::optional<id_t> job_id;
    std::string author;
    std::string status_url;
    std::string text;
    domain::instant posted_at{};
    domain::instant received_at{};
};

// The landlord's social-media risk checklist; a change of its items is a new version.
struct checklist {
    int version = 0;
    std::vector<std::string> items;
    std::optional<id_t> set_by; // empty when it came from the config file
    domain::instant created_at{};
};

// An officer's own words waiting for a second cleared officer ([social] require_approval).
struct approval_record {
    id_t id = 0;
    std::optional<id_t> mention_id; // for this thread,
    std::optional<id_t> job_id;     // or for every thread of this job
    std::string job_reference;      // of job_id
    std::string text;
    id_t author_id = 0;
    std::string author_name;
    approval_state state = approval_state::waiting;
    std::optional<id_t> decided_by;
    std::string reason;
    domain::instant created_at{};
    std::optional<domain::instant> decided_at;
};

// What a resident gave on the private intake page (app/social_intake.hpp); staff see it on the inbox item.
struct intake_details {
    id_t mention_id = 0;
    std::string name;
    std::string postcode; // upper case, one space before the last three characters
    std::string address;  // the house or flat and the street
    std::string email;
    std::string phone; // E.164
    contact_channel preferred = contact_channel::email;
    domain::instant given_at{};
};

// One link to the private intake page that was posted: only the token's hash is kept.
struct intake_token {
    id_t mention_id = 0;
    domain::instant issued_at{};
};

struct reply_record {
    id_t id = 0;
    id_t mention_id = 0;
    std::optional<id_t> job_id;
    std::string network;
    std::string event;       // the template's event name, e.g. "social_intake" or "completed"
    std::string reference;   // the job's, or the intake's when there is no job
    std::string in_reply_to; // the status id of the post we answer
    std::string address;     // the handle we answer, e.g. "@tom@social.example"
    std::string body;
    reply_state state = reply_state::pending;
    int attempts = 0;
    std::optional<domain::instant> next_attempt_at;
    std::string provider_id; // the id of the status we posted
    std::string last_error;
    domain::instant created_at{};
    domain::instant updated_at{};
    std::optional<id_t> retried_by; // the officer who put it back in the queue once it was given up
    std::optional<domain::instant> retried_at;
};

// What the inbox page shows under a page of mentions, read in one go.
struct mention_threads {
    std::vector<reply_record> replies;
    std::vector<social_update> updates;
    std::vector<intake_details> details;
};

// The inbox's port on the writer's transaction: reach it with uow.social().
class social_store {
public:
    virtual ~social_store() = default;
    virtual std::optional<std::string> social_cursor(std::string_view network) = 0;
    virtual void set_social_cursor(std::string_view network, const std::string& last_id,
                                   domain::instant now) = 0;
    // Sets id; empty when the network's post is already known (a repeated delivery).
    virtual std::optional<mention_record> insert_mention(mention_record m) = 0;
    virtual std::optional<mention_record> mention_by_id(id_t id) = 0;
    virtual void update_mention(const mention_record& m) = 0;
    virtual bool intake_reference_taken(std::string_view reference) = 0;
    virtual std::optional<mention_record> mention_by_reference(std::string_view reference) = 0;
    // The item whose thread `status_id` is in: the mention's own post, one of our replies to it, or a
    // resident's update on it.
    virtual std::optional<mention_record> mention_in_thread(std::string_view network,
                                                            std::string_view status_id) = 0;
    // False when the network's post is already known (a repeated delivery).
    virtual bool insert_update(const social_update& u) = 0;
    virtual std::optional<checklist> current_checklist() = 0;
    virtual checklist add_checklist(checklist c) = 0; // sets version: the next one
    virtual bool completed_checklist(id_t user_id, int version) = 0;
    virtual void complete_checklist(id_t user_id, int version, domain::instant now) = 0;
    virtual approval_record insert_approval(approval_record a) = 0; // sets id
    virtual std::optional<approval_record> approval_by_id(id_t id) = 0;
    virtual void update_approval(const approval_record& a) = 0;
    // The threads a job's progress is told in: the mentions converted into it and those following it
    // (app/followers.hpp; a linked mention follows the job it was linked to).
    virtual std::vector<mention_record> mentions_of_job(id_t job_id) = 0;
    virtual reply_record insert_reply(reply_record r) = 0; // sets id
    virtual std::optional<reply_record> reply_by_id(id_t id) = 0;
    virtual void update_reply(const reply_record& r) = 0;
    // Pending replies on `network` written at `cutoff` or before, at most `limit` of them.
    virtual std::vector<id_t> pending_replies_made_before(std::string_view network, domain::instant cutoff,
                                                          std::size_t limit) = 0;
    // Notices of an event on a channel that nobody has tried yet (pending or standby), for the privacy guard.
    virtual std::vector<id_t> untried_notices(id_t job_id, id_t event_id, std::string_view channel) = 0;
    // The private intake page (app/social_intake.hpp): links by the hash of their token, and what was given.
    virtual void insert_intake_token(id_t mention_id, const std::string& token_hash, domain::instant now) = 0;
    virtual std::optional<intake_token>
    intake_token_by_hash(const std::vector<std::string>& token_hashes) = 0;
    virtual void save_intake_details(const intake_details& d) = 0; // replaces what was given before
};

struct mention_filter {
    std::optional<mention_state> state;
    std::optional<id_t> after_id;
    int limit = 50;
    std::optional<bool> flagged; // only those a word list flagged, or only those none did
};

// Reads of the inbox that never wait for the writer. Thread-safe.
class social_reads {
public:
    virtual ~social_reads() = default;
    // Ordered by id; at most filter.limit + 1 items.
    virtual std::vector<mention_record> mentions(const mention_filter& filter) = 0;
    virtual std::optional<mention_record> mention(id_t id) = 0;
    virtual std::vector<reply_record> replies_of(id_t mention_id) = 0;
    virtual std::vector<social_update> updates_of(id_t mention_id) = 0;
    virtual std::vector<social_update> updates_of_job(std::string_view job_reference) = 0;
    virtual std::optional<checklist> current_checklist() = 0;
    virtual std::optional<domain::instant> checklist_completed_at(id_t user_id, int version) = 0;
    // Waiting ones oldest first, else the latest decided; at most `limit`.
    virtual std::vector<approval_record> approvals(approval_state state, std::size_t limit) = 0;
    // Pending replies on `network` due by `now`, oldest due first.
    virtual std::vector<reply_record> due_replies(std::string_view network, domain::instant now,
                                                  std::size_t limit) = 0;
    virtual std::optional<std::string> social_cursor(std::string_view network) = 0;
    // The link whose token has one of these hashes (the current one, or a link posted before it).
    virtual std::optional<intake_token>
    intake_token_by_hash(const std::vector<std::string>& token_hashes) = 0;
    virtual std::optional<intake_details> intake_details_of(id_t mention_id) = 0;
    // The replies, updates and given details of several mentions at once (the inbox page's), in id order.
    virtual mention_threads threads_of(const std::vector<id_t>& mention_ids) = 0;
};

// Where mentions come from (a network's API). Blocking; called from the poller's own thread only.
struct feed_page {
    enum class status { ok, retry_later, configuration_failure, unavailable } result = status::ok;
    std::vector<mention> items;
    std::string next_cursor; // the newest notification id of this page: the cursor after it is taken
    std::string error;
    std::optional<std::chrono::milliseconds> retry_after;
};

class mention_feed {
public:
    virtual ~mention_feed() = default;
    virtual std::string_view network() const = 0;
    // The mentions just after `cursor` (all of them since the beginning when it is empty), oldest first, at
    // most one page; an empty page means there is nothing newer.
    virtual feed_page mentions_after(const std::string& cursor) = 0;
    // The cursor just after the newest mention there is now ("0" when there is none), as next_cursor: where a
    // first start begins, so that old posts are not answered.
    virtual feed_page newest() = 0;
    // Learns what the network allows (such as a status's length) before anything is fitted to it; cheap once
    // known. Blocking.
    virtual void prepare() = 0;
};

// A network mend reads mentions from and answers in (mastodon, bluesky).
struct social_network {
    std::string name;                 // of the network, its mentions and the channel replies go out on
    const channel* posting = nullptr; // that channel (its limits fit the text)
};

// What the social use cases need besides the stores. Owned by main; read-only after start.
struct social_policy {
    // Empty when no network is configured: the inbox then holds only items from sources with no thread to
    // answer in (Open311's reports that matched no home), and nothing is read or posted. A thread is answered
    // on the network it is on.
    std::vector<social_network> networks;
    const notice_renderer* renderer = nullptr;
    std::string public_url = "http://127.0.0.1:8080";      // where anyone can read a job's public status
    std::string intake_base_url = "http://127.0.0.1:8080"; // the private page is INTAKE_BASE_URL/social/TOKEN
    bool require_approval = false; // officers' own words wait for a second cleared officer
    domain::word_lists flags;      // incoming posts are flagged by these

    // The network called `name`; null when it is not configured (an item from Open311, or a network turned
    // off).
    const social_network* network_of(std::string_view name) const;
};

// Takes one page of mentions in one unit of work: each new one is linked to the job it names or becomes an
// intake item, and gets its reply; a mention already known is left alone. The cursor is moved to
// `next_cursor` in the same unit, so that after a crash the page is read again and nothing is handled twice.
// Returns how many mentions were new.
int take_mentions(unit_of_work& uow, const std::string& network, const std::vector<mention>& page,
                  const std::string& next_cursor, const social_policy& policy, domain::instant now);

// An intake item from a source with no thread to answer in (Open311's reports that matched no home): kept in
// the same inbox, its source the `network`, and never answered there. Returns it with its id and reference.
mention_record add_intake_item(unit_of_work& uow, const std::string& network, const mention& post,
                               domain::instant now);

// Inside every accepted change: answers the change in each thread of the job (on its network), and refuses
// any notice of the change on a network's channel whose text gives away personal details (it fails with the
// reason).
// Runs after the outbox's listener, so that the notices it wrote are there to check.
void follow_up_threads(unit_of_work& uow, const change& c, const social_policy& policy, domain::instant now);

struct convert_command {
    std::string uprn;
    std::string category;
    std::optional<std::string> description; // the post's text when not given
    std::string location;
    std::optional<std::string> priority;
    std::optional<std::string> hazard;
    std::optional<id_t> tenant_id;
};

// Officers' inbox actions. Each records who did it and answers in the thread.
outcome<mention_record> link_mention(unit_of_work& uow, const domain::actor& who, id_t mention_id,
                                     std::string_view reference, const social_policy& policy,
                                     domain::instant now);
outcome<mention_record> convert_mention(unit_of_work& uow, const domain::actor& who, id_t mention_id,
                                        const convert_command& cmd, const social_policy& policy,
                                        domain::instant now);
outcome<mention_record> dismiss_mention(unit_of_work& uow, const domain::actor& who, id_t mention_id,
                                        const std::string& reason, domain::instant now);

// An officer's own words for the public (the "park is open again" sentence).
struct own_words {
    std::string text;
    bool dry_run = false; // check and show the text as it would go out; queue nothing
};

// The officer's words as they go out in each thread (or would, on a dry run), each preceded by the handle
// answered. Refused as invalid("text", ...) when blank, longer than the network allows, or failing the
// privacy check (public_text_problem); the reason names the problem, never the detail.
outcome<std::vector<reply_record>> reply_to_mention(unit_of_work& uow, const domain::actor& who,
                                                    id_t mention_id, const own_words& words,
                                                    const social_policy& policy, domain::instant now);
// The same in every thread of the job with `reference` (the mentions linked to it or converted into it);
// a job that no thread talks about has nowhere to say it (invalid_transition).
outcome<std::vector<reply_record>> reply_about_job(unit_of_work& uow, const domain::actor& who,
                                                   std::string_view reference, const own_words& words,
                                                   const social_policy& policy, domain::instant now);
// A reply refused when it was written (failed, never posted) rewritten by an officer: the new text passes the
// same checks and the reply is released (pending, due now) in the same thread.
outcome<reply_record> rewrite_reply(unit_of_work& uow, const domain::actor& who, id_t reply_id,
                                    const own_words& words, const social_policy& policy, domain::instant now);

// Records one attempt to post a reply: sent, retried after a backoff, or failed for good; as for notices, the
// network's outages never count, and a reply keeps trying for the network's horizon
// (retry_policy::horizon_of) from when it was written.
reply_state record_reply_attempt(unit_of_work& uow, id_t reply_id, const attempt_result& result,
                                 const retry_policy& policy, double jitter, domain::instant now);

// An officer puts a dead reply back in the queue, once (who and when are kept): it is due now, with a new
// horizon from now. 409 (invalid_transition) for a reply that is not dead or was tried again already.
outcome<reply_record> retry_reply(unit_of_work& uow, const domain::actor& who, id_t reply_id,
                                  domain::instant now);

// The end of a reply's horizon: from when it was written, or when an officer tried it again.
domain::instant reply_deadline(const reply_record& r, const retry_policy& policy);

// Gives up on the pending replies on `network` older than its horizon, including those never tried because
// the network was down all that time: each is dead. At most `limit`; returns how many.
std::size_t give_up_replies_past_horizon(unit_of_work& uow, const std::string& network,
                                         const retry_policy& policy, domain::instant now,
                                         std::size_t limit = 200);

// The idempotency key of a reply, e.g. "S-K7QD-9XPT.s12.mastodon": never the same as a notice's key.
std::string reply_key(const reply_record& r);

struct mention_query {
    std::optional<std::string> state;
    std::optional<std::string> flagged; // "true": only flagged ones; "false": only others
    std::optional<std::string> limit;
    std::optional<std::string> cursor;
};

struct mention_page {
    std::vector<mention_record> items;
    std::optional<std::string> next_cursor;
};

outcome<mention_page> list_mentions(social_reads& reads, const domain::actor& who, const mention_query& q);

// One mention with the replies in its thread and the resident's later updates on it.
struct mention_view {
    mention_record item;
    std::vector<reply_record> replies;
    std::vector<social_update> updates;
    std::optional<intake_details> details; // what the resident gave on the private intake page
};

outcome<mention_view> mention_detail(social_reads& reads, const domain::actor& who, id_t id);

// A page of mentions as list_mentions gives them, each with its thread as mention_detail gives it; the
// threads of the whole page are read at once.
struct mention_view_page {
    std::vector<mention_view> items;
    std::optional<std::string> next_cursor;
};

outcome<mention_view_page> list_mention_views(social_reads& reads, const domain::actor& who,
                                              const mention_query& q);

// The residents' updates on the job with `reference` (thread replies and posts naming its intake item).
outcome<std::vector<social_update>> job_updates(social_reads& reads, const domain::actor& who,
                                                std::string_view reference);

// What the social API needs. Owned by main; read-only after start.
struct social_services {
    social_reads& reads;
    const social_policy& policy;
    std::function<void()> wake{}; // asks the poller to post replies now; thread-safe

    // Whether a social network is configured: replies, officers' own words, the risk checklist and approvals
    // need one; the inbox does not.
    [[nodiscard]] bool has_network() const { return !policy.networks.empty(); }
};

} // namespace mend::app
