#include "storage/sqlite/group_writer.hpp"

#include "log/log.hpp"

#include <SQLiteCpp/Exception.h>
#include <algorithm>
#include <chrono>
#include <sqlite3.h>
#include <stdexcept>

namespace mend::storage {

namespace {

// SQLite's own automatic checkpoint (every 1000 pages) runs inside COMMIT, so the batch that crosses the line
// waits for it. Instead the checkpointer thread checkpoints once the WAL passes `wal_pages_due`.
constexpr int wal_pages_due = 1000;

// Under writes that never pause, PASSIVE checkpoints never catch up with the writer, so the log never starts
// again from its beginning and grows without end (20 GB in five minutes of reports, measured). Past this size
// (about 32 MiB of 4 KiB pages) the writer thread, between batches, runs a RESTART checkpoint: it copies what
// the passive ones have not yet copied, waits for readers of older snapshots (up to the busy timeout), and
// the next commit writes the log from its start again. journal_size_limit then cuts the file back.
constexpr int wal_pages_restart = 8192;
constexpr std::int64_t wal_bytes_kept = 64LL * 1024 * 1024;
constexpr int restart_wait_ms = 200;
constexpr auto restart_retry = std::chrono::milliseconds(500);

int record_wal_size(void* pages, sqlite3*, const char*, int n) {
    static_cast<std::atomic<int>*>(pages)->store(n, std::memory_order_relaxed);
    return SQLITE_OK;
}

// SQLite's answers that mean the database cannot take writes now but may later: a full disk, a read-only file
// or filesystem, a failed write or open, or another process holding the write lock past the busy timeout.
bool unavailable(int code) {
    switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_BUSY:
        return true;
    default:
        return false;
    }
}

std::string what(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an unknown exception";
    }
}

} // namespace

std::exception_ptr as_unit_failure(std::exception_ptr failure) {
    if (!failure) {
        return failure;
    }
    try {
        std::rethrow_exception(failure);
    } catch (const SQLite::Exception& e) {
        if (unavailable(e.getExtendedErrorCode())) {
            return std::make_exception_ptr(app::storage_unavailable(e.what()));
        }
    } catch (...) {
    }
    return failure;
}

group_writer::group_writer(const std::filesystem::path& file, std::size_t max_batch)
    : c_(file, connection::mode::read_write)
    , unit_(c_)
    , max_batch_(std::max<std::size_t>(max_batch, 1))
    , checkpoint_c_(file, connection::mode::read_write) {
    // Replaces (and so turns off) SQLite's automatic checkpoint hook.
    sqlite3_wal_hook(c_.db().getHandle(), &record_wal_size, &wal_pages_);
    c_.db().exec("PRAGMA journal_size_limit=" + std::to_string(wal_bytes_kept)); // answers with a row
    // Each unit's savepoint keeps the pages it changes in a statement journal, which SQLite spills to a new
    // file in /var/tmp once it passes 64 KiB: three quarters of a report's pwrites were those files'. In
    // memory a unit's journal is a few of its pages, freed at the batch's end; the migrations (whose index
    // builds sort through temporary files) run on a connection of their own before this one. SQLite walks an
    // in-memory journal from its start at every statement's end, so a unit of thousands of writes slows (the
    // bench seed's units were cut to 20 jobs); SQLITE_CONFIG_STMTJRNL_SPILL's bigger threshold measured 3
    // times slower than this.
    c_.execute("PRAGMA temp_store=MEMORY");
    checkpointer_ = std::thread([this] { checkpoint_loop(); });
    thread_ = std::thread([this] { run(); });
}

group_writer::~group_writer() {
    stop();
}

void group_writer::submit(work w, done d) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            throw std::runtime_error("the database writer has stopped");
        }
        queue_.push_back({std::move(w), std::move(d)});
    }
    wake_.notify_one();
}

void group_writer::listen(app::change_listener& l) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(&l);
}

void group_writer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
    {
        std::lock_guard lock(checkpoint_mutex_);
        checkpoint_stopping_ = true;
    }
    checkpoint_wake_.notify_one();
    if (checkpointer_.joinable()) {
        checkpointer_.join();
    }
}

void group_writer::run() {
    std::vector<pending> batch;
    batch.reserve(max_batch_);
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                break;
            }
            const auto n = std::min(max_batch_, queue_.size());
            std::move(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n),
                      std::back_inserter(batch));
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
            unit_.set_listeners(listeners_);
        }
        const auto results = run_batch(batch);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (!batch[i].d) {
                continue;
            }
            try {
                batch[i].d(results[i]);
            } catch (...) {
                // A callback's failure is its own; it must not stop the writer or the other callbacks.
            }
        }
        batch.clear();
        if (wal_pages_.load(std::memory_order_relaxed) >= wal_pages_restart) {
            restart_log();
        }
    }
}

void group_writer::restart_log() {
    const auto now = std::chrono::steady_clock::now();
    if (now < next_restart_) {
        return;
    }
    // Waits for readers only briefly, so commits are not held up behind a long report; a busy answer tries
    // again a little later.
    sqlite3_busy_timeout(c_.db().getHandle(), restart_wait_ms);
    try {
        auto q = c_.prepare("PRAGMA wal_checkpoint(RESTART)");
        if (q->executeStep() && q->getColumn(0).getInt() == 0) {
            wal_pages_.store(0, std::memory_order_relaxed);
        } else {
            next_restart_ = now + restart_retry;
        }
    } catch (...) {
        next_restart_ = now + restart_retry;
    }
    sqlite3_busy_timeout(c_.db().getHandle(), connection::busy_timeout_ms);
}

std::vector<std::exception_ptr> group_writer::run_batch(std::vector<pending>& batch) {
    std::vector<std::exception_ptr> results(batch.size());
    try {
        end_abandoned_transaction();
        c_.execute("BEGIN IMMEDIATE");
        for (std::size_t i = 0; i < batch.size(); ++i) {
            results[i] = run_unit(batch[i]);
        }
        c_.execute("COMMIT");
    } catch (...) {
        // Nothing of the batch is durable: every unit fails, none is acknowledged. The next batch starts
        // afresh.
        const auto failure = as_unit_failure(std::current_exception());
        log::error("database commit failed", {{"units", batch.size()}, {"error", what(failure)}});
        roll_back();
        std::fill(results.begin(), results.end(), failure);
    }
    for (auto& result : results) {
        result = as_unit_failure(result);
    }
    return results;
}

std::exception_ptr group_writer::run_unit(pending& u) {
    std::exception_ptr failure;
    c_.execute("SAVEPOINT u");
    bool keep = false;
    try {
        keep = u.w(unit_);
    } catch (...) {
        failure = std::current_exception();
    }
    if (!keep) {
        if (!c_.in_transaction()) {
            // SQLite rolled the whole batch back (an I/O error, say): nobody's writes survive.
            std::rethrow_exception(
                failure ? failure
                        : std::make_exception_ptr(std::runtime_error("the database ended the transaction")));
        }
        c_.execute("ROLLBACK TO u");
    }
    c_.execute("RELEASE u");
    return failure;
}

void group_writer::roll_back() {
    if (!c_.in_transaction()) {
        return;
    }
    try {
        c_.execute("ROLLBACK");
    } catch (...) {
        // Left open: end_abandoned_transaction tries again before the next batch.
    }
}

void group_writer::end_abandoned_transaction() {
    if (c_.in_transaction()) {
        c_.execute(
            "ROLLBACK"); // throws when it still cannot: that batch fails too, and the next one tries again
    }
}

void group_writer::checkpoint_loop() {
    std::unique_lock lock(checkpoint_mutex_);
    while (!checkpoint_stopping_) {
        // Polled rather than signalled: the WAL hook runs inside COMMIT, where waking another thread would
        // add to every commit's latency.
        checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(50));
        if (checkpoint_stopping_ || wal_pages_.load(std::memory_order_relaxed) < wal_pages_due) {
            continue;
        }
        lock.unlock();
        try {
            auto q = checkpoint_c_.prepare("PRAGMA wal_checkpoint(PASSIVE)");
            q->executeStep();
            wal_pages_.store(0, std::memory_order_relaxed);
        } catch (...) {
            // A checkpoint that cannot run now (busy) is tried again at the next poll.
        }
        lock.lock();
    }
}

} // namespace mend::storage
