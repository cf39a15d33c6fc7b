// Followers of a job: residents who said "me too", contacts an officer recorded and social threads linked to
// it. Each hears every public step of the job once, on their own channel (app::enqueue_notices plans their
// notices, app::follow_up_threads answers the threads). The store is a unit of work's followers(); the reads
// never wait for the writer.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

struct social_policy; // app/social.hpp

enum class follower_kind { tenant, contact, thread };

} // namespace mend::app

template <> struct mend::domain::names<mend::app::follower_kind> {
    static constexpr std::array<std::string_view, 3> list{"tenant", "contact", "thread"};
};

namespace mend::app {

inline std::string_view to_string(follower_kind k) {
    return domain::to_string(k);
}

struct follower_record {
    id_t id = 0;
    id_t job_id = 0;
    follower_kind kind = follower_kind::tenant;
    std::optional<id_t> user_id;    // a tenant
    std::optional<id_t> mention_id; // a thread
    std::string channel;            // a contact's channel: email, sms or letter
    std::string address;            // a contact's address on it
    std::string name;               // a contact's name as given; a tenant's name; a thread's author
    std::optional<id_t> added_by;
    domain::instant added_at{};
    // Read with the row, never written: a tenant's home ("address\npostcode", for a letter) and a thread's
    // intake reference.
    std::string home;
    std::string mention_reference;
};

// The unit of work's part: reads see the unit's own writes.
class follower_store {
public:
    virtual ~follower_store() = default;
    // In the order they began to follow.
    virtual std::vector<follower_record> followers_of(id_t job_id) = 0;
    virtual std::optional<follower_record> follower_by_id(id_t id) = 0;
    // Sets id; empty when the same follower (tenant, thread, or contact channel and address) follows already.
    virtual std::optional<follower_record> insert_follower(follower_record f) = 0;
    virtual void delete_follower(id_t id) = 0;
};

// Reads for the API and pages; safe to call from any thread.
class follower_reads {
public:
    virtual ~follower_reads() = default;
    virtual std::vector<follower_record> followers_of(id_t job_id) = 0;
    virtual std::size_t follower_count(id_t job_id) = 0;
};

// What the API and the pages ask for. A tenant names no one: they follow as themselves.
struct new_follower {
    std::string kind;               // "tenant", "contact" or "thread"
    std::optional<id_t> user_id;    // tenant (a tenant may leave it out or name themselves)
    std::string channel;            // contact: email, sms or letter
    std::string address;            // contact
    std::string name;               // contact, optional
    std::optional<id_t> mention_id; // thread
};

// Adds a follower to the job with `reference`. Tenants add only themselves (forbidden otherwise) and only to
// a job they may see and did not report (not found; conflict for their own report); staff add tenants,
// contacts and threads of the social inbox (a mention nobody handled yet is linked to the job as the inbox's
// link does: app::link_mention). Conflict when they follow already; invalid naming the field for the rest.
// `social` is the social inbox's policy, null when social intake is off (no thread can follow then).
outcome<follower_record> add_follower(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                                      const new_follower& input, const social_policy* social,
                                      domain::instant now);

// Removes follower `follower_id` of the job: a tenant only themselves (forbidden otherwise), staff anyone.
outcome<follower_record> remove_follower(unit_of_work& uow, const domain::actor& who,
                                         std::string_view reference, id_t follower_id);

// The job's followers: every one for staff, a tenant's own (none or one) for a tenant who may see the job.
outcome<std::vector<follower_record>> list_followers(read_store& jobs, follower_reads& reads,
                                                     const domain::actor& who, std::string_view reference);

// Makes the thread of mention `mention_id` a follower of job `job_id` (empty when it follows already).
std::optional<follower_record> add_thread_follower(follower_store& store, id_t job_id, id_t mention_id,
                                                   std::optional<id_t> added_by, domain::instant now);

// Makes the reporter of `duplicate` (its tenant, and the threads it was converted from) followers of the job
// it duplicates. Inside the change that marked it.
void follow_original(unit_of_work& uow, const domain::job& duplicate, domain::instant now);

// Marks a duplicate's reporter a follower of the job it duplicates, inside each mark_duplicate change.
class duplicate_followers final : public change_listener {
public:
    void on_change(unit_of_work& uow, const change& c) override;
};

// Where one follower is told, for the planning's dedupe: the first channel and address of their chain.
struct follower_target {
    id_t follower_id = 0;
    std::optional<id_t> user_id;
    std::string channel;
    std::string address;
};

// The followers to tell, in order, leaving out the job's reporter (told as the reporter), those with nowhere
// to be told, a person twice, and any whose address an earlier one has, or one of `taken` (the reporter's
// addresses): each person and each address is told once.
std::vector<follower_target> followers_to_tell(const std::vector<follower_target>& followers,
                                               std::optional<id_t> reporter, std::vector<std::string> taken);

} // namespace mend::app
