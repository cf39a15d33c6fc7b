// Full-text queries for home_search (schema/0011_home_search.sql).
#pragma once

#include <string>
#include <vector>

namespace mend::storage {

// An FTS5 query matching rows that hold a word starting with each of `prefixes` (app::search_words), each a
// quoted prefix ("agar"* AND "gro"*) so that nothing typed is read as query syntax. Empty when there are
// none: MATCH refuses that, so callers leave the condition out. Words that make a whole UK postcode ("LS1
// 0AA", "ls10aa") match that postcode only.
std::string fts_prefix_match(const std::vector<std::string>& prefixes);

} // namespace mend::storage
