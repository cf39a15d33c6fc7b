// ZIP archives built in memory (libzip), for downloads such as a job's evidence pack.
#pragma once

#include <string>
#include <vector>

namespace mend::formats {

struct zip_entry {
    std::string name; // a path inside the archive, "/"-separated, UTF-8
    std::string bytes;
};

// The archive's bytes, each entry deflated (stored when that is smaller). Throws std::runtime_error when
// libzip fails (out of memory) or two entries share a name.
std::string make_zip(const std::vector<zip_entry>& entries);

} // namespace mend::formats
