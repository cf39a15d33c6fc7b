// app::open311_reads over the pool of read-only connections.
#pragma once

#include "app/open311.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration.
class sqlite_open311_reads final : public app::open311_reads {
public:
    explicit sqlite_open311_reads(read_pool& pool)
        : pool_(pool) {}

    std::optional<app::integration> integration_by_key_hash(std::string_view key_hash) override;
    std::vector<app::open311_request> requests_by_service_ids(const std::vector<std::string>& ids) override;
    std::vector<app::open311_request> requests_between(std::optional<app::id_t> integration_id,
                                                       domain::instant from, domain::instant to,
                                                       std::size_t limit) override;
    std::vector<app::open311_update> updates_between(std::optional<app::id_t> integration_id,
                                                     domain::instant from, domain::instant to,
                                                     std::size_t limit) override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

} // namespace mend::storage
