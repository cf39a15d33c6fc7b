// app::complaint_store over the writer's connection: complaints, their clocks, history and linked jobs.
#pragma once

#include "app/complaints.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class complaint_writes final : public app::complaint_store {
public:
    explicit complaint_writes(connection& c)
        : c_(c) {}

    std::optional<domain::complaint> complaint_by_reference(std::string_view reference) override;
    domain::complaint insert_complaint(domain::complaint k) override;
    void update_complaint(const domain::complaint& k) override;
    std::vector<domain::complaint_clock> clocks_of(domain::id_t complaint_id) override;
    domain::complaint_clock save_clock(domain::complaint_clock clock) override;
    domain::complaint_event append_event(domain::complaint_event e) override;
    bool link_job(domain::id_t complaint_id, domain::id_t job_id, domain::id_t by,
                  domain::instant at) override;
    std::vector<std::pair<domain::complaint, domain::complaint_clock>>
    clocks_to_escalate(domain::instant now, double at_risk_share, int limit) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
