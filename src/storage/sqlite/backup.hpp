// Online backups of a data directory's database with SQLite's backup API, and restoring one.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>

namespace mend::storage {

struct backup_options {
    int pages_per_step = 1024;          // copied per sqlite3_backup_step (4 MiB of 4 KiB pages)
    std::chrono::milliseconds pause{0}; // between steps
    std::function<void(std::int64_t copied, std::int64_t total)> progress; // after each step, if set
};

struct backup_summary {
    std::int64_t pages = 0;
    std::int64_t bytes = 0;
    int schema_version = 0;
};

// Copies the database `from` (which a running server may be writing: WAL) into the new file `to`, as one
// consistent snapshot: every commit made before the copy began is in it, none made after it began. It holds
// one read transaction on `from` for the whole copy, so the writer never waits for it (the WAL only grows
// meanwhile), and copies in steps. The copy is a single self-contained file (rollback journal, not WAL),
// checked with PRAGMA integrity_check; it is written as `to`.partial and renamed to `to` once whole, so a
// `to` that exists is complete. Throws std::runtime_error when `from` is missing or the copy fails; `to` is
// then absent.
backup_summary backup_database(const std::filesystem::path& from, const std::filesystem::path& to,
                               const backup_options& options = {});

// The schema version of a backup file after checking it is a whole mend database (integrity_check, a
// schema_migrations table); throws std::runtime_error saying what is wrong with it otherwise.
int check_backup(const std::filesystem::path& file);

// Replaces the contents of the database `to` (created when missing) with the backup `from`, in one
// transaction through SQLite, so `to`'s WAL and any reader stay consistent. No server may be running on `to`
// (the caller checks). Returns the backup's schema version; a newer schema than this mend knows is refused.
int restore_database(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace mend::storage
