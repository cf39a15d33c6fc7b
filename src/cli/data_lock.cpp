#include "cli/data_lock.hpp"

#include "log/log.hpp"

#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace mend::cli {

std::optional<data_lock> data_lock::try_take(const std::filesystem::path& data, kind k) {
    const auto file = data / "mend.lock";
    int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 && k == kind::shared) {
        // A directory the server may only read (a read-only volume): no restore can run there either.
        fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            log::warn("data directory not locked",
                      {{"file", file.string()},
                       {"error", std::error_code(errno, std::generic_category()).message()}});
            return data_lock(-1);
        }
    }
    if (fd < 0) {
        throw std::runtime_error("cannot open " + file.string() + ": " +
                                 std::error_code(errno, std::generic_category()).message());
    }
    if (::flock(fd, (k == kind::shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK) {
            return std::nullopt;
        }
        throw std::runtime_error("cannot lock " + file.string() + ": " +
                                 std::error_code(error, std::generic_category()).message());
    }
    return data_lock(fd);
}

data_lock::data_lock(data_lock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

data_lock& data_lock::operator=(data_lock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

data_lock::~data_lock() {
    if (fd_ >= 0) {
        ::close(fd_); // drops the lock
    }
}

} // namespace mend::cli
