#include "storage/accounts/sqlite_web_store.hpp"

#include "app/accounts/tokens.hpp"
#include "app/unit_of_work.hpp"
#include "domain/text.hpp"
#include "storage/jobs/job_rows.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/fts.hpp"
#include "storage/sqlite/visibility_sql.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mend::storage {

namespace {

constexpr std::string_view user_columns = "SELECT id, role, name, email, phone, contractor_id FROM users ";

app::user_record read_user(SQLite::Statement& q) {
    app::user_record u;
    u.id = q.getColumn(0).getInt64();
    u.role = parse_stored<domain::role>(q.getColumn(1).getString());
    u.name = q.getColumn(2).getString();
    if (!q.getColumn(3).isNull()) {
        u.email = q.getColumn(3).getString();
    }
    if (!q.getColumn(4).isNull()) {
        u.phone = q.getColumn(4).getString();
    }
    if (!q.getColumn(5).isNull()) {
        u.contractor_id = q.getColumn(5).getInt64();
    }
    return u;
}

domain::actor actor_of(SQLite::Statement& q) {
    domain::actor a;
    a.user_id = q.getColumn(0).getInt64();
    a.role = parse_stored<domain::role>(q.getColumn(1).getString());
    a.name = q.getColumn(2).getString();
    if (!q.getColumn(3).isNull()) {
        a.contractor_id = q.getColumn(3).getInt64();
    }
    return a;
}

bool is_sha256(const std::string& text) {
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

std::optional<app::login_record> sqlite_web_read_store::login_by_identifier(std::string_view email_or_phone) {
    auto c = pool_.borrow();
    // Staff and tenants log in with their email address or, for tenants registered by phone, their number.
    auto q =
        c->prepare("SELECT id, role, name, contractor_id, COALESCE(password_hash, '') FROM users "
                   "WHERE role != 'system' AND (lower(email) = lower(?1) OR phone = ?1) ORDER BY id LIMIT 1");
    q->bind(1, std::string(email_or_phone));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return app::login_record{actor_of(*q), q->getColumn(4).getString()};
}

std::optional<app::web_session> sqlite_web_read_store::session_by_hash(std::string_view id_hash,
                                                                       domain::instant now) {
    auto c = pool_.borrow();
    auto q =
        c->prepare("SELECT u.id, u.role, u.name, u.contractor_id, s.csrf, s.expires_at FROM web_sessions s "
                   "JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?");
    q->bind(1, std::string(id_hash));
    q->bind(2, domain::to_unix(now));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return app::web_session{actor_of(*q), q->getColumn(4).getString(),
                            domain::from_unix(q->getColumn(5).getInt64())};
}

std::optional<std::string> sqlite_web_read_store::tracking_token_of(app::id_t job_id) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT token FROM tracking_links WHERE request_id = ?");
    q->bind(1, job_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return q->getColumn(0).getString();
}

std::optional<domain::job> sqlite_web_read_store::job_by_tracking_token(std::string_view token) {
    static const std::string sql =
        std::string(select_job) + "WHERE r.id = (SELECT request_id FROM tracking_links WHERE token = ?)";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, std::string(token));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_job(*q);
}

std::vector<app::photo_record> sqlite_web_read_store::photos_of(app::id_t job_id) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT sha256, content_type, bytes, event_seq FROM photos WHERE request_id = ? "
                        "ORDER BY event_seq, created_at, sha256");
    q->bind(1, job_id);
    std::vector<app::photo_record> out;
    while (q->executeStep()) {
        app::photo_record p;
        p.job_id = job_id;
        p.sha256 = q->getColumn(0).getString();
        p.type = q->getColumn(1).getString() == "image/png" ? app::photo_type::png : app::photo_type::jpeg;
        p.bytes = q->getColumn(2).getInt64();
        p.event_seq = q->getColumn(3).getInt64();
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<app::status_count> sqlite_web_read_store::counts_by_status(const domain::visibility& visibility) {
    auto c = pool_.borrow();
    // Every job: the counts the triggers keep (schema/0024_stored_keys.sql), not a count of every job.
    auto q = visibility.scope == domain::scope::all
                 ? c->prepare("SELECT status, jobs FROM job_counts WHERE jobs > 0")
                 : c->prepare("SELECT r.status, COUNT(*) FROM requests r WHERE " +
                              visibility_condition(visibility, "r") + " GROUP BY r.status");
    bind_visibility(*q, visibility);
    std::vector<app::status_count> out;
    while (q->executeStep()) {
        out.push_back(
            {parse_stored<domain::status>(q->getColumn(0).getString()), q->getColumn(1).getInt64()});
    }
    return out;
}

std::optional<app::user_record> sqlite_web_read_store::user_by_id(app::id_t id) {
    static const std::string sql = std::string(user_columns) + "WHERE id = ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_user(*q);
}

std::optional<app::property_record> sqlite_web_read_store::property_by_id(app::id_t id) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT id, uprn, address, postcode, access_notes FROM properties WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return app::property_record{q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                                q->getColumn(2).getString(), q->getColumn(3).getString(),
                                q->getColumn(4).getString()};
}

std::optional<app::access_note_change> sqlite_web_read_store::last_access_note_change(app::id_t property_id) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT u.name, a.changed_at FROM access_note_changes a JOIN users u ON u.id = "
                        "a.changed_by WHERE a.property_id = ? ORDER BY a.id DESC LIMIT 1");
    q->bind(1, property_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return app::access_note_change{q->getColumn(0).getString(),
                                   domain::from_unix(q->getColumn(1).getInt64())};
}

std::vector<app::property_record> sqlite_web_read_store::homes_of(app::id_t user_id) {
    auto c = pool_.borrow();
    auto q = c->prepare(
        "SELECT p.id, p.uprn, p.address, p.postcode, p.block_id, p.estate_id, t.tenure "
        "FROM properties p JOIN tenancies t ON t.property_id = p.id WHERE t.user_id = ? ORDER BY p.uprn");
    q->bind(1, user_id);
    std::vector<app::property_record> out;
    while (q->executeStep()) {
        app::property_record home{q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                                  q->getColumn(2).getString(), q->getColumn(3).getString()};
        home.block_id = read_optional_id(q->getColumn(4));
        home.estate_id = read_optional_id(q->getColumn(5));
        home.tenure = parse_stored<domain::home_tenure>(q->getColumn(6).getString());
        out.push_back(std::move(home));
    }
    return out;
}

std::vector<app::user_record> sqlite_web_read_store::users() {
    static const std::string sql = std::string(user_columns) + "WHERE role != 'system' ORDER BY id";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    std::vector<app::user_record> out;
    while (q->executeStep()) {
        out.push_back(read_user(*q));
    }
    return out;
}

std::vector<app::contractor_record> sqlite_web_read_store::contractors() {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT id, name, trades FROM contractors ORDER BY name, id");
    std::vector<app::contractor_record> out;
    while (q->executeStep()) {
        out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                       domain::split_list(q->getColumn(2).getString())});
    }
    return out;
}

std::vector<std::pair<app::property_record, std::vector<app::id_t>>> sqlite_web_read_store::properties() {
    auto c = pool_.borrow();
    auto q = c->prepare(
        "SELECT p.id, p.uprn, p.address, p.postcode, t.user_id, p.block_id, p.estate_id "
        "FROM properties p LEFT JOIN tenancies t ON t.property_id = p.id WHERE p.communal_of IS NULL "
        "ORDER BY p.uprn, t.user_id");
    std::vector<std::pair<app::property_record, std::vector<app::id_t>>> out;
    while (q->executeStep()) {
        const auto id = q->getColumn(0).getInt64();
        if (out.empty() || out.back().first.id != id) {
            app::property_record home{id, q->getColumn(1).getString(), q->getColumn(2).getString(),
                                      q->getColumn(3).getString()};
            home.block_id = read_optional_id(q->getColumn(5));
            home.estate_id = read_optional_id(q->getColumn(6));
            out.emplace_back(std::move(home), std::vector<app::id_t>{});
        }
        if (!q->getColumn(4).isNull()) {
            out.back().second.push_back(q->getColumn(4).getInt64());
        }
    }
    return out;
}

// Ranked by bm25 with a tenant's name weighing most, then the postcode, then the address; the tenants of the
// homes found are read in one more query.
std::vector<app::home_match> sqlite_web_read_store::find_homes(const std::vector<std::string>& prefixes,
                                                               int limit) {
    std::vector<app::home_match> out;
    if (prefixes.empty()) {
        return out;
    }
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT p.id, p.uprn, p.address, p.postcode FROM home_search s "
                        "JOIN properties p ON p.id = s.rowid WHERE home_search MATCH ? "
                        "ORDER BY bm25(home_search, 1.0, 2.0, 4.0), p.address, p.id LIMIT ?");
    q->bind(1, fts_prefix_match(prefixes));
    q->bind(2, limit);
    std::string ids = "[";
    while (q->executeStep()) {
        out.push_back({{q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                        q->getColumn(3).getString()},
                       {}});
        if (out.size() > 1) {
            ids.push_back(',');
        }
        ids.append(std::to_string(out.back().home.id));
    }
    ids += "]";
    static const std::string tenants_sql =
        "SELECT u.id, u.role, u.name, u.email, u.phone, u.contractor_id, t.property_id FROM tenancies t "
        "JOIN users u ON u.id = t.user_id WHERE t.property_id IN (SELECT value FROM json_each(?)) ORDER BY "
        "u.id";
    auto t = c->prepare(tenants_sql);
    t->bind(1, ids);
    while (t->executeStep()) {
        const auto home = t->getColumn(6).getInt64();
        for (auto& m : out) {
            if (m.home.id == home) {
                m.tenants.push_back(read_user(*t));
            }
        }
    }
    return out;
}

photo_directory::photo_directory(std::filesystem::path dir)
    : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
}

void photo_directory::put(const std::string& sha256, std::string_view bytes) {
    if (!is_sha256(sha256)) {
        throw std::invalid_argument("a photo's name must be its SHA-256 in hex");
    }
    const auto target = dir_ / sha256;
    if (std::filesystem::exists(target)) {
        return;
    }
    const auto temporary = dir_ / (sha256 + ".tmp" + std::to_string(app::random_u64()));
    // A photo that cannot be written (a full disk, a read-only filesystem) is a write the database could not
    // take either: the caller answers 503 and nothing refers to the photo.
    std::error_code ec;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            ec = std::error_code(errno, std::generic_category());
        }
    }
    if (!ec) {
        std::filesystem::rename(temporary, target, ec);
    }
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw app::storage_unavailable("cannot write photo " + temporary.string() + ": " + ec.message());
    }
}

std::optional<std::string> photo_directory::get(const std::string& sha256) {
    if (!is_sha256(sha256)) {
        return std::nullopt;
    }
    std::ifstream in(dir_ / sha256, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace mend::storage
