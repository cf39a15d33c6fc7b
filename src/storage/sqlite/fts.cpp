#include "storage/sqlite/fts.hpp"

#include "domain/text.hpp"

namespace mend::storage {

std::string fts_prefix_match(const std::vector<std::string>& prefixes) {
    // The words come lower-case (app::search_words), so together they are the unspaced postcode token
    // home_search keeps: one short list, where "ls1"* AND "0aa"* merged every LS1x home's and matched LS10
    // 0AA and LS11 0AA as well.
    if (const std::string compact = domain::join_list(prefixes, ""); domain::uk_postcode(compact)) {
        return "postcode : \"" + compact + "\"";
    }
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
