#include "domain/word_flags.hpp"

#include <algorithm>
#include <cctype>

namespace mend::domain {

namespace {

bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || (static_cast<unsigned char>(c) & 0x80U) != 0;
}

// Lower-case ASCII, every run of non-word characters but apostrophes as one space, padded by spaces.
std::string folded(std::string_view text) {
    std::string out = " ";
    for (const char c : text) {
        if (word_char(c) || c == '\'') {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (out.back() != ' ') {
            out += ' ';
        }
    }
    if (out.back() != ' ') {
        out += ' ';
    }
    return out;
}

bool has_phrase(const std::string& text, const std::string& phrase) {
    const std::string p = folded(phrase);
    if (p.size() <= 2) {
        return false;
    }
    const std::string bare = p.substr(0, p.size() - 1);
    return text.find(p) != std::string::npos || text.find(bare + "'s ") != std::string::npos ||
           text.find(bare + "s ") != std::string::npos;
}

} // namespace

word_lists default_word_lists() {
    return {
        {"possible_hazard",
         {"damp",
          "mould",
          "mold",
          "mouldy",
          "leak",
          "leaking",
          "gas",
          "fire",
          "smoke",
          "no heating",
          "no hot water",
          "asthma",
          "baby",
          "babies",
          "child",
          "elderly",
          "disabled",
          "pregnant",
          "electric shock",
          "sparking",
          "exposed wires",
          "ceiling collapse",
          "sewage",
          "rats",
          "mice",
          "condensation"}},
        {"urgent_safety",
         {"gas leak", "smell gas", "carbon monoxide", "fire", "flood", "flooding", "collapse", "electrocuted",
          "no power", "locked out", "unsafe", "injured", "emergency"}},
        {"abusive", {"idiot", "idiots", "useless", "scum", "disgrace", "pathetic", "incompetent"}},
    };
}

std::vector<std::string> flags_in(std::string_view text, const word_lists& lists) {
    const std::string t = folded(text);
    std::vector<std::string> out;
    for (const auto& [name, words] : lists) {
        const bool hit =
            std::any_of(words.begin(), words.end(), [&t](const std::string& w) { return has_phrase(t, w); });
        if (hit) {
            out.push_back(name);
        }
    }
    return out;
}

} // namespace mend::domain
