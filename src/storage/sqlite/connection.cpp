#include "storage/sqlite/connection.hpp"

#include <sqlite3.h>
#include <stdexcept>

namespace mend::storage {

namespace {

// No mutex of SQLite's own on the connection (its "multi-thread" mode): a connection is used by one thread at
// a time (see connection), and the lock SQLite takes around every call, each column read included, was a
// tenth of a report's reading a million jobs.
int open_flags(connection::mode m) {
    return SQLite::OPEN_NOMUTEX |
           (m == connection::mode::read_write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                              : SQLite::OPEN_READONLY);
}

} // namespace

bool configure_sqlite_process() {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

statement_lease::~statement_lease() {
    // The result only repeats the last step's error, which the caller has already seen.
    statement_->tryReset();
}

connection::connection(const std::filesystem::path& file, mode m)
    : db_(file, open_flags(m), connection::busy_timeout_ms) {
    if (m == mode::read_write) {
        // journal_mode is a property of the file; only a writer may change it.
        const std::string journal = db_.execAndGet("PRAGMA journal_mode=WAL").getString();
        if (journal != "wal") {
            throw std::runtime_error("cannot put " + file.string() + " in WAL mode (journal_mode is " +
                                     journal + ")");
        }
        db_.exec("PRAGMA synchronous=FULL");
    }
    db_.exec("PRAGMA foreign_keys=ON");
    db_.exec("PRAGMA busy_timeout=" + std::to_string(busy_timeout_ms));
}

statement_lease connection::prepare(std::string_view sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
        it = statements_.emplace(std::string(sql), std::make_unique<SQLite::Statement>(db_, std::string(sql)))
                 .first;
    } else {
        it->second->reset();
        it->second->clearBindings();
    }
    return statement_lease(*it->second);
}

bool connection::in_transaction() {
    return sqlite3_get_autocommit(db_.getHandle()) == 0;
}

void connection::execute(std::string_view sql) {
    prepare(sql)->exec();
}

} // namespace mend::storage
