// A fixed set of read-only connections lent to one thread at a time.
#pragma once

#include "storage/sqlite/connection.hpp"

#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace mend::storage {

// Thread-safe. A borrower waits when every connection is lent out; connections outlive every lease.
class read_pool {
public:
    class lease {
    public:
        lease(read_pool& pool, std::unique_ptr<connection> c)
            : pool_(&pool)
            , connection_(std::move(c)) {}
        ~lease() { pool_->give_back(std::move(connection_)); }
        lease(const lease&) = delete;
        lease& operator=(const lease&) = delete;

        connection& operator*() const { return *connection_; }
        connection* operator->() const { return connection_.get(); }

    private:
        read_pool* pool_;
        std::unique_ptr<connection> connection_;
    };

    read_pool(const std::filesystem::path& file, std::size_t size);

    lease borrow();

private:
    void give_back(std::unique_ptr<connection> c);

    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<connection>> idle_; // guarded by mutex_
};

} // namespace mend::storage
