// app::complaint_reads over the pool of read-only connections.
#pragma once

#include "app/complaints.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration.
class sqlite_complaint_reads final : public app::complaint_reads {
public:
    explicit sqlite_complaint_reads(read_pool& pool)
        : pool_(pool) {}

    std::optional<app::complaint_detail> complaint(std::string_view reference) override;
    std::vector<app::complaint_row> complaints(const app::complaint_filter& filter) override;
    std::vector<domain::complaint_clock> clocks_between(domain::instant from, domain::instant to) override;
    std::int64_t homes() override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

} // namespace mend::storage
