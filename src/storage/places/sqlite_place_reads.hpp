// app::place_reads over the pool of read-only connections.
#pragma once

#include "app/places.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration.
class sqlite_place_reads final : public app::place_reads {
public:
    explicit sqlite_place_reads(read_pool& pool)
        : pool_(pool) {}

    std::vector<app::place_record> places(app::place_kind kind) override;
    std::optional<app::place_record> place_by_id(app::id_t id) override;
    std::vector<app::property_record> homes_in(const app::place_record& place) override;
    std::vector<app::place_record> places_at_postcode(std::string_view postcode) override;
    std::vector<domain::job> communal_jobs(const std::vector<app::id_t>& place_ids,
                                           domain::instant fixed_since) override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

} // namespace mend::storage
