#include "storage/sqlite/read_pool.hpp"

#include <algorithm>

namespace mend::storage {

read_pool::read_pool(const std::filesystem::path& file, std::size_t size) {
    for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
        idle_.push_back(std::make_unique<connection>(file, connection::mode::read_only));
    }
}

read_pool::lease read_pool::borrow() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [this] { return !idle_.empty(); });
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return lease(*this, std::move(c));
}

void read_pool::give_back(std::unique_ptr<connection> c) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(c));
    }
    returned_.notify_one();
}

} // namespace mend::storage
