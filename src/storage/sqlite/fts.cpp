#include "storage/sqlite/fts.hpp"

#include "domain/text.hpp"

#include <cctype>

namespace mend::storage {

std::string fts_prefix_match(const std::vector<std::string>& prefixes) {
    std::string typed;
    for (const auto& p : prefixes) {
        typed.append(typed.empty() ? "" : " ").append(p);
    }
    if (const auto postcode = domain::uk_postcode(typed)) {
        // The postcode's own token (home_search keeps it unspaced too): one short list, where "ls1"* AND
        // "0aa"* merged every LS1x home's and matched LS10 0AA and LS11 0AA as well.
        std::string token;
        for (const char c : *postcode) {
            if (c != ' ') {
                token.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
            }
        }
        return "postcode : \"" + token + "\"";
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
