// The numbered SQL migrations of schema/, compiled into the binary (see cmake/embed_migrations.cmake).
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace mend::storage {

struct migration {
    int version;
    const char* name;
    const char* sql;
};

// In ascending version order.
const std::vector<migration>& migrations();

struct migration_plan {
    int schema_version = 0;         // the newest recorded; 0 for a database that does not exist yet
    std::vector<migration> pending; // not recorded yet, in the order migrate() would apply them
};

// What migrate() would do to `file`. Reads only; throws std::runtime_error when the database is newer than
// this mend.
migration_plan plan_migrations(const std::filesystem::path& file);

// Before migrate() applies anything to a database that already has a schema: when migrations are pending, a
// copy made with backup_database as `dir`/mend-schema<N>-<UTC time>.db (N the version it had), returned.
// Nothing for a new database or one already current.
std::optional<std::filesystem::path> backup_before_migrating(const std::filesystem::path& file,
                                                             const std::filesystem::path& dir);

} // namespace mend::storage
