// The web's write port (app::web_write_port) on the writer's transaction.
#include "storage/sqlite_write_tx.hpp"

namespace mend::storage {

void sqlite_write_tx::set_password_hash(app::id_t user_id, const std::string& hash) {
    auto q = c_.prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    q->bind(1, hash);
    q->bind(2, user_id);
    q->exec();
}

void sqlite_write_tx::insert_session(const std::string& id_hash, app::id_t user_id, const std::string& csrf,
                                     domain::instant created, domain::instant expires) {
    // Expired sessions of the same user go as a new one starts, so the table stays small without a sweeper.
    auto sweep = c_.prepare("DELETE FROM web_sessions WHERE user_id = ? AND expires_at <= ?");
    sweep->bind(1, user_id);
    sweep->bind(2, domain::to_unix(created));
    sweep->exec();
    auto q = c_.prepare(
        "INSERT INTO web_sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    q->bind(1, id_hash);
    q->bind(2, user_id);
    q->bind(3, csrf);
    q->bind(4, domain::to_unix(created));
    q->bind(5, domain::to_unix(expires));
    q->exec();
}

void sqlite_write_tx::delete_session(const std::string& id_hash) {
    auto q = c_.prepare("DELETE FROM web_sessions WHERE id_hash = ?");
    q->bind(1, id_hash);
    q->exec();
}

void sqlite_write_tx::delete_sessions_of(app::id_t user_id) {
    auto q = c_.prepare("DELETE FROM web_sessions WHERE user_id = ?");
    q->bind(1, user_id);
    q->exec();
}

void sqlite_write_tx::insert_tracking_token(app::id_t job_id, const std::string& token) {
    auto q = c_.prepare("INSERT INTO tracking_links (request_id, token) VALUES (?, ?)");
    q->bind(1, job_id);
    q->bind(2, token);
    q->exec();
}

void sqlite_write_tx::insert_photo(const app::photo_record& photo, app::id_t uploaded_by,
                                   domain::instant at) {
    auto q = c_.prepare("INSERT OR IGNORE INTO photos (request_id, sha256, content_type, bytes, event_seq, "
                        "uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, photo.job_id);
    q->bind(2, photo.sha256);
    q->bind(3, photo.type == app::photo_type::png ? "image/png" : "image/jpeg");
    q->bind(4, photo.bytes);
    q->bind(5, photo.event_seq);
    q->bind(6, uploaded_by);
    q->bind(7, domain::to_unix(at));
    q->exec();
}

std::optional<app::id_t> sqlite_write_tx::tenant_of_property(app::id_t property_id) {
    auto q = c_.prepare("SELECT t.user_id FROM tenancies t JOIN users u ON u.id = t.user_id "
                        "WHERE t.property_id = ? AND u.role = 'tenant' ORDER BY t.user_id LIMIT 1");
    q->bind(1, property_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return q->getColumn(0).getInt64();
}

} // namespace mend::storage
