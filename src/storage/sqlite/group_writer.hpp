// The single writer: groups units of work submitted from any thread into few durable commits.
#pragma once

#include "app/unit_of_work.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/unit_of_work.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

namespace mend::storage {

// `failure` as a unit's caller should see it: app::storage_unavailable when SQLite said the disk or the file
// cannot take writes now (full, read-only, I/O error, locked by another process), else unchanged.
std::exception_ptr as_unit_failure(std::exception_ptr failure);

// submit() is thread-safe. Everything else runs on the writer thread, which owns the write connection.
// Each batch is one transaction; each unit runs inside its own savepoint so that a failing unit leaves the
// others' writes in place. Done callbacks run on the writer thread once the batch is durable. When the commit
// fails (a full disk, say) every unit of the batch fails, with app::storage_unavailable when the cause may
// pass, and the next batch starts afresh.
class group_writer final : public app::writer {
public:
    group_writer(const std::filesystem::path& file, std::size_t max_batch);
    ~group_writer() override; // stop()
    group_writer(const group_writer&) = delete;
    group_writer& operator=(const group_writer&) = delete;

    // Throws std::runtime_error after stop().
    void submit(work w, done d) override;
    void listen(app::change_listener& l) override;

    // Runs every unit already submitted, then ends the writer thread. Must not be called from it.
    void stop();

private:
    struct pending {
        work w;
        done d;
    };

    void run();
    std::vector<std::exception_ptr> run_batch(std::vector<pending>& batch);
    std::exception_ptr run_unit(pending& u); // in its savepoint; throws when the whole batch is lost
    void roll_back();                        // after a failed batch; never throws
    void end_abandoned_transaction();        // one a failed rollback left open
    void checkpoint_loop();
    void restart_log(); // writer thread, between batches: a RESTART checkpoint, so the log stays bounded

    connection c_;
    sqlite_unit unit_; // writer thread only; its listeners are set from listeners_ before each batch
    const std::size_t max_batch_;
    std::atomic<int> wal_pages_{0}; // set by SQLite's WAL hook on the writer thread, after each commit
    std::chrono::steady_clock::time_point next_restart_{}; // writer thread: after a busy RESTART, wait

    // Checkpoints copy the WAL into the database file: thousands of page writes that used to run on the
    // writer thread between batches. A thread of its own, on its own connection, does them now (PASSIVE never
    // blocks the writer), so commits are not queued behind them.
    connection checkpoint_c_;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wake_;
    bool checkpoint_stopping_ = false; // guarded by checkpoint_mutex_
    std::thread checkpointer_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<pending> queue_;  // guarded by mutex_
    bool stopping_ = false;      // guarded by mutex_
    app::listeners listeners_{}; // guarded by mutex_

    std::thread thread_; // last: starts after everything above is ready
};

} // namespace mend::storage
