// Use cases on time: keeping a job's target and legal clocks in step with its events, the overdue scan that
// escalates clocks at risk or breached, and listing them. The ports they need are here too.
#pragma once

#include "app/error.hpp"
#include "app/holidays.hpp"
#include "app/jobs.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"
#include "domain/clocks.hpp"
#include "domain/workflow.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::app {

class report_reads; // app/reports.hpp

// A clock with what a list of clocks needs to know about its job.
struct job_clock_row {
    domain::job_clock clock;
    std::string reference;
    std::optional<id_t> contractor_id;
};

// One report of a clock reaching a level, to whom. Written once; the notices feature sends them on (it is not
// built yet: until it is, escalations are rows in clock_escalations and listed through GET /api/v1/clocks).
struct escalation {
    id_t id = 0;
    id_t clock_id = 0;
    id_t job_id = 0;
    std::string reference;
    domain::clock_kind kind = domain::clock_kind::repair_target;
    int level = 0; // 1 at risk, 2 breached
    domain::instant at{};
    domain::instant due{};
    std::string recipient; // "officers", or "contractor" with contractor_id: the firm the job is assigned to
    std::optional<id_t> contractor_id;
};

// The clocks' part of a unit of work (app/unit_of_work.hpp). Reads see the unit's own writes.
class clock_store {
public:
    virtual ~clock_store() = default;
    virtual std::vector<domain::job_clock> clocks_of(id_t job_id) = 0;
    // Inserts when c.id is 0; stores the pauses with it. Returns the clock with its id.
    virtual domain::job_clock save_clock(domain::job_clock c) = 0;
    virtual bool has_event(id_t job_id, domain::action a) = 0;
    // Open clocks whose state at `now` is at a higher level than the one last escalated, oldest first.
    virtual std::vector<job_clock_row> clocks_to_escalate(domain::instant now, double at_risk_share,
                                                          int limit) = 0;
    virtual escalation insert_escalation(escalation e) = 0;
    // Bank holidays an admin adds (app/holidays.hpp); a date already kept is left as it is.
    virtual void add_holidays(const std::vector<added_holiday>& days, std::optional<int> complete_year,
                              id_t by, domain::instant at) = 0;
};

struct clock_filter {
    domain::clock_state state = domain::clock_state::breached; // at_risk or breached
    domain::instant now{};
    double at_risk_share = 0.25;
    domain::visibility visibility{};
    std::optional<id_t> after_id; // keyset cursor on the clock's id
    int limit = 50;
};

// Reads that never wait for the writer; safe from any thread.
class clock_reads {
public:
    virtual ~clock_reads() = default;
    virtual std::vector<domain::job_clock> clocks_of(id_t job_id) = 0;
    // The clocks of every job in `job_ids`, by job id and then clock id, read at once for a page of jobs.
    virtual std::vector<domain::job_clock> clocks_of_jobs(const std::vector<id_t>& job_ids) = 0;
    // Ordered by clock id; at most filter.limit + 1 rows.
    virtual std::vector<job_clock_row> list_clocks(const clock_filter& filter) = 0;
    // How many clocks the filter's visibility sees in its state (its cursor and limit are not used), and jobs
    // by status.
    virtual std::int64_t count_clocks(const clock_filter& filter) = 0;
    virtual std::vector<std::pair<std::string, std::int64_t>> jobs_by_status() = 0;
};

// What the HTTP layer needs of this feature; owned by main.
struct time_services {
    clock_reads& reads;
    const domain::clock_settings& settings;
    report_reads& reports;
    holiday_reads* holidays = nullptr; // what admins added to the calendar; null: the page is not served
};

// Told of each escalation inside the scan's transaction (the notices feature's hook).
class escalation_listener {
public:
    virtual ~escalation_listener() = default;
    virtual void on_escalation(unit_of_work& uow, const escalation& e) = 0;
};

// Keeps clocks in step with each accepted report and action, in the same transaction; refuses the legal
// steps that have nothing to meet and a second rating. Register it with the writer (writer::listen).
class clock_keeper final : public change_listener {
public:
    explicit clock_keeper(const domain::clock_settings& settings)
        : settings_(settings) {}

    std::optional<problem> before_change(unit_of_work& uow, const change& proposed,
                                         domain::event_data& data) override;
    void on_change(unit_of_work& uow, const change& c) override;

private:
    const domain::clock_settings& settings_; // owned by main; outlives every unit of work
};

// Checks the parameters that the time actions take (pause reason, clock, what the investigation found,
// ratings) and records them on the event. Called by apply_action for every action.
std::optional<problem> check_time_parameters(const domain::transition& t, const action_command& cmd,
                                             domain::event_data& data);

// One pass of the overdue loop: escalates up to `limit` clocks and returns how many it escalated.
int escalate_clocks(unit_of_work& uow, domain::instant now, double at_risk_share,
                    const std::vector<escalation_listener*>& hooks = {}, int limit = 500);

struct clock_query {
    std::optional<std::string> state{};
    std::optional<std::string> limit{};
    std::optional<std::string> cursor{};
};

struct clock_page {
    std::vector<job_clock_row> items;
    std::optional<std::string> next_cursor;
};

outcome<clock_page> list_clocks(clock_reads& reads, const domain::actor& who, const clock_query& query,
                                domain::instant now, double at_risk_share);

} // namespace mend::app
