// app::clock_tx over the writer's connection: the clocks' part of sqlite_write_tx.
#pragma once

#include "app/clocks.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// A base of sqlite_write_tx, so that tx.extension<app::clock_tx>() finds it. Writer thread only.
class sqlite_clock_tx : public app::clock_tx {
public:
    explicit sqlite_clock_tx(connection& c)
        : c_(c) {}

    std::vector<domain::job_clock> clocks_of(app::id_t job_id) override;
    domain::job_clock save_clock(domain::job_clock k) override;
    bool has_event(app::id_t job_id, domain::action a) override;
    std::vector<app::job_clock_row> clocks_to_escalate(domain::instant now, double at_risk_share,
                                                       int limit) override;
    app::escalation insert_escalation(app::escalation e) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
