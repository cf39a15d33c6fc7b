// One SQLite connection with mend's pragmas and a cache of its prepared statements.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mend::storage {

// Sets SQLite's options for the whole process; call it before anything opens a database (cli::run does,
// first). Memory statistics off: with them every allocation and free SQLite makes takes one global mutex,
// whatever the connection's own mode (a sixth of the writer's time at the write ceiling). Returns false when
// SQLite was already in use and so keeps its defaults, which are only slower.
bool configure_sqlite_process();

// A cached statement lent out for one use; it is reset when the lease ends so that a read does not keep its
// snapshot (and so hold back checkpoints) after the caller is done with it.
class statement_lease {
public:
    explicit statement_lease(SQLite::Statement& statement)
        : statement_(&statement) {}
    ~statement_lease();
    statement_lease(const statement_lease&) = delete;
    statement_lease& operator=(const statement_lease&) = delete;

    SQLite::Statement* operator->() const { return statement_; }
    SQLite::Statement& operator*() const { return *statement_; }

private:
    SQLite::Statement* statement_;
};

// Not thread-safe: used by one thread at a time (the writer thread, or a reader holding a pool lease).
class connection {
public:
    enum class mode { read_write, read_only };
    static constexpr int busy_timeout_ms = 5000; // how long a statement waits for a lock another holds

    connection(const std::filesystem::path& file, mode m);

    // The statement for `sql`, prepared on first use and kept; bindings are cleared. Only one lease of the
    // same SQL text may be alive at a time.
    statement_lease prepare(std::string_view sql);

    // Runs a statement without results (through the cache).
    void execute(std::string_view sql);

    // False when SQLite has ended the transaction by itself (after some I/O or out-of-memory errors).
    bool in_transaction();

    SQLite::Database& db() { return db_; }

private:
    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

    SQLite::Database db_;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>, text_hash, std::equal_to<>>
        statements_;
};

} // namespace mend::storage
