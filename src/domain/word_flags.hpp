// Flags on residents' posts from word lists: a possible hazard, urgent safety, abuse.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mend::domain {

// Named lists of words or phrases, in the order flags are reported.
using word_lists = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The lists a landlord gets unless its config says otherwise: possible_hazard, urgent_safety, abusive.
word_lists default_word_lists();

// The names of the lists with a word or phrase found in `text` as a whole word, ignoring ASCII case and
// runs of spaces ("No  Heating" matches "no heating"; "gasket" does not match "gas"). A word may end in an
// apostrophe and s ("baby's" matches "baby").
std::vector<std::string> flags_in(std::string_view text, const word_lists& lists);

} // namespace mend::domain
