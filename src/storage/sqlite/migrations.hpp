// The numbered SQL migrations of schema/, compiled into the binary (see cmake/embed_migrations.cmake).
#pragma once

#include <vector>

namespace mend::storage {

struct migration {
    int version;
    const char* name;
    const char* sql;
};

// In ascending version order.
const std::vector<migration>& migrations();

} // namespace mend::storage
