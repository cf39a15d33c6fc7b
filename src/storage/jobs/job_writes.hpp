// app::job_store over the writer's connection: jobs and their events, inside the group writer's transaction.
#pragma once

#include "app/ports.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class job_writes final : public app::job_store {
public:
    explicit job_writes(connection& c)
        : c_(c) {}

    std::optional<domain::job> job_by_reference(std::string_view reference) override;
    domain::job insert_job(domain::job job) override;
    void update_job(const domain::job& job) override;
    domain::event append_event(domain::event e) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
