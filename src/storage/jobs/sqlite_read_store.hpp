// app::read_store over the pool of read-only connections.
#pragma once

#include "app/ports.hpp"
#include "storage/sqlite/read_pool.hpp"

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration. Sees the last committed batch (WAL snapshot).
class sqlite_read_store final : public app::read_store {
public:
    explicit sqlite_read_store(read_pool& pool)
        : pool_(pool) {}

    std::optional<domain::actor> actor_by_token_hash(std::string_view token_hash) override;
    std::optional<domain::job> job_by_reference(std::string_view reference) override;
    bool holds_home(app::id_t user_id, app::id_t property_id) override;
    std::vector<app::id_t> held_homes(app::id_t user_id, const std::vector<app::id_t>& property_ids) override;
    std::vector<app::id_t> job_ids(const app::job_filter& filter,
                                   const domain::visibility& visibility) override;
    std::vector<domain::job> jobs_by_ids(const std::vector<app::id_t>& ids) override;
    bool lives_in_place(app::id_t user_id, app::id_t place_id) override;
    std::vector<domain::job> list_jobs(const app::job_filter& filter,
                                       const domain::visibility& visibility) override;
    std::vector<domain::event> events_of(app::id_t job_id) override;

    // How long a token's user is remembered. Every API call resolves its token, and a read transaction costs
    // a few file-lock system calls; tokens are never reissued to another user, so a short memory is safe.
    static constexpr std::chrono::seconds actor_ttl{30};
    static constexpr std::size_t max_cached_actors = 10'000;

private:
    std::optional<domain::actor> find_actor(std::string_view token_hash);

    struct cached_actor {
        domain::actor who;
        std::chrono::steady_clock::time_point fetched;
    };

    read_pool& pool_; // owned by the database, which outlives this
    std::mutex cache_mutex_;
    std::unordered_map<std::string, cached_actor> actors_; // by token hash; only tokens that exist
};

} // namespace mend::storage
