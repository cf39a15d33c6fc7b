// Complaints on the Housing Ombudsman's Complaint Handling Code: raising one about a repair, acknowledging,
// extending, answering and escalating it, the letters the tenant gets, the overdue scan of its clocks, and
// the Code's self-assessment figures. The ports they need are here too.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"
#include "app/reports.hpp"
#include "app/unit_of_work.hpp"
#include "domain/clocks.hpp"
#include "domain/complaints.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::app {

struct notice_policy; // app/notices/notices.hpp

struct complaint_detail {
    domain::complaint complaint;
    std::vector<domain::complaint_clock> clocks; // in the order they started
    std::vector<domain::complaint_event> events; // in the order they happened
    std::vector<std::string> jobs;               // references of the linked jobs, the first one first
};

// The complaints' part of a unit of work (app/unit_of_work.hpp). Reads see the unit's own writes.
class complaint_store {
public:
    virtual ~complaint_store() = default;
    virtual std::optional<domain::complaint> complaint_by_reference(std::string_view reference) = 0;
    // Sets id and a fresh reference.
    virtual domain::complaint insert_complaint(domain::complaint c) = 0;
    virtual void update_complaint(const domain::complaint& c) = 0;
    virtual std::vector<domain::complaint_clock> clocks_of(id_t complaint_id) = 0;
    // Inserts when c.id is 0. Returns the clock with its id.
    virtual domain::complaint_clock save_clock(domain::complaint_clock c) = 0;
    virtual domain::complaint_event append_event(domain::complaint_event e) = 0;
    // False when the job was linked already.
    virtual bool link_job(id_t complaint_id, id_t job_id, id_t by, domain::instant at) = 0;
    // Open clocks of open complaints whose state at `now` is past the level last escalated, nearest due
    // first.
    virtual std::vector<std::pair<domain::complaint, domain::complaint_clock>>
    clocks_to_escalate(domain::instant now, double at_risk_share, int limit) = 0;
};

struct complaint_filter {
    bool open = true;                   // open complaints, or closed ones
    std::optional<id_t> complainant_id; // a tenant's own
    std::optional<std::string> job;     // complaints linked to this job
    std::optional<id_t> after_id;       // keyset cursor on the complaint's id
    int limit = 50;
};

// A complaint in a list, with the clock that is running (the next thing owed), if any.
struct complaint_row {
    domain::complaint complaint;
    std::optional<domain::complaint_clock> running;
};

// Reads that never wait for the writer; safe from any thread.
class complaint_reads {
public:
    virtual ~complaint_reads() = default;
    virtual std::optional<complaint_detail> complaint(std::string_view reference) = 0;
    // Ordered by id; at most filter.limit + 1 rows.
    virtual std::vector<complaint_row> complaints(const complaint_filter& filter) = 0;
    // Every clock started or met in [from, to).
    virtual std::vector<domain::complaint_clock> clocks_between(domain::instant from, domain::instant to) = 0;
    virtual std::int64_t homes() = 0;
};

// What the complaint use cases need besides the unit of work. Owned by main; read-only after start.
struct complaint_services {
    complaint_reads& reads;
    const domain::clock_settings& settings; // the calendar and the at-risk share
    domain::code_periods periods{};
    const notice_policy* notices = nullptr; // the letters to the tenant; null: none are written
};

struct complaint_input {
    std::optional<std::string> job;            // the reference of the repair it is about
    std::optional<std::string> summary;        // the complaint, in the tenant's words
    std::optional<std::string> outcome_wanted; // what would put it right
    std::optional<std::string> via;            // staff: how it came in (phone, letter, ...); tenants: web
    std::optional<std::string> received_at;    // staff: when it was received (date or ISO time); default now
    // Staff: the social inbox's mention (its id) the complaint came in as. It is linked to the job (no public
    // reply: complaints are answered privately); via is social, received_at is when the post came in and
    // summary, when not given, is the post's text.
    std::optional<std::string> mention;
};

// Tenants complain about their own repairs; officers and admins log a complaint for the job's tenant. Returns
// the complaint as stored; callers show it with complaint_of, after the commit.
outcome<domain::complaint> raise_complaint(unit_of_work& uow, const complaint_services& svc,
                                           const domain::actor& who, const complaint_input& in,
                                           domain::instant now);

struct complaint_step_input {
    std::optional<std::string> action;   // acknowledge, extend, respond, escalate, link_job, close
    std::optional<std::string> note;     // acknowledge: what the landlord understands the complaint to be
    std::optional<std::string> response; // respond: the answer the tenant gets
    std::optional<std::string> reason;   // extend, escalate, close: why
    std::optional<std::string> days;     // extend: working days more
    std::optional<std::string> job;      // link_job: the job's reference
};

// Officers and admins take every step; the complainant may only escalate, and only their own complaint.
outcome<domain::complaint> act_on_complaint(unit_of_work& uow, const complaint_services& svc,
                                            const domain::actor& who, std::string_view reference,
                                            const complaint_step_input& in, domain::instant now);

// Writes officer notices (complaint_at_risk, complaint_breached) for clocks that reached a new level. In the
// overdue scan's transaction; returns how many clocks were escalated.
int escalate_complaint_clocks(unit_of_work& uow, const complaint_services& svc, domain::instant now,
                              int limit = 200);

// Staff see every complaint; a tenant only their own (others are not found, as for jobs).
outcome<complaint_detail> complaint_of(complaint_reads& reads, const domain::actor& who,
                                       std::string_view reference);

struct complaint_page {
    std::vector<complaint_row> items;
    std::optional<std::string> next_cursor;
};

struct complaint_query {
    std::optional<std::string> status; // open (default) or closed
    std::optional<std::string> job;
    std::optional<std::string> limit;
    std::optional<std::string> cursor;
};

// Staff: the queue (open complaints by default); tenants: their own.
outcome<complaint_page> list_complaints(complaint_reads& reads, const domain::actor& who,
                                        const complaint_query& query);

// Staff only: the Code's self-assessment figures over [p.from, p.to).
outcome<domain::complaint_figures> complaint_figures(complaint_reads& reads, const domain::actor& who,
                                                     const period& p);

// The words an action's refusal or a clock is shown with, e.g. "stage 1 response".
std::string complaint_clock_words(const domain::complaint_clock& c);

} // namespace mend::app
