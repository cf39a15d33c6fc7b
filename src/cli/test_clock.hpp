// A wall clock that end-to-end tests move forward: hours of the outbox's retry horizon pass in seconds, with
// no change to any logic. `mend serve` uses it only when MEND_TEST_CLOCK_FILE is set, and says so loudly.
#pragma once

#include "app/ports.hpp"

#include <chrono>
#include <filesystem>
#include <mutex>

namespace mend::cli {

// The system clock plus the number of seconds (a decimal number, possibly negative) that the file holds. The
// file is read again at most every 20 ms; an unreadable file keeps the last offset. now() is called from any
// thread.
class shifted_clock final : public app::clock {
public:
    // Throws std::runtime_error when the file cannot be read: a test that asks for this clock has made it.
    explicit shifted_clock(std::filesystem::path offset_file);

    domain::instant now() const override;

private:
    void read() const; // mutex_ held

    const std::filesystem::path file_;
    mutable std::mutex mutex_; // guards the two below
    mutable std::chrono::steady_clock::time_point read_at_{};
    mutable std::chrono::milliseconds offset_{0};
};

} // namespace mend::cli
