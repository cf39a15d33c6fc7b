#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/migrations.hpp"

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

} // namespace

int migrate(const std::filesystem::path& file) {
    connection c(file, connection::mode::read_write);
    c.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL)");

    const auto& known = migrations();
    const int newest_known = known.empty() ? 0 : known.back().version;
    const int found = recorded_version(c);
    if (found > newest_known) {
        throw std::runtime_error("the database " + file.string() + " has schema version " +
                                 std::to_string(found) + ", newer than this mend knows (" +
                                 std::to_string(newest_known) +
                                 "); run a newer mend, or restore a backup made by this one");
    }

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
