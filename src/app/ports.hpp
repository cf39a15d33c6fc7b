// What the use cases need from the outside world: the records they read, the stores and a clock. The unit of
// work and the single writer are in app/unit_of_work.hpp.
#pragma once

#include "app/error.hpp"
#include "domain/job.hpp"
#include "domain/visibility.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

using domain::id_t;

struct user_record {
    id_t id = 0;
    domain::role role = domain::role::tenant;
    std::string name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<id_t> contractor_id;
};

struct contractor_record {
    id_t id = 0;
    std::string name;
    std::vector<std::string> trades;
};

struct property_record {
    id_t id = 0;
    std::string uprn;
    std::string address;
    std::string postcode;
    std::string access_notes{};      // how to get in, for the contractor; empty: none
    std::optional<id_t> block_id{};  // app/places.hpp
    std::optional<id_t> estate_id{}; // the block's estate, or the home's own
    // web_reads::homes_of: how the user holds it (tenant elsewhere).
    domain::home_tenure tenure = domain::home_tenure::tenant;
};

struct job_filter {
    std::optional<domain::status> state;
    std::optional<domain::priority> priority;
    std::optional<domain::category> category;
    std::optional<id_t> contractor_id;
    std::optional<std::string> uprn;
    std::optional<id_t> after_id; // keyset cursor: items with a larger id
    int limit = 50;
    bool overdue = false;   // only jobs with an open clock the overdue loop has marked breached
    bool open_only = false; // only jobs not yet ended (domain::is_terminal)
    std::optional<std::string>
        search; // the reference, or words starting the address, postcode (spaced or not) or a tenant's name
    // The work queue's order (app::work_queue), paged by `offset` instead of `after_id`: emergencies, then
    // jobs with a legal clock at risk, then the soonest due (a job with no clock yet: from when it was
    // reported).
    bool by_due = false;
    std::int64_t offset = 0;
    // A keyset page of the queue (by_due): the jobs that follow this job in the queue's order, or with
    // `backwards` the ones that come before it, instead of `offset` (which steps over every job before the
    // page). A job that is not stored falls back to `offset`.
    std::optional<id_t> queue_from;
    bool backwards = false;
};

// Reads that never wait for the writer. Implementations are safe to call from any thread.
class read_store {
public:
    virtual ~read_store() = default;
    virtual std::optional<domain::actor> actor_by_token_hash(std::string_view token_hash) = 0;
    virtual std::optional<domain::job> job_by_reference(std::string_view reference) = 0;
    virtual bool holds_home(id_t user_id, id_t property_id) = 0;
    // Which of `property_ids` the user holds, in one query for a whole page of jobs.
    virtual std::vector<id_t> held_homes(id_t user_id, const std::vector<id_t>& property_ids) = 0;
    // Whether the user holds a home in the block or estate (app/communal.hpp).
    virtual bool lives_in_place(id_t user_id, id_t place_id) = 0;
    // Ordered by id (or as filter.by_due says); at most filter.limit + 1 items, so the caller can tell if
    // there are more.
    virtual std::vector<domain::job> list_jobs(const job_filter& filter,
                                               const domain::visibility& visibility) = 0;
    // The ids of every job `filter` matches, in list_jobs' order (limit, offset and after_id unused): one
    // sort for an export that then reads its jobs a page at a time with jobs_by_ids.
    virtual std::vector<id_t> job_ids(const job_filter& filter, const domain::visibility& visibility) = 0;
    // The jobs with these ids, in the order given; an id with no job is left out.
    virtual std::vector<domain::job> jobs_by_ids(const std::vector<id_t>& ids) = 0;
    virtual std::vector<domain::event> events_of(id_t job_id) = 0;
};

// The jobs' part of a unit of work (app/unit_of_work.hpp): jobs and their history. Reads see the unit's own
// writes.
class job_store {
public:
    virtual ~job_store() = default;
    virtual std::optional<domain::job> job_by_reference(std::string_view reference) = 0;
    // Gives the job its id and a reference no other job has.
    virtual domain::job insert_job(domain::job job) = 0;
    virtual void update_job(const domain::job& job) = 0;
    // Gives the event its id and its place (seq) in the job's history.
    virtual domain::event append_event(domain::event e) = 0;
};

// The program's one wall clock: handlers, listeners, background loops and channels read it (never the system
// clock), so that tests control their times with one manual clock. Timers and rate limits measure intervals
// on the steady clock instead. now() is called from any thread.
class clock {
public:
    virtual ~clock() = default;
    virtual domain::instant now() const = 0;
};

// The system's wall clock, to the millisecond.
class system_clock final : public clock {
public:
    domain::instant now() const override;
};

} // namespace mend::app
