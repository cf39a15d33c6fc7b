#include "http/limits.hpp"

#include <algorithm>
#include <boost/asio/error.hpp>
#include <sys/resource.h>
#include <utility>

namespace mend::http {

std::uint64_t open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
        return std::uint64_t{1024} * 1024;
    }
    return limit.rlim_cur;
}

std::size_t default_max_connections(std::uint64_t open_files) {
    const std::uint64_t reserve = std::max<std::uint64_t>(128, open_files / 8);
    if (open_files > 2 * reserve) {
        return static_cast<std::size_t>(open_files - reserve);
    }
    return static_cast<std::size_t>(std::max<std::uint64_t>(open_files / 2, 1));
}

steady_time body_deadline(const server_limits& limits, steady_time started, std::size_t received) {
    const auto rate = std::max<std::size_t>(limits.body_min_bytes_per_second, 1);
    const auto earned = std::chrono::microseconds(static_cast<std::int64_t>(received) * 1'000'000 /
                                                  static_cast<std::int64_t>(rate));
    return started + limits.body_grace + earned;
}

std::chrono::steady_clock::duration write_allowance(const server_limits& limits, std::size_t bytes) {
    const auto rate = std::max<std::size_t>(limits.body_min_bytes_per_second, 1);
    return limits.write_timeout + std::chrono::seconds(bytes / rate);
}

bool accept_backoff::calls_for_pause(const boost::system::error_code& error) {
    namespace errors = boost::asio::error;
    return error == errors::no_descriptors || error == errors::no_buffer_space ||
           error == errors::no_memory || error == boost::system::errc::too_many_files_open_in_system;
}

std::chrono::milliseconds accept_backoff::failed() {
    const auto pause = next_;
    next_ = std::min(next_ * 2, longest);
    return pause;
}

std::optional<std::uint64_t> accept_backoff::log_now(steady_time now) {
    if (logged_ && now - *logged_ < log_every) {
        ++suppressed_;
        return std::nullopt;
    }
    logged_ = now;
    return std::exchange(suppressed_, 0);
}

} // namespace mend::http
