#include "domain/mention.hpp"

#include "domain/reference.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace mend::domain {

namespace {

bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

} // namespace

std::string plain_text(std::string_view html) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> entities{{
        {"&amp;", "&"},
        {"&lt;", "<"},
        {"&gt;", ">"},
        {"&quot;", "\""},
        {"&#39;", "'"},
        {"&apos;", "'"},
        {"&nbsp;", " "},
    }};
    std::string out;
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        if (c == '<') {
            const auto end = html.find('>', i);
            if (end == std::string_view::npos) {
                break;
            }
            const std::string tag = lower_case(html.substr(i + 1, end - i - 1));
            if (tag.rfind("br", 0) == 0 || tag == "/p") {
                out += '\n';
            }
            i = end + 1;
            continue;
        }
        if (c == '&') {
            bool decoded = false;
            for (const auto& [name, value] : entities) {
                if (html.substr(i, name.size()) == name) {
                    out += value;
                    i += name.size();
                    decoded = true;
                    break;
                }
            }
            if (decoded) {
                continue;
            }
        }
        out += c;
        ++i;
    }
    out.resize(trim_end(out, "\n ").size());
    return out;
}

std::vector<std::string> references_in(std::string_view text) {
    std::vector<std::string> out;
    constexpr std::size_t length = 9;
    for (std::size_t i = 0; i + length <= text.size(); ++i) {
        if (text[i + 4] != '-') {
            continue;
        }
        const bool starts_word = i == 0 || !word_char(text[i - 1]);
        const bool ends_word = i + length == text.size() || !word_char(text[i + length]);
        if (!starts_word || !ends_word) {
            continue;
        }
        auto ref = normalise_reference(text.substr(i, length));
        if (!ref.empty() && std::find(out.begin(), out.end(), ref) == out.end()) {
            out.push_back(std::move(ref));
        }
    }
    return out;
}

} // namespace mend::domain
