#include "cli/test_clock.hpp"

#include <fstream>
#include <stdexcept>

namespace mend::cli {

namespace {

constexpr auto reread_after = std::chrono::milliseconds(20);

} // namespace

shifted_clock::shifted_clock(std::filesystem::path offset_file)
    : file_(std::move(offset_file)) {
    if (!std::ifstream(file_)) {
        throw std::runtime_error("MEND_TEST_CLOCK_FILE names " + file_.string() + ", which cannot be read");
    }
    std::lock_guard lock(mutex_);
    read();
}

void shifted_clock::read() const {
    std::ifstream in(file_);
    double seconds = 0;
    if (in >> seconds) {
        offset_ = std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(seconds * 1000));
    }
    read_at_ = std::chrono::steady_clock::now();
}

domain::instant shifted_clock::now() const {
    std::chrono::milliseconds offset{0};
    {
        std::lock_guard lock(mutex_);
        if (std::chrono::steady_clock::now() - read_at_ >= reread_after) {
            read();
        }
        offset = offset_;
    }
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()) + offset;
}

} // namespace mend::cli
