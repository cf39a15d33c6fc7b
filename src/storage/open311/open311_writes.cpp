#include "storage/open311/open311_writes.hpp"

#include "storage/open311/open311_rows.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

namespace mend::storage {

app::integration open311_writes::insert_integration(const app::new_integration& in,
                                                    const std::string& key_hash, domain::instant now) {
    auto user = c_.prepare("INSERT INTO users (role, name, created_at) VALUES ('system', ?, ?)");
    user->bind(1, "via " + in.name);
    user->bind(2, domain::to_unix(now));
    user->exec();
    app::integration out{0,   in.kind,     in.name, in.jurisdiction, c_.db().getLastInsertRowid(),
                         now, std::nullopt};
    auto q = c_.prepare("INSERT INTO integrations (kind, name, jurisdiction, key_hash, user_id, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    q->bind(1, out.kind);
    q->bind(2, out.name);
    q->bind(3, out.jurisdiction);
    q->bind(4, key_hash);
    q->bind(5, out.user_id);
    bind_millis(*q, 6, now);
    q->exec();
    out.id = c_.db().getLastInsertRowid();
    return out;
}

std::vector<app::integration> open311_writes::integrations() {
    auto q = c_.prepare(std::string(select_integration) + "ORDER BY id");
    std::vector<app::integration> out;
    while (q->executeStep()) {
        out.push_back(read_integration(*q));
    }
    return out;
}

std::optional<app::integration> open311_writes::integration_by_id(app::id_t id) {
    auto q = c_.prepare(std::string(select_integration) + "WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_integration(*q);
}

void open311_writes::revoke_integration(app::id_t id, domain::instant now) {
    auto q = c_.prepare("UPDATE integrations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    bind_millis(*q, 1, now);
    q->bind(2, id);
    q->exec();
}

std::optional<app::open311_request> open311_writes::request_by_sender(app::id_t integration_id,
                                                                      std::string_view sender_id) {
    auto q = c_.prepare(std::string(select_request) + "WHERE r.integration_id = ? AND r.sender_id = ?");
    q->bind(1, integration_id);
    q->bind(2, std::string(sender_id));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_request(*q);
}

std::optional<app::open311_request>
open311_writes::request_by_service_id(std::string_view service_request_id) {
    auto q = c_.prepare(std::string(select_request) + "WHERE r.service_request_id = ?");
    q->bind(1, std::string(service_request_id));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_request(*q);
}

app::open311_request open311_writes::insert_request(app::open311_request r) {
    auto q = c_.prepare(
        "INSERT INTO open311_requests (integration_id, sender_id, service_request_id, request_id, "
        "mention_id, service_code, lat, long, address_string, first_name, last_name, email, phone, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, r.integration_id);
    bind_optional(*q, 2, r.sender_id);
    q->bind(3, r.service_request_id);
    bind_optional(*q, 4, r.job_id);
    bind_optional(*q, 5, r.mention_id);
    q->bind(6, r.service_code);
    q->bind(7, r.lat);
    q->bind(8, r.lon);
    q->bind(9, r.address_string);
    q->bind(10, r.first_name);
    q->bind(11, r.last_name);
    q->bind(12, r.email);
    q->bind(13, r.phone);
    bind_millis(*q, 14, r.created_at);
    q->exec();
    r.id = c_.db().getLastInsertRowid();
    return r;
}

void open311_writes::link_converted(app::id_t mention_id, app::id_t job_id) {
    auto q =
        c_.prepare("UPDATE open311_requests SET request_id = ? WHERE mention_id = ? AND request_id IS NULL");
    q->bind(1, job_id);
    q->bind(2, mention_id);
    q->exec();
}

std::vector<app::property_record> open311_writes::homes_with_postcode(std::string_view postcode) {
    auto q = c_.prepare("SELECT id, uprn, address, postcode FROM properties "
                        "WHERE upper(replace(postcode, ' ', '')) = upper(replace(?, ' ', '')) ORDER BY id");
    q->bind(1, std::string(postcode));
    std::vector<app::property_record> out;
    while (q->executeStep()) {
        out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                       q->getColumn(3).getString()});
    }
    return out;
}

std::optional<app::id_t> open311_writes::comment_event(app::id_t integration_id, std::string_view update_id) {
    auto q = c_.prepare("SELECT event_id FROM open311_comments WHERE integration_id = ? AND update_id = ?");
    q->bind(1, integration_id);
    q->bind(2, std::string(update_id));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return q->getColumn(0).getInt64();
}

void open311_writes::insert_comment(app::id_t integration_id, const std::string& update_id,
                                    app::id_t event_id) {
    auto q =
        c_.prepare("INSERT INTO open311_comments (integration_id, update_id, event_id) VALUES (?, ?, ?)");
    q->bind(1, integration_id);
    q->bind(2, update_id);
    q->bind(3, event_id);
    q->exec();
}

} // namespace mend::storage
