#include "storage/sqlite/backup.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/migrations.hpp"

#include <ctime>
#include <stdexcept>
#include <string>

namespace mend::storage {

namespace {

int recorded_version(connection& c) {
    auto q = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q->executeStep();
    return q->getColumn(0).getInt();
}

bool is_recorded(connection& c, int version) {
    auto q = c.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    q->bind(1, version);
    return q->executeStep();
}

int newest_known_version() {
    const auto& known = migrations();
    return known.empty() ? 0 : known.back().version;
}

// A database made by a newer mend is never touched: its schema may mean what this binary cannot know.
void refuse_newer(const std::filesystem::path& file, int found) {
    if (found > newest_known_version()) {
        throw std::runtime_error("the database " + file.string() + " has schema version " +
                                 std::to_string(found) + ", newer than this mend knows (" +
                                 std::to_string(newest_known_version()) +
                                 "); run a newer mend, or restore a backup made by this one");
    }
}

bool has_schema(connection& c) {
    auto q = c.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    return q->executeStep();
}

std::string utc_stamp(std::time_t at) {
    std::tm parts{};
    gmtime_r(&at, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &parts);
    return text;
}

} // namespace

migration_plan plan_migrations(const std::filesystem::path& file) {
    const auto& known = migrations();
    if (!std::filesystem::exists(file)) {
        return {0, known};
    }
    connection c(file, connection::mode::read_only);
    if (!has_schema(c)) {
        return {0, known};
    }
    migration_plan plan{recorded_version(c), {}};
    refuse_newer(file, plan.schema_version);
    for (const auto& m : known) {
        if (!is_recorded(c, m.version)) {
            plan.pending.push_back(m);
        }
    }
    return plan;
}

std::optional<std::filesystem::path> backup_before_migrating(const std::filesystem::path& file,
                                                             const std::filesystem::path& dir) {
    const auto plan = plan_migrations(file);
    if (plan.pending.empty() || plan.schema_version == 0) {
        return std::nullopt; // current, or new with nothing in it to lose
    }
    std::filesystem::create_directories(dir);
    const auto to = dir / ("mend-schema" + std::to_string(plan.schema_version) + "-" +
                           utc_stamp(std::time(nullptr)) + ".db");
    backup_database(file, to);
    return to;
}

int migrate(const std::filesystem::path& file) {
    connection c(file, connection::mode::read_write);
    c.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL)");

    const auto& known = migrations();
    refuse_newer(file, recorded_version(c));

    for (const auto& m : known) {
        if (is_recorded(c, m.version)) {
            continue;
        }
        // BEGIN IMMEDIATE takes the write lock before the check, so two processes starting together
        // cannot both apply the same migration.
        c.execute("BEGIN IMMEDIATE");
        try {
            if (!is_recorded(c, m.version)) {
                c.db().exec(m.sql);
                auto record =
                    c.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
                record->bind(1, m.version);
                record->bind(2, std::string(m.name));
                record->bind(3, domain::to_unix(app::system_clock{}.now()));
                record->exec();
            }
            c.execute("COMMIT");
        } catch (const std::exception& e) {
            if (c.in_transaction()) {
                c.db().exec("ROLLBACK");
            }
            throw std::runtime_error("migration " + std::to_string(m.version) + " (" + m.name +
                                     ") failed: " + e.what());
        }
    }
    return recorded_version(c);
}

} // namespace mend::storage
