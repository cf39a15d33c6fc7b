#include "storage/followers/follower_rows.hpp"

#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

namespace mend::storage {

app::follower_record read_follower(SQLite::Statement& q) {
    app::follower_record out;
    out.id = q.getColumn(0).getInt64();
    out.job_id = q.getColumn(1).getInt64();
    out.kind =
        domain::parse<app::follower_kind>(q.getColumn(2).getString()).value_or(app::follower_kind::tenant);
    out.user_id = read_optional_id(q.getColumn(3));
    out.mention_id = read_optional_id(q.getColumn(4));
    out.channel = q.getColumn(5).getString();
    out.address = q.getColumn(6).getString();
    out.name = q.getColumn(7).getString();
    out.added_by = read_optional_id(q.getColumn(8));
    out.added_at = read_millis(q, 9);
    out.home = q.getColumn(10).getString();
    out.mention_reference = q.getColumn(11).getString();
    return out;
}

} // namespace mend::storage
