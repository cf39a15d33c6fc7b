#include "storage/accounts/account_writes.hpp"

#include "domain/text.hpp"
#include "storage/jobs/job_rows.hpp"
#include "storage/sqlite/binding.hpp"

namespace mend::storage {

namespace {

// When an account, a firm or a home was added, as its created_at column stores it (Unix seconds).
std::int64_t created_now() {
    return domain::to_unix(app::system_clock{}.now());
}

} // namespace

std::optional<app::property_record> account_writes::property_by_uprn(std::string_view uprn) {
    auto q = c_.prepare("SELECT id, uprn, address, postcode FROM properties WHERE uprn = ?");
    q->bind(1, std::string(uprn));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return app::property_record{q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                                q->getColumn(2).getString(), q->getColumn(3).getString()};
}

std::optional<app::user_record> account_writes::user_by_id(app::id_t id) {
    auto q = c_.prepare("SELECT id, role, name, email, phone, contractor_id FROM users WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    app::user_record u;
    u.id = q->getColumn(0).getInt64();
    u.role = parse_stored<domain::role>(q->getColumn(1).getString());
    u.name = q->getColumn(2).getString();
    if (!q->getColumn(3).isNull()) {
        u.email = q->getColumn(3).getString();
    }
    if (!q->getColumn(4).isNull()) {
        u.phone = q->getColumn(4).getString();
    }
    if (!q->getColumn(5).isNull()) {
        u.contractor_id = q->getColumn(5).getInt64();
    }
    return u;
}

std::optional<app::contractor_record> account_writes::contractor_by_id(app::id_t id) {
    auto q = c_.prepare("SELECT id, name, trades FROM contractors WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return app::contractor_record{q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                                  domain::split_list(q->getColumn(2).getString())};
}

bool account_writes::holds_home(app::id_t user_id, app::id_t property_id) {
    return find_holds_home(c_, user_id, property_id);
}

app::user_record account_writes::insert_user(app::user_record user, const std::string& token_hash) {
    auto q = c_.prepare("INSERT INTO users (role, name, email, phone, contractor_id, token_hash, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, std::string(domain::to_string(user.role)));
    q->bind(2, user.name);
    bind_optional(*q, 3, user.email);
    bind_optional(*q, 4, user.phone);
    bind_optional(*q, 5, user.contractor_id);
    q->bind(6, token_hash);
    q->bind(7, created_now());
    q->exec();
    user.id = c_.db().getLastInsertRowid();
    return user;
}

app::contractor_record account_writes::insert_contractor(app::contractor_record firm) {
    auto q = c_.prepare("INSERT INTO contractors (name, trades, created_at) VALUES (?, ?, ?)");
    q->bind(1, firm.name);
    q->bind(2, domain::join_list(firm.trades));
    q->bind(3, created_now());
    q->exec();
    firm.id = c_.db().getLastInsertRowid();
    return firm;
}

bool account_writes::set_access_notes(app::id_t property_id, const std::string& notes, app::id_t changed_by,
                                      domain::instant at) {
    auto update = c_.prepare("UPDATE properties SET access_notes = ? WHERE id = ?");
    auto change = c_.prepare(
        "INSERT INTO access_note_changes (property_id, notes, changed_by, changed_at) VALUES (?, ?, ?, ?)");
    if (notes.empty()) {
        update->bind(1);
        change->bind(2);
    } else {
        update->bind(1, notes);
        change->bind(2, notes);
    }
    update->bind(2, property_id);
    if (update->exec() == 0) {
        return false;
    }
    change->bind(1, property_id);
    change->bind(3, changed_by);
    change->bind(4, domain::to_unix(at));
    change->exec();
    return true;
}

app::property_record account_writes::insert_property(app::property_record home) {
    auto q = c_.prepare(
        "INSERT INTO properties (uprn, address, postcode, created_at, access_notes, block_id, estate_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, home.uprn);
    q->bind(2, home.address);
    q->bind(3, home.postcode);
    q->bind(4, created_now());
    if (domain::is_blank(home.access_notes)) {
        q->bind(5);
    } else {
        q->bind(5, home.access_notes);
    }
    bind_optional(*q, 6, home.block_id);
    bind_optional(*q, 7, home.estate_id);
    q->exec();
    home.id = c_.db().getLastInsertRowid();
    return home;
}

void account_writes::add_tenancy(app::id_t property_id, app::id_t user_id, domain::home_tenure tenure) {
    auto q = c_.prepare("INSERT OR IGNORE INTO tenancies (property_id, user_id, tenure) VALUES (?, ?, ?)");
    q->bind(1, property_id);
    q->bind(2, user_id);
    q->bind(3, std::string(domain::to_string(tenure)));
    q->exec();
}

std::optional<domain::home_tenure> account_writes::tenure_of(app::id_t user_id, app::id_t property_id) {
    auto q = c_.prepare("SELECT tenure FROM tenancies WHERE user_id = ? AND property_id = ?");
    q->bind(1, user_id);
    q->bind(2, property_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return parse_stored<domain::home_tenure>(q->getColumn(0).getString());
}

void account_writes::set_password_hash(app::id_t user_id, const std::string& hash) {
    auto q = c_.prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    q->bind(1, hash);
    q->bind(2, user_id);
    q->exec();
}

void account_writes::insert_session(const std::string& id_hash, app::id_t user_id, const std::string& csrf,
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

void account_writes::delete_session(const std::string& id_hash) {
    auto q = c_.prepare("DELETE FROM web_sessions WHERE id_hash = ?");
    q->bind(1, id_hash);
    q->exec();
}

void account_writes::delete_sessions_of(app::id_t user_id) {
    auto q = c_.prepare("DELETE FROM web_sessions WHERE user_id = ?");
    q->bind(1, user_id);
    q->exec();
}

void account_writes::insert_tracking_token(app::id_t job_id, const std::string& token) {
    auto q = c_.prepare("INSERT INTO tracking_links (request_id, token) VALUES (?, ?)");
    q->bind(1, job_id);
    q->bind(2, token);
    q->exec();
}

std::optional<std::string> account_writes::tracking_token_of(app::id_t job_id) {
    auto q = c_.prepare("SELECT token FROM tracking_links WHERE request_id = ?");
    q->bind(1, job_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return q->getColumn(0).getString();
}

void account_writes::insert_photo(const app::photo_record& photo, app::id_t uploaded_by, domain::instant at) {
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

std::optional<app::id_t> account_writes::tenant_of_property(app::id_t property_id) {
    auto q = c_.prepare("SELECT t.user_id FROM tenancies t JOIN users u ON u.id = t.user_id "
                        "WHERE t.property_id = ? AND u.role = 'tenant' ORDER BY t.user_id LIMIT 1");
    q->bind(1, property_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return q->getColumn(0).getInt64();
}

} // namespace mend::storage
