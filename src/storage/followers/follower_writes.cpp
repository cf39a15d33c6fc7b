#include "storage/followers/follower_writes.hpp"

#include "storage/followers/follower_rows.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

namespace mend::storage {

std::vector<app::follower_record> follower_writes::followers_of(app::id_t job_id) {
    static const std::string sql = std::string(select_follower) + "WHERE f.request_id = ? ORDER BY f.id";
    auto q = c_.prepare(sql);
    q->bind(1, job_id);
    std::vector<app::follower_record> out;
    while (q->executeStep()) {
        out.push_back(read_follower(*q));
    }
    return out;
}

std::optional<app::follower_record> follower_writes::follower_by_id(app::id_t id) {
    static const std::string sql = std::string(select_follower) + "WHERE f.id = ?";
    auto q = c_.prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_follower(*q);
}

std::optional<app::follower_record> follower_writes::insert_follower(app::follower_record f) {
    // The partial unique indexes say who follows already: such a row is left as it is.
    auto q = c_.prepare("INSERT OR IGNORE INTO followers (request_id, kind, user_id, mention_id, channel, "
                        "address, name, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, f.job_id);
    q->bind(2, std::string(app::to_string(f.kind)));
    bind_optional(*q, 3, f.user_id);
    bind_optional(*q, 4, f.mention_id);
    q->bind(5, f.channel);
    q->bind(6, f.address);
    q->bind(7, f.name);
    bind_optional(*q, 8, f.added_by);
    bind_millis(*q, 9, f.added_at);
    if (q->exec() == 0) {
        return std::nullopt;
    }
    return follower_by_id(c_.db().getLastInsertRowid());
}

void follower_writes::delete_follower(app::id_t id) {
    auto q = c_.prepare("DELETE FROM followers WHERE id = ?");
    q->bind(1, id);
    q->exec();
}

} // namespace mend::storage
