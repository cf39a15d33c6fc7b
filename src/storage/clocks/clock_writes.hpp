// app::clock_store over the writer's connection: clocks, their pauses and escalations, inside the group
// writer's transaction.
#pragma once

#include "app/clocks.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class clock_writes final : public app::clock_store {
public:
    explicit clock_writes(connection& c)
        : c_(c) {}

    std::vector<domain::job_clock> clocks_of(app::id_t job_id) override;
    domain::job_clock save_clock(domain::job_clock k) override;
    bool has_event(app::id_t job_id, domain::action a) override;
    std::vector<app::job_clock_row> clocks_to_escalate(domain::instant now, double at_risk_share,
                                                       int limit) override;
    app::escalation insert_escalation(app::escalation e) override;
    void add_holidays(const std::vector<app::added_holiday>& days, std::optional<int> complete_year,
                      app::id_t by, domain::instant at) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
