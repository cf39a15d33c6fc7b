#include "storage/places/sqlite_place_reads.hpp"

#include "storage/jobs/job_rows.hpp"
#include "storage/places/place_rows.hpp"
#include "storage/sqlite/binding.hpp"

namespace mend::storage {

std::vector<app::place_record> sqlite_place_reads::places(app::place_kind kind) {
    static const std::string sql = std::string(select_place) + "WHERE kind = ? ORDER BY name, id";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, std::string(app::to_string(kind)));
    std::vector<app::place_record> out;
    while (q->executeStep()) {
        out.push_back(read_place(*q));
    }
    return out;
}

std::optional<app::place_record> sqlite_place_reads::place_by_id(app::id_t id) {
    static const std::string sql = std::string(select_place) + "WHERE id = ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_place(*q);
}

std::vector<app::property_record> sqlite_place_reads::homes_in(const app::place_record& place) {
    // Two statements rather than one with an OR, so that each uses its partial index.
    static const std::string of_block =
        std::string(select_home_with_places) + "WHERE block_id = ? AND block_id IS NOT NULL ORDER BY uprn";
    static const std::string of_estate =
        std::string(select_home_with_places) + "WHERE estate_id = ? AND estate_id IS NOT NULL ORDER BY uprn";
    auto c = pool_.borrow();
    auto q = c->prepare(place.kind == app::place_kind::block ? of_block : of_estate);
    q->bind(1, place.id);
    std::vector<app::property_record> out;
    while (q->executeStep()) {
        out.push_back(read_home_with_places(*q));
    }
    return out;
}

std::vector<app::place_record> sqlite_place_reads::places_at_postcode(std::string_view postcode) {
    static const std::string sql =
        std::string(select_place) +
        "WHERE id IN (SELECT block_id FROM properties WHERE REPLACE(UPPER(postcode), ' ', '') = ?1 "
        "UNION SELECT estate_id FROM properties WHERE REPLACE(UPPER(postcode), ' ', '') = ?1) "
        "ORDER BY kind, name, id";
    std::string compact;
    for (const char ch : postcode) {
        if (ch != ' ') {
            compact.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
        }
    }
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, compact);
    std::vector<app::place_record> out;
    while (q->executeStep()) {
        out.push_back(read_place(*q));
    }
    return out;
}

std::vector<domain::job> sqlite_place_reads::communal_jobs(const std::vector<app::id_t>& place_ids,
                                                           domain::instant fixed_since) {
    static const std::string sql =
        std::string(select_job) +
        "WHERE r.place_id IN (SELECT value FROM json_each(?1)) AND (r.status NOT IN ('completed', "
        "'resolved', "
        "'closed', 'cancelled', 'rejected', 'duplicate') OR (r.status IN ('completed', 'resolved', 'closed') "
        "AND r.updated_at >= ?2)) ORDER BY r.updated_at DESC, r.id DESC";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    bind_ids(*q, 1, place_ids);
    q->bind(2, domain::to_unix(fixed_since));
    std::vector<domain::job> out;
    while (q->executeStep()) {
        out.push_back(read_job(*q));
    }
    return out;
}

} // namespace mend::storage
