#include "storage/places/place_writes.hpp"

#include "storage/places/place_rows.hpp"
#include "storage/sqlite/binding.hpp"

namespace mend::storage {

namespace {

std::optional<app::place_record> first_place(SQLite::Statement& q) {
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return read_place(q);
}

} // namespace

std::optional<app::place_record> place_writes::place_by_id(app::id_t id) {
    static const std::string sql = std::string(select_place) + "WHERE id = ?";
    auto q = c_.prepare(sql);
    q->bind(1, id);
    return first_place(*q);
}

std::optional<app::place_record> place_writes::place_by_name(app::place_kind kind, std::string_view name) {
    static const std::string sql = std::string(select_place) + "WHERE kind = ? AND name = ?";
    auto q = c_.prepare(sql);
    q->bind(1, std::string(app::to_string(kind)));
    q->bind(2, std::string(name));
    return first_place(*q);
}

std::optional<app::place_record> place_writes::place_by_uprn(std::string_view uprn) {
    static const std::string sql = std::string(select_place) + "WHERE uprn = ?";
    auto q = c_.prepare(sql);
    q->bind(1, std::string(uprn));
    return first_place(*q);
}

app::place_record place_writes::insert_place(app::place_record place) {
    auto q = c_.prepare("INSERT INTO places (kind, name, address, uprn, estate_id, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    q->bind(1, std::string(app::to_string(place.kind)));
    q->bind(2, place.name);
    q->bind(3, place.address);
    bind_optional(*q, 4, place.uprn);
    bind_optional(*q, 5, place.estate_id);
    q->bind(6, domain::to_unix(app::system_clock{}.now()));
    q->exec();
    place.id = c_.db().getLastInsertRowid();
    return place;
}

std::optional<app::property_record> place_writes::home_by_id(app::id_t property_id) {
    static const std::string sql = std::string(select_home_with_places) + "WHERE id = ?";
    auto q = c_.prepare(sql);
    q->bind(1, property_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_home_with_places(*q);
}

bool place_writes::lives_in(app::id_t user_id, app::id_t place_id) {
    return find_lives_in(c_, user_id, place_id);
}

bool place_writes::has_leaseholders(app::id_t place_id) {
    auto q = c_.prepare("SELECT 1 FROM tenancies t JOIN properties p ON p.id = t.property_id "
                        "WHERE t.tenure != 'tenant' AND (p.block_id = ?1 OR p.estate_id = ?1) LIMIT 1");
    q->bind(1, place_id);
    return q->executeStep();
}

std::optional<app::property_record> place_writes::communal_home(app::id_t place_id) {
    static const std::string sql = std::string(select_home_with_places) + "WHERE communal_of = ?";
    auto q = c_.prepare(sql);
    q->bind(1, place_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_home_with_places(*q);
}

app::property_record place_writes::insert_communal_home(app::id_t place_id, const std::string& uprn,
                                                        const std::string& address) {
    auto q = c_.prepare(
        "INSERT INTO properties (uprn, address, postcode, created_at, communal_of) VALUES (?1, ?2, "
        "COALESCE((SELECT postcode FROM properties WHERE (block_id = ?3 OR estate_id = ?3) AND communal_of "
        "IS NULL ORDER BY uprn LIMIT 1), ''), ?4, ?3)");
    q->bind(1, uprn);
    q->bind(2, address);
    q->bind(3, place_id);
    q->bind(4, domain::to_unix(app::system_clock{}.now()));
    q->exec();
    return *communal_home(place_id);
}

} // namespace mend::storage
