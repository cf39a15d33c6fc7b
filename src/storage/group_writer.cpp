#include "storage/group_writer.hpp"

#include <algorithm>
#include <sqlite3.h>
#include <stdexcept>

namespace mend::storage {

namespace {

// SQLite's own automatic checkpoint (every 1000 pages) runs inside COMMIT, so the batch that crosses the line
// waits for it. Instead we checkpoint after the batch's done callbacks: as soon as the WAL passes
// `soft_pages` if no work is waiting, and regardless once it passes `hard_pages`, which bounds the WAL file.
constexpr int soft_pages = 1000;
constexpr int hard_pages = 4000;

int record_wal_size(void* pages, sqlite3*, const char*, int n) {
    *static_cast<int*>(pages) = n;
    return SQLITE_OK;
}

} // namespace

group_writer::group_writer(const std::filesystem::path& file, std::size_t max_batch)
    : c_(file, connection::mode::read_write)
    , tx_(c_)
    , max_batch_(std::max<std::size_t>(max_batch, 1)) {
    // Replaces (and so turns off) SQLite's automatic checkpoint hook.
    sqlite3_wal_hook(c_.db().getHandle(), &record_wal_size, &wal_pages_);
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

void group_writer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void group_writer::run() {
    std::vector<unit> batch;
    batch.reserve(max_batch_);
    for (;;) {
        bool idle = false;
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
            idle = queue_.empty();
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
        checkpoint_if_due(idle);
    }
    checkpoint_if_due(true);
}

std::vector<std::exception_ptr> group_writer::run_batch(std::vector<unit>& batch) {
    std::vector<std::exception_ptr> results(batch.size());
    try {
        c_.execute("BEGIN IMMEDIATE");
        for (std::size_t i = 0; i < batch.size(); ++i) {
            c_.execute("SAVEPOINT u");
            bool keep = false;
            try {
                keep = batch[i].w(tx_);
            } catch (...) {
                results[i] = std::current_exception();
            }
            if (!keep) {
                if (!c_.in_transaction()) {
                    // SQLite rolled the whole batch back (an I/O error, say): nobody's writes survive.
                    std::rethrow_exception(results[i] ? results[i]
                                                      : std::make_exception_ptr(std::runtime_error(
                                                            "the database ended the transaction")));
                }
                c_.execute("ROLLBACK TO u");
            }
            c_.execute("RELEASE u");
        }
        c_.execute("COMMIT");
    } catch (...) {
        const auto failure = std::current_exception();
        if (c_.in_transaction()) {
            try {
                c_.execute("ROLLBACK");
            } catch (...) {
                // The connection is unusable either way; the next BEGIN will report it.
            }
        }
        std::fill(results.begin(), results.end(), failure);
    }
    return results;
}

void group_writer::checkpoint_if_due(bool idle) {
    if (wal_pages_ < hard_pages && !(idle && wal_pages_ >= soft_pages)) {
        return;
    }
    try {
        auto q = c_.prepare("PRAGMA wal_checkpoint(PASSIVE)");
        q->executeStep();
        wal_pages_ = 0;
    } catch (...) {
        // A checkpoint that cannot run now (a reader holds the snapshot) will be tried after a later batch.
    }
}

} // namespace mend::storage
