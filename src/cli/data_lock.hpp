// An advisory lock on a data directory (DATA/mend.lock), so that `mend restore` can tell a server is running
// on it.
#pragma once

#include <filesystem>
#include <optional>

namespace mend::cli {

// Held by `mend serve` (shared: several servers may share a directory, as SQLite allows) for as long as the
// process lives, and by `mend restore` (exclusive) while it replaces the database. The kernel drops the lock
// when the process ends, however it ends, so a crashed server never leaves the directory locked.
class data_lock {
public:
    enum class kind { shared, exclusive };

    // Takes the lock without waiting; nullopt when another process holds it in a way that conflicts. Creates
    // DATA/mend.lock when missing; throws std::runtime_error when it cannot.
    static std::optional<data_lock> try_take(const std::filesystem::path& data, kind k);

    data_lock(data_lock&& other) noexcept;
    data_lock& operator=(data_lock&& other) noexcept;
    data_lock(const data_lock&) = delete;
    data_lock& operator=(const data_lock&) = delete;
    ~data_lock();

private:
    explicit data_lock(int fd)
        : fd_(fd) {}
    int fd_ = -1;
};

} // namespace mend::cli
