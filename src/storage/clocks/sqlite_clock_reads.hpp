// app::clock_reads over the pool of read-only connections.
#pragma once

#include "app/clocks.hpp"
#include "app/holidays.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration.
class sqlite_clock_reads final : public app::clock_reads, public app::holiday_reads {
public:
    explicit sqlite_clock_reads(read_pool& pool)
        : pool_(pool) {}

    std::vector<domain::job_clock> clocks_of(app::id_t job_id) override;
    std::vector<domain::job_clock> clocks_of_jobs(const std::vector<app::id_t>& job_ids) override;
    std::vector<app::job_clock_row> list_clocks(const app::clock_filter& filter) override;
    std::int64_t count_clocks(const app::clock_filter& filter) override;
    std::vector<std::pair<std::string, std::int64_t>> jobs_by_status() override;
    app::holiday_list added_holidays() override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

} // namespace mend::storage
