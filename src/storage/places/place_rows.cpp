#include "storage/places/place_rows.hpp"

#include "storage/sqlite/binding.hpp"

namespace mend::storage {

app::place_record read_place(SQLite::Statement& q) {
    app::place_record out;
    out.id = q.getColumn(0).getInt64();
    out.kind = app::parse_place_kind(q.getColumn(1).getString()).value_or(app::place_kind::block);
    out.name = q.getColumn(2).getString();
    out.address = q.getColumn(3).getString();
    if (!q.getColumn(4).isNull()) {
        out.uprn = q.getColumn(4).getString();
    }
    out.estate_id = read_optional_id(q.getColumn(5));
    return out;
}

app::property_record read_home_with_places(SQLite::Statement& q) {
    app::property_record out{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                             q.getColumn(2).getString(), q.getColumn(3).getString(),
                             q.getColumn(4).getString()};
    out.block_id = read_optional_id(q.getColumn(5));
    out.estate_id = read_optional_id(q.getColumn(6));
    return out;
}

bool find_lives_in(connection& c, app::id_t user_id, app::id_t place_id) {
    auto q = c.prepare("SELECT 1 FROM tenancies t JOIN properties p ON p.id = t.property_id "
                       "WHERE t.user_id = ?1 AND (p.block_id = ?2 OR p.estate_id = ?2) LIMIT 1");
    q->bind(1, user_id);
    q->bind(2, place_id);
    return q->executeStep();
}

} // namespace mend::storage
