#include "storage/followers/sqlite_follower_reads.hpp"

#include "storage/followers/follower_rows.hpp"

namespace mend::storage {

std::vector<app::follower_record> sqlite_follower_reads::followers_of(app::id_t job_id) {
    static const std::string sql = std::string(select_follower) + "WHERE f.request_id = ? ORDER BY f.id";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, job_id);
    std::vector<app::follower_record> out;
    while (q->executeStep()) {
        out.push_back(read_follower(*q));
    }
    return out;
}

std::size_t sqlite_follower_reads::follower_count(app::id_t job_id) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT count(*) FROM followers WHERE request_id = ?");
    q->bind(1, job_id);
    q->executeStep();
    return static_cast<std::size_t>(q->getColumn(0).getInt64());
}

} // namespace mend::storage
