// app::follower_reads over the pool of read-only connections.
#pragma once

#include "app/followers.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration.
class sqlite_follower_reads final : public app::follower_reads {
public:
    explicit sqlite_follower_reads(read_pool& pool)
        : pool_(pool) {}

    std::vector<app::follower_record> followers_of(app::id_t job_id) override;
    std::size_t follower_count(app::id_t job_id) override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

} // namespace mend::storage
