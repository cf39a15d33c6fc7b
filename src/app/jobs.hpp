// Use cases on repair jobs: report, act, read, list. Plain functions over the ports; no I/O of their own.
#pragma once

#include "app/error.hpp"
#include "app/paging.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"
#include "domain/clocks.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::app {

class clock_reads; // app/clocks.hpp

// Inputs arrive as text so that each use case names the field it cannot accept.
struct report_command {
    std::string uprn{};
    std::string category{};
    std::string description{};
    std::string location{};
    std::optional<std::string> priority{};
    std::optional<std::string> hazard{};
    std::optional<id_t> tenant_id{};
    std::optional<std::string> source{};
    std::vector<std::string> notify_via{}; // channels for this job's notices, overriding the tenant's order
    // A communal job (app/communal.hpp): a block or an estate instead of a home, or a tenant's "shared area".
    std::optional<id_t> block{};
    std::optional<id_t> estate{};
    bool shared_area = false;
    std::optional<std::string> public_summary{};
};

struct action_command {
    std::string action{};
    std::string note{};
    std::string internal_note{};
    std::optional<std::string> priority{};
    std::optional<std::string> hazard{};
    std::optional<id_t> contractor_id{};
    std::optional<std::string> appointment_start{};
    std::optional<std::string> appointment_end{};
    bool has_appointment = false;
    std::optional<std::string> reason{};
    std::optional<std::string> duplicate_of{};
    std::optional<std::int64_t> expected_version{};
    // The time actions' parameters (see app/clocks.hpp).
    std::optional<std::string> clock{};
    std::optional<std::string> reason_detail{};    // a pause for reason "other": why, in words
    std::optional<std::string> aware_at{};         // record_awareness: when the landlord became aware
    std::optional<std::string> awareness_source{}; // and how
    std::optional<std::string> safety_work{};
    std::optional<std::string> further_works{};
    std::optional<std::int64_t> repair_rating{};
    std::optional<std::int64_t> time_rating{};
    std::optional<std::string> public_summary{}; // officers: a communal job's public words, with any action
};

struct list_query {
    std::optional<std::string> status{};
    std::optional<std::string> priority{};
    std::optional<std::string> category{};
    std::optional<std::string> contractor_id{};
    std::optional<std::string> uprn{};
    std::optional<std::string> limit{};
    std::optional<std::string> cursor{};
    std::optional<std::string> overdue{}; // "true": only jobs with a clock the overdue loop found breached
};

struct job_list {
    std::vector<domain::job> items;
    std::optional<std::string> next_cursor;
};

constexpr std::size_t max_description = 5000;
constexpr std::size_t max_short_text = 200;
constexpr std::size_t max_note = 5000;

// A job as its caller is shown it: what they may do with it next, and its clocks.
struct job_view {
    domain::job job;
    std::vector<std::string> allowed_actions;
    std::vector<domain::job_clock> clocks; // none before triage, nor when no clocks are read
};

// What a report or an action wrote: the job as it now is, and the event that records the change.
struct job_change {
    domain::job job;
    domain::event recorded;
};

// The unit's listeners are told of the change inside the same unit of work.
outcome<job_change> record_report(unit_of_work& uow, const domain::actor& who, const report_command& cmd,
                                  domain::instant now);
outcome<job_change> record_action(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                                  const action_command& cmd, domain::instant now);

// The job as `who` is shown it, as the unit of work sees it (after its own writes).
job_view view_of(unit_of_work& uow, const domain::actor& who, domain::job job, domain::instant now);

// record_report or record_action, then the job as the caller is shown it, read in the same unit of work.
outcome<job_view> report_job(unit_of_work& uow, const domain::actor& who, const report_command& cmd,
                             domain::instant now);
outcome<job_view> apply_action(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                               const action_command& cmd, domain::instant now);

outcome<domain::job> get_job(read_store& store, const domain::actor& who, std::string_view reference);

outcome<job_list> list_jobs(read_store& store, const domain::actor& who, const list_query& query);

// The officer's work queue: list_query's filters (its cursor and uprn unused), the jobs still open unless a
// status is given ("all": any status), a search by reference or by words starting the postcode, address or
// tenant's name, and numbered pages in the order the jobs need doing (job_filter::by_due).
struct queue_query {
    list_query filters{};
    std::optional<std::string> search{};
    std::optional<std::string> page{}; // from 1
    // The job ending the page before (from its Next link), or starting the page after (from its Previous
    // link): the page is then read from that job's place in the queue, at the cost of the first page.
    std::optional<std::string> after{};
    std::optional<std::string> before{};
};

constexpr std::int64_t max_queue_page = 100'000;

struct queue_page {
    std::vector<domain::job> items;
    std::int64_t page = 1;
    bool more = false; // a next page follows
};

outcome<queue_page> work_queue(read_store& store, const domain::actor& who, const queue_query& query);

// Every job of the queue `query` asks for (its page unused), in the queue's order, as ids: one sort for the
// queue's CSV export, which then reads the jobs a page at a time (read_store::jobs_by_ids).
outcome<std::vector<id_t>> work_queue_ids(read_store& store, const domain::actor& who,
                                          const queue_query& query);

// The job's history; internal notes are blanked for tenants.
outcome<std::vector<domain::event>> job_events(read_store& store, const domain::actor& who,
                                               std::string_view reference);

// A page of jobs as `who` is shown them: which homes the caller holds and the jobs' clocks are read in one
// query each for the whole page. Without `clocks` (the time services are off) the views have no clocks.
std::vector<job_view> views_of(read_store& store, clock_reads* clocks, const domain::actor& who,
                               std::vector<domain::job> jobs, domain::instant now);

// What the caller may do next with one job.
std::vector<std::string> next_actions(read_store& store, const domain::actor& who, const domain::job& job,
                                      domain::instant now);

} // namespace mend::app
