// The outbox: who hears about a change, the notice rows written with it, and what each attempt does to them.
#pragma once

#include "app/error.hpp"
#include "app/notices/channel.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mend::domain {
struct complaint; // domain/complaints.hpp
} // namespace mend::domain

namespace mend::app {

enum class notice_state {
    standby,   // a later channel of a chain, waiting for the ones before it to fail
    pending,   // due at next_attempt_at
    sent,      // accepted by the provider; a receipt (or an officer posting a letter) may follow
    delivered, // final
    failed,    // permanent failure on this channel; the chain moved on
    dead,      // gave up: max_attempts answers about it, or its channel's horizon passed; the chain moved on
    skipped,   // a later channel that was never needed, because an earlier one delivered
};

enum class audience { tenant, firm, officer, integration };

} // namespace mend::app

// Wire names through the domain's one names<E> mechanism (domain/enums.hpp).
template <> struct mend::domain::names<mend::app::notice_state> {
    static constexpr std::array<std::string_view, 7> list{"standby", "pending", "sent",   "delivered",
                                                          "failed",  "dead",    "skipped"};
};

namespace mend::app {

inline std::string_view to_string(notice_state s) {
    return domain::to_string(s);
}
inline std::optional<notice_state> parse_notice_state(std::string_view text) {
    return domain::parse<notice_state>(text);
}
std::string_view to_string(audience a);

struct notice_record {
    id_t id = 0;
    id_t job_id = 0;
    std::string reference;
    id_t event_id = 0;
    std::string event;
    audience to = audience::tenant;
    std::optional<id_t> user_id;
    id_t chain = 0; // 0 when inserting the first of a chain: the store sets it to the new id
    int chain_pos = 0;
    std::string channel;
    std::string address;
    std::string recipient_name;
    std::string subject;
    std::string body;
    std::string params = "{}";
    notice_state state = notice_state::pending;
    int attempts = 0; // answers about the notice itself; never the channel's outages
    std::optional<domain::instant> next_attempt_at;
    std::string provider_id;
    std::string last_error;
    domain::instant created_at{};
    domain::instant updated_at{};
    // While pending: when this run of tries began (made, moved on to, or retried by an officer); the horizon
    // counts from here. Empty in rows from before it was kept: created_at then.
    std::optional<domain::instant> trying_since;
};

struct attempt_record {
    id_t id = 0;
    id_t notice_id = 0;
    domain::instant at{};
    std::string channel;
    std::string outcome;
    std::string provider_id;
    std::string error;
    std::optional<domain::instant> retry_at;
};

struct alert_record {
    id_t job_id = 0;
    std::string kind;
    std::string detail;
    domain::instant at{};
};

// A person as the notices see them.
struct contact {
    id_t user_id = 0;
    domain::role role = domain::role::tenant;
    std::string name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<std::string> handle;
    std::vector<std::string> channels; // in order of preference; empty means the configured default
};

struct webhook_endpoint {
    id_t id = 0;
    std::optional<id_t> contractor_id; // empty: an integration that hears every change
    std::string name;
    std::string url;
    std::string secret;
    bool disabled = false;
};

// The outbox's port on the writer's transaction: reach it with uow.notices().
class notice_store {
public:
    virtual ~notice_store() = default;
    virtual std::optional<contact> contact_of(id_t user_id) = 0;
    virtual void set_contact(id_t user_id, const std::optional<std::string>& handle,
                             const std::vector<std::string>& channels) = 0;
    virtual std::vector<contact> officers() = 0;
    virtual std::vector<contact> firm_users(id_t contractor_id) = 0;
    virtual std::optional<std::vector<std::string>> job_channels(id_t job_id) = 0;
    virtual void set_job_channels(id_t job_id, const std::vector<std::string>& channels) = 0;
    // The job's latest event: what notices that no event caused (escalations) are filed under.
    virtual id_t last_event_of(id_t job_id) = 0;

    // Enabled endpoints of the firm, or of integrations when contractor_id is empty.
    virtual std::vector<webhook_endpoint> webhook_endpoints(std::optional<id_t> contractor_id) = 0;
    virtual webhook_endpoint insert_webhook_endpoint(webhook_endpoint e, domain::instant now) = 0;
    virtual void disable_webhook_endpoint(id_t id, const std::string& reason, domain::instant now) = 0;

    virtual notice_record insert_notice(notice_record n) = 0; // sets id (and chain for a chain's first)
    virtual std::optional<notice_record> notice_by_id(id_t id) = 0;
    virtual std::optional<notice_record> notice_by_provider_id(std::string_view provider_id) = 0;
    virtual void update_notice(const notice_record& n) = 0;
    virtual std::vector<notice_record> chain_of(id_t chain) = 0; // in chain order
    // The chain's waiting notices after `pos` will not be needed: standby -> skipped.
    virtual void skip_standby_after(id_t chain, int pos, domain::instant now) = 0;
    // Pending notices of `channel` trying since `cutoff` or before, at most `limit` of them.
    virtual std::vector<id_t> trying_since_before(std::string_view channel, domain::instant cutoff,
                                                  std::size_t limit) = 0;
    virtual void insert_attempt(const attempt_record& a) = 0;
    virtual void raise_alert(const alert_record& a) = 0; // once per (job, kind)
};

struct notice_filter {
    std::optional<notice_state> state;
    std::optional<id_t> job_id;
    std::optional<std::string> channel;
    std::optional<id_t> after_id;
    int limit = 50;
};

// Reads of the outbox that never wait for the writer. Thread-safe.
class notice_reads {
public:
    virtual ~notice_reads() = default;
    // Pending notices due by `now`, oldest due first, leaving out those whose health key
    // (app/notices/health.hpp: a channel, or a channel and an address) is in `closed`.
    virtual std::vector<notice_record> due_notices(domain::instant now, std::size_t limit,
                                                   const std::vector<std::string>& closed) = 0;
    // The notice due first of those with this health key: what a probe of a channel that is down sends.
    virtual std::optional<notice_record> due_notice_of(const std::string& key, domain::instant now) = 0;
    // The earliest next_attempt_at of any pending notice.
    virtual std::optional<domain::instant> next_due() = 0;
    virtual std::optional<notice_record> notice(id_t id) = 0;
    // Ordered by id; at most filter.limit + 1 items.
    virtual std::vector<notice_record> notices(const notice_filter& filter) = 0;
    virtual std::vector<attempt_record> attempts_of(id_t notice_id) = 0;
    virtual std::vector<alert_record> alerts_of(id_t job_id) = 0;
    virtual std::optional<webhook_endpoint> webhook_endpoint_by_id(id_t id) = 0;
    // How many notices are in each state (states with none are left out), for /metrics.
    virtual std::vector<std::pair<std::string, std::int64_t>> notices_by_state() = 0;
};

// Rendering at enqueue time; src/notify implements it with mustache templates.
using template_vars = std::vector<std::pair<std::string, std::string>>;

struct rendered_text {
    std::string subject;
    std::string body;
};

class notice_renderer {
public:
    virtual ~notice_renderer() = default;
    // Empty when there is no template for the event on any level (the event is then not sent there).
    virtual std::optional<rendered_text> render(std::string_view event, std::string_view channel,
                                                const template_vars& vars) const = 0;
};

// What the listener needs to turn a change into notices. Owned by main; read-only after start.
struct notice_policy {
    std::vector<const channel*> channels;              // the registered channels
    std::vector<std::string> default_channels{"file"}; // for someone who chose none
    const notice_renderer* renderer = nullptr;
    std::string public_url = "http://127.0.0.1:8080"; // where a tenant answers "is it fixed?"
};

// Writes the notices a change causes, rendered and fitted, in the change's own transaction.
void enqueue_notices(unit_of_work& uow, const change& c, const notice_policy& policy, domain::instant now);

struct escalation;    // app/clocks.hpp
class channel_health; // app/notices/health.hpp

// Writes the notices of a clock at risk (event clock_at_risk) or breached (clock_breached): to every officer
// for an escalation to "officers", to the job's firm for one to "contractor". In the overdue scan's
// transaction.
void enqueue_escalation(unit_of_work& uow, const escalation& e, const notice_policy& policy,
                        domain::instant now);

// Writes a complaint's letter to its complainant (audience::tenant: on their channels for its job, never a
// channel that posts in public, with a letter last) or its clock's escalation to every officer
// (audience::officer). Filed under the latest event of the complaint's job, as escalations are.
void enqueue_complaint_notice(unit_of_work& uow, const domain::complaint& c, std::string_view event,
                              audience to, const template_vars& vars, const notice_policy& policy,
                              domain::instant now);

// Fits `body` to the channel's limit, keeping `reference` in it (appending it when cutting would lose it).
std::string fit_text(std::string_view body, std::string_view reference, const channel_limits& limits);

// The length of `text` as the channel counts it.
std::size_t measured_length(std::string_view text, length_unit unit);

// How long a notice keeps trying, and how its tries are spaced. Outages and our own configuration trouble
// never count as attempts: the channel pauses and probes (channel_health) while the notices wait.
struct retry_policy {
    int max_attempts = 8;                     // answers about the notice itself before it is dead
    std::chrono::milliseconds base{1000};     // the first backoff window
    std::chrono::milliseconds cap{3'600'000}; // backoff windows stop growing here
    std::chrono::milliseconds probe_interval{
        30'000}; // the first probe of a channel that is down comes after this
    std::chrono::milliseconds probe_cap{480'000};              // probes are never further apart than this
    std::chrono::milliseconds horizon{std::chrono::hours(72)}; // a notice is dead when it has tried this long
    std::map<std::string, std::chrono::milliseconds, std::less<>>
        horizons{}; // per channel, overriding horizon

    std::chrono::milliseconds horizon_of(std::string_view channel) const;
};

// Exponential backoff with full jitter: a delay drawn uniformly from [0, min(cap, base * 2^(attempt-1))),
// given `jitter` drawn from [0, 1) by the caller.
std::chrono::milliseconds backoff_delay(int attempt, const retry_policy& policy, double jitter);

// When something that failed for now is tried again, or empty when it is time to give up: after
// policy.max_attempts answers about it (`attempts` counts them, this one included), or at `deadline`, the end
// of its horizon. The channel's trouble (is_channel_trouble) waits for the first probe instead of a backoff
// and never gives up before the deadline. A retry_after is a floor; the deadline a ceiling.
std::optional<domain::instant> next_try(const attempt_result& result, int attempts, domain::instant deadline,
                                        const retry_policy& policy, double jitter, domain::instant now);

// The end of a pending notice's horizon.
domain::instant deadline_of(const notice_record& n, const retry_policy& policy);

// Gives up on the pending notices of `channels` that have tried for longer than their channel's horizon,
// including those never tried because their channel was down all that time: each is dead and its chain moves
// on. At most `limit` in one call; returns how many.
std::size_t give_up_past_horizon(unit_of_work& uow, const std::vector<std::string>& channels,
                                 const retry_policy& policy, domain::instant now, std::size_t limit = 200);

// Records one attempt's result and moves the notice (and its chain) on. Returns the notice's new state.
// Throws std::logic_error for an unknown notice id.
notice_state record_attempt(unit_of_work& uow, id_t notice_id, const attempt_result& result,
                            const retry_policy& policy, double jitter, domain::instant now);

// A provider's later word on a notice it accepted (e.g. Notify's "permanent-failure").
enum class receipt_status { delivered, permanent_failure, temporary_failure, in_progress };

outcome<notice_state> apply_receipt(unit_of_work& uow, std::string_view provider_id,
                                    std::string_view reference_key, receipt_status status,
                                    const std::string& detail, const retry_policy& policy, double jitter,
                                    domain::instant now);

// Officers: send a failed, dead or waiting notice again now, with a fresh set of attempts and a fresh
// horizon.
outcome<notice_record> retry_notice(unit_of_work& uow, const domain::actor& who, id_t notice_id,
                                    domain::instant now);

// Officers: a printed letter went in the post.
outcome<notice_record> mark_letter_posted(unit_of_work& uow, const domain::actor& who, id_t notice_id,
                                          domain::instant now);

// Sets someone's channels (validated names) and social handle.
outcome<contact> set_contact_preferences(unit_of_work& uow, id_t user_id,
                                         const std::optional<std::string>& handle,
                                         const std::vector<std::string>& channels);

// Adds a webhook endpoint for a firm (or an integration when contractor_id is empty); a secret is made when
// none is given.
outcome<webhook_endpoint> add_webhook_endpoint(unit_of_work& uow, std::optional<id_t> contractor_id,
                                               const std::string& name, const std::string& url,
                                               const std::optional<std::string>& secret, domain::instant now);

// Checks a list of channel names (as given in notify_via or --channels): [a-z0-9_], no repeats, at most 8.
std::optional<problem> check_channel_names(std::string_view field, const std::vector<std::string>& names);

struct job_notices {
    std::vector<notice_record> items;
    std::vector<alert_record> alerts;
};

// A job's notices: every one for officers; a tenant sees only their own.
outcome<job_notices> notices_of_job(read_store& store, notice_reads& notices, const domain::actor& who,
                                    std::string_view reference);

struct notice_query {
    std::optional<std::string> state;
    std::optional<std::string> channel;
    std::optional<std::string> limit;
    std::optional<std::string> cursor;
};

struct notice_page {
    std::vector<notice_record> items;
    std::optional<std::string> next_cursor;
};

// Officers: the outbox by state (and channel).
outcome<notice_page> list_notices(notice_reads& notices, const domain::actor& who, const notice_query& query);

// Officers: one notice with its attempts.
outcome<std::pair<notice_record, std::vector<attempt_record>>>
notice_detail(notice_reads& notices, const domain::actor& who, id_t id);

// What the notices API needs besides the stores. Owned by main; read-only after start.
struct notice_services {
    notice_reads& reads;
    retry_policy retry{};
    std::string callback_token{}; // the bearer token of Notify's delivery receipts; empty refuses them
    std::function<void()> wake{}; // asks the dispatcher to look for due notices now; thread-safe
    // A notice laid out for print (letters as HTML pages); thread-safe.
    std::function<std::string(const notice_record&)> print{};
    const channel_health* health = nullptr; // each channel's state, for the outbox page; owned by main
};

} // namespace mend::app
