#include "storage/open311/sqlite_open311_reads.hpp"

#include "storage/jobs/job_rows.hpp"
#include "storage/open311/open311_rows.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

#include <boost/json.hpp>

namespace mend::storage {

std::optional<app::integration> sqlite_open311_reads::integration_by_key_hash(std::string_view key_hash) {
    static const std::string sql =
        std::string(select_integration) + "WHERE key_hash = ? AND revoked_at IS NULL";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, std::string(key_hash));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_integration(*q);
}

std::vector<app::open311_request>
sqlite_open311_reads::requests_by_service_ids(const std::vector<std::string>& ids) {
    static const std::string sql =
        std::string(select_request) +
        "WHERE r.service_request_id IN (SELECT value FROM json_each(?)) ORDER BY r.id";
    boost::json::array list;
    for (const auto& id : ids) {
        list.emplace_back(id);
    }
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, boost::json::serialize(list));
    std::vector<app::open311_request> out;
    while (q->executeStep()) {
        out.push_back(read_request(*q));
    }
    return out;
}

std::vector<app::open311_request>
sqlite_open311_reads::requests_between(std::optional<app::id_t> integration_id, domain::instant from,
                                       domain::instant to, std::size_t limit) {
    static const std::string sql =
        std::string(select_request) +
        "WHERE (?1 IS NULL OR r.integration_id = ?1) AND r.created_at BETWEEN ?2 AND ?3 "
        "ORDER BY r.created_at, r.id LIMIT ?4";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    bind_optional(*q, 1, integration_id);
    bind_millis(*q, 2, from);
    bind_millis(*q, 3, to);
    q->bind(4, static_cast<std::int64_t>(limit));
    std::vector<app::open311_request> out;
    while (q->executeStep()) {
        out.push_back(read_request(*q));
    }
    return out;
}

std::vector<app::open311_update>
sqlite_open311_reads::updates_between(std::optional<app::id_t> integration_id, domain::instant from,
                                      domain::instant to, std::size_t limit) {
    // Events are stored to the second; the window is inclusive at both ends, as clients check it.
    static const std::string sql =
        "SELECT e.id, r.service_request_id, e.at, e.to_status, e.note FROM events e "
        "JOIN open311_requests r ON r.request_id = e.request_id "
        "WHERE (?1 IS NULL OR r.integration_id = ?1) AND e.at BETWEEN ?2 AND ?3 "
        "AND (e.from_status IS NULL OR e.from_status != e.to_status OR e.note != '') "
        "ORDER BY e.at, e.id LIMIT ?4";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    bind_optional(*q, 1, integration_id);
    q->bind(2, domain::to_unix(domain::whole_seconds(from + std::chrono::milliseconds(999))));
    q->bind(3, domain::to_unix(to));
    q->bind(4, static_cast<std::int64_t>(limit));
    std::vector<app::open311_update> out;
    while (q->executeStep()) {
        app::open311_update u;
        u.update_id = std::to_string(q->getColumn(0).getInt64());
        u.service_request_id = q->getColumn(1).getString();
        u.at = domain::from_unix(q->getColumn(2).getInt64());
        u.status = parse_stored<domain::status>(q->getColumn(3).getString());
        u.description = q->getColumn(4).getString();
        out.push_back(std::move(u));
    }
    return out;
}

} // namespace mend::storage
