// app::follower_store over the writer's connection: a job's followers, inside the group writer's transaction.
#pragma once

#include "app/followers.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class follower_writes final : public app::follower_store {
public:
    explicit follower_writes(connection& c)
        : c_(c) {}

    std::vector<app::follower_record> followers_of(app::id_t job_id) override;
    std::optional<app::follower_record> follower_by_id(app::id_t id) override;
    std::optional<app::follower_record> insert_follower(app::follower_record f) override;
    void delete_follower(app::id_t id) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
