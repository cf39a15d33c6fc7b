// Open311 GeoReport v2 (FixMyStreet and other clients): the integrations allowed in with an API key, the
// services offered (mend's repair categories), reports arriving from a client, residents' comments, and the
// requests and updates a client reads back. Transport-free: api/open311.cpp adapts HTTP to these.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mend::app {

// A client allowed in with an API key (only its hash is kept). It acts through a user of its own (role
// system, named "via NAME"), so the history says who raised a job or posted a comment.
struct integration {
    id_t id = 0;
    std::string kind; // "open311"
    std::string name;
    std::string jurisdiction; // empty: requests with or without a jurisdiction_id are accepted
    id_t user_id = 0;
    domain::instant created_at{};
    std::optional<domain::instant> revoked_at;
};

struct new_integration {
    std::string kind;
    std::string name;
    std::string jurisdiction;
};

// The integration and its API key, shown only this once.
struct created_integration {
    integration record;
    std::string api_key;
};

// The actor an integration's reports and comments are recorded as.
domain::actor actor_of(const integration& via);

// One answer option of a list attribute.
struct service_value {
    std::string key;
    std::string name;
};

// A question of a service definition (GeoReport v2 attribute, with mySociety's `automated` extension).
struct service_attribute {
    std::string code; // ASCII: the key the answer comes back under, attribute[CODE]
    std::string description;
    std::string datatype; // string, number, datetime, text, singlevaluelist, multivaluelist
    bool variable = true; // false: text shown, never asked
    bool required = false;
    int order = 0;
    std::string automated; // "", "hidden_field" or "server_set"
    std::vector<service_value> values;
};

// A service: one of mend's repair categories under a stable code, in a group.
struct service {
    std::string code;
    std::string name;
    std::string group;
    std::string description;
    domain::category category = domain::category::other;
};

// Every service, always the complete list (a client deletes categories missing from it).
const std::vector<service>& all_services();
const service* find_service(std::string_view code);
// The questions every service asks, the same for each.
const std::vector<service_attribute>& open311_attributes();

// Attribute codes with a meaning to mend.
inline constexpr std::string_view sender_id_attribute = "fixmystreet_id"; // the client's own report id
inline constexpr std::string_view damp_attribute = "damp_mould";
inline constexpr std::string_view vulnerable_attribute = "vulnerable";
inline constexpr std::string_view uprn_attribute = "uprn";

// A report as a client posts it (POST requests). Answers are attribute[CODE]; repeated codes keep each value.
struct open311_report {
    std::string service_code;
    std::string description;
    std::string lat;
    std::string lon;
    std::string address_string;
    std::string email;
    std::string first_name;
    std::string last_name;
    std::string phone;
    std::vector<std::pair<std::string, std::string>> attributes;
};

// A report an integration sent: the job it raised, or the intake item officers match by hand.
struct open311_request {
    id_t id = 0;
    id_t integration_id = 0;
    std::optional<std::string> sender_id;
    std::string service_request_id; // the job's reference, or the intake item's ("S-...")
    std::optional<id_t> job_id;     // the job raised, or the one an officer converted the intake item into
    std::string job_reference;      // of job_id; empty without one
    std::optional<id_t> mention_id;
    std::string service_code;
    std::string lat;
    std::string lon;
    std::string address_string;
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string phone;
    domain::instant created_at{};
};

// A resident's comment as a client posts it (POST servicerequestupdates).
struct open311_comment {
    std::string service_request_id;
    std::string update_id; // the client's own id of the comment: a resend is recognised by it
    std::string status;    // OPEN, CLOSED, FIXED, ... (accepted; the job's workflow decides what happens)
    std::string description;
    std::string media_url;
};

// One update in the feed: a public event of a job raised through Open311.
struct open311_update {
    std::string update_id; // the event's id: stable, and what a comment's POST answered
    std::string service_request_id;
    domain::instant at{};
    domain::status status = domain::status::reported; // the job's state after the event
    std::string description;                          // the public note
};

// The Open311 part of a unit of work (uow.open311()).
class open311_store {
public:
    virtual ~open311_store() = default;
    // Adds the integration with its own user ("via NAME"); sets ids.
    virtual integration insert_integration(const new_integration& in, const std::string& key_hash,
                                           domain::instant now) = 0;
    virtual std::vector<integration> integrations() = 0;
    virtual std::optional<integration> integration_by_id(id_t id) = 0;
    virtual void revoke_integration(id_t id, domain::instant now) = 0;
    virtual std::optional<open311_request> request_by_sender(id_t integration_id,
                                                             std::string_view sender_id) = 0;
    virtual std::optional<open311_request> request_by_service_id(std::string_view service_request_id) = 0;
    virtual open311_request insert_request(open311_request r) = 0; // sets id
    // The request whose intake item is `mention_id` (none when the item came from elsewhere) gains the job
    // the item was converted into; it keeps its intake reference, which the client knows it by.
    virtual void link_converted(id_t mention_id, id_t job_id) = 0;
    // The homes whose postcode is `postcode` (compared without spaces, in any case).
    virtual std::vector<property_record> homes_with_postcode(std::string_view postcode) = 0;
    // The event a client's comment became, when it was posted before.
    virtual std::optional<id_t> comment_event(id_t integration_id, std::string_view update_id) = 0;
    virtual void insert_comment(id_t integration_id, const std::string& update_id, id_t event_id) = 0;
};

// Reads that never wait for the writer. Thread-safe.
class open311_reads {
public:
    virtual ~open311_reads() = default;
    // Only integrations not revoked.
    virtual std::optional<integration> integration_by_key_hash(std::string_view key_hash) = 0;
    virtual std::vector<open311_request> requests_by_service_ids(const std::vector<std::string>& ids) = 0;
    // Made in [from, to], oldest first; of one integration when given. At most `limit`.
    virtual std::vector<open311_request> requests_between(std::optional<id_t> integration_id,
                                                          domain::instant from, domain::instant to,
                                                          std::size_t limit) = 0;
    // The public events (a change of state, or a public note) of jobs raised through Open311, recorded in
    // [from, to], oldest first; of one integration's jobs when given. At most `limit`.
    virtual std::vector<open311_update> updates_between(std::optional<id_t> integration_id,
                                                        domain::instant from, domain::instant to,
                                                        std::size_t limit) = 0;
};

// What the Open311 routes need. Owned by main.
struct open311_services {
    open311_reads& reads;
};

constexpr std::size_t max_open311_items = 1000; // requests or updates in one answer

// Administration (the CLI).
outcome<created_integration> add_integration(unit_of_work& uow, const new_integration& in,
                                             domain::instant now);
std::vector<integration> list_integrations(unit_of_work& uow);
outcome<integration> revoke_integration(unit_of_work& uow, id_t id, domain::instant now);

// The integration an API key and jurisdiction let in: forbidden for a missing, wrong or revoked key,
// not_found for a jurisdiction the integration does not serve (an empty one is always accepted).
outcome<integration> authenticate(open311_reads& reads, std::string_view api_key,
                                  std::string_view jurisdiction);
// For the reads where a key is optional (GET): no key, no integration; a key given must be right.
outcome<std::optional<integration>> authenticate_optional(open311_reads& reads, std::string_view api_key,
                                                          std::string_view jurisdiction);

// A client's report: a job for the one home its place names (a UPRN attribute, else the postcode and address
// in address_string), else an intake item in the officers' inbox (network "open311"). A resend with the same
// sender id answers the first report's id and changes nothing. Returns the service_request_id.
outcome<std::string> submit_report(unit_of_work& uow, const integration& via, const open311_report& report,
                                   domain::instant now);

// A resident's comment on a job raised through Open311, recorded as an update on the job (add_update by the
// integration). A resend with the same update_id answers the first one's. Returns mend's update_id.
outcome<std::string> post_comment(unit_of_work& uow, const integration& via, const open311_comment& comment,
                                  domain::instant now);

// GET requests: by a comma-separated list of ids, or the window [start_date, end_date] (W3C times; without
// them, the last 90 days).
struct request_query {
    std::optional<std::string> service_request_ids;
    std::optional<std::string> start_date;
    std::optional<std::string> end_date;
};

// A request as the client reads it back, with its job when it has one.
struct request_view {
    open311_request request;
    std::optional<domain::job> job;
};

outcome<std::vector<request_view>> find_requests(open311_reads& reads, read_store& jobs,
                                                 const std::optional<integration>& via,
                                                 const request_query& q, domain::instant now);

// GET servicerequestupdates: the window [start_date, end_date] (both or neither; without them the last 2
// hours).
outcome<std::vector<open311_update>> find_updates(open311_reads& reads, const std::optional<integration>& via,
                                                  const std::optional<std::string>& start_date,
                                                  const std::optional<std::string>& end_date,
                                                  domain::instant now);

} // namespace mend::app
