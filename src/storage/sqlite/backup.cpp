#include "storage/sqlite/backup.hpp"

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"

#include <SQLiteCpp/Backup.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>

namespace mend::storage {

namespace {

constexpr int busy_timeout_ms = 5000;
constexpr auto busy_retry = std::chrono::milliseconds(10);

int schema_version_of(SQLite::Database& db) {
    return db.execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
}

// integrity_check rather than quick_check: SQLite 3.40's quick_check reports a NOT NULL column of a
// WITHOUT ROWID table (tenancies) as NULL in a sound file.
void require_integrity_check(SQLite::Database& db, const std::filesystem::path& file) {
    const std::string result = db.execAndGet("PRAGMA integrity_check").getString();
    if (result != "ok") {
        throw std::runtime_error(file.string() + " fails SQLite's integrity_check: " + result);
    }
}

// Makes a new name in `dir` (a rename) survive a power cut.
void sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    ::fsync(fd);
    ::close(fd);
}

// Copies every page of `from` into `to`, options.pages_per_step at a time (all at once when negative);
// returns the number of pages.
std::int64_t copy_pages(SQLite::Database& to, SQLite::Database& from, const backup_options& options) {
    SQLite::Backup copy(to, from);
    for (;;) {
        const int rc =
            copy.executeStep(options.pages_per_step); // throws on anything but OK, DONE, BUSY and LOCKED
        const std::int64_t total = copy.getTotalPageCount();
        if (options.progress) {
            options.progress(total - copy.getRemainingPageCount(), total);
        }
        if (rc == SQLITE_DONE) {
            return total;
        }
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            std::this_thread::sleep_for(busy_retry);
        } else if (options.pause.count() > 0) {
            std::this_thread::sleep_for(options.pause);
        }
    }
}

// Writes the snapshot `source` has open into the new file `partial`, as a self-contained rollback-journal
// database; returns its page count.
std::int64_t write_copy(connection& source, const std::filesystem::path& partial,
                        const backup_options& options) {
    SQLite::Database target(partial, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms);
    const std::int64_t pages = copy_pages(target, source.db(), options);
    // The copied header says WAL; a read makes the connection see it, and the pragma turns it back into one
    // file.
    target.exec("SELECT count(*) FROM sqlite_master");
    if (target.execAndGet("PRAGMA journal_mode=DELETE").getString() != "delete") {
        throw std::runtime_error("cannot turn " + partial.string() + " into a single-file database");
    }
    require_integrity_check(target, partial);
    return pages;
}

} // namespace

backup_summary backup_database(const std::filesystem::path& from, const std::filesystem::path& to,
                               const backup_options& options) {
    if (!std::filesystem::is_regular_file(from)) {
        throw std::runtime_error("there is no database at " + from.string());
    }
    const std::filesystem::path partial = to.string() + ".partial";
    std::filesystem::remove(partial);
    try {
        backup_summary summary;
        connection source(from, connection::mode::read_only);
        // One read transaction for the whole copy: every step reads the snapshot this first SELECT starts, so
        // a commit elsewhere neither blocks on the copy nor makes it start over.
        source.execute("BEGIN");
        summary.schema_version = schema_version_of(source.db());
        summary.pages = write_copy(source, partial, options);
        source.execute("COMMIT");
        std::filesystem::rename(partial, to);
        sync_directory(to.parent_path());
        summary.bytes = static_cast<std::int64_t>(std::filesystem::file_size(to));
        return summary;
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        std::filesystem::remove(partial.string() + "-journal", ignored);
        throw;
    }
}

int check_backup(const std::filesystem::path& file) {
    if (!std::filesystem::is_regular_file(file)) {
        throw std::runtime_error("there is no backup at " + file.string());
    }
    try {
        SQLite::Database db(file, SQLite::OPEN_READONLY, busy_timeout_ms);
        require_integrity_check(db, file);
        if (!db.tableExists("schema_migrations")) {
            throw std::runtime_error("it has no schema_migrations table");
        }
        const int version = schema_version_of(db);
        const auto& known = migrations();
        const int newest_known = known.empty() ? 0 : known.back().version;
        if (version > newest_known) {
            throw std::runtime_error("its schema version " + std::to_string(version) +
                                     " is newer than this mend knows (" + std::to_string(newest_known) + ")");
        }
        return version;
    } catch (const std::exception& e) {
        throw std::runtime_error(file.string() + " is not a mend backup this mend can restore: " + e.what());
    }
}

int restore_database(const std::filesystem::path& from, const std::filesystem::path& to) {
    const int version = check_backup(from);
    SQLite::Database source(from, SQLite::OPEN_READONLY, busy_timeout_ms);
    connection target(to, connection::mode::read_write); // WAL, as the server keeps it
    // In one step, so one transaction: a restore cut short leaves `to` as it was.
    backup_options whole;
    whole.pages_per_step = -1;
    copy_pages(target.db(), source, whole);
    require_integrity_check(target.db(), to);
    return version;
}

} // namespace mend::storage
