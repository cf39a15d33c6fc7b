#include "storage/sqlite/fts.hpp"

namespace mend::storage {

std::string fts_prefix_match(const std::vector<std::string>& prefixes) {
    std::string out;
    for (const auto& p : prefixes) {
        if (!out.empty()) {
            out.append(" AND ");
        }
        out.push_back('"');
        for (const char c : p) {
            out.append(c == '"' ? 2 : 1, c);
        }
        out.append("\"*");
    }
    return out;
}

} // namespace mend::storage
