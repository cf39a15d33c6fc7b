#include "domain/phone.hpp"

#include <algorithm>

namespace mend::domain {

namespace {

constexpr std::size_t longest_uk = 10; // digits after the country code (or the leading 0): ten, or nine for
                                       // a few area codes starting 01 ("016977 3456")
constexpr std::size_t shortest_e164 = 8;
constexpr std::size_t longest_e164 = 15;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The digits typed, with "+" kept only as the first character; nothing when anything else is there.
std::optional<std::string> digits_of(std::string_view typed) {
    std::string out;
    for (const char c : typed) {
        if (is_digit(c) || (c == '+' && out.empty())) {
            out.push_back(c);
        } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '\t') {
            return std::nullopt;
        }
    }
    return out;
}

// A UK number's digits after the country code, with the trunk "0" some write as "+44 (0)" left out.
std::optional<std::string> uk(std::string_view national) {
    if (national.starts_with('0')) {
        national.remove_prefix(1);
    }
    const bool fits =
        national.size() == longest_uk || (national.size() == longest_uk - 1 && national[0] == '1');
    if (!fits || national.front() == '0') {
        return std::nullopt;
    }
    std::string out("+44");
    out.append(national);
    return out;
}

} // namespace

std::string phone_words(std::string_view e164) {
    constexpr std::size_t uk_length = 13; // "+44" and ten digits
    if (!e164.starts_with("+44") || e164.size() != uk_length) {
        return std::string(e164);
    }
    // London and the like read 020 7946 0018; the rest 07700 900456.
    const bool london = e164[3] == '2';
    std::string words(1, '0');
    for (const char digit : e164.substr(3)) {
        const std::size_t at = words.size();
        if (london ? (at == 3 || at == 8) : at == 5) {
            words.push_back(' ');
        }
        words.push_back(digit);
    }
    return words;
}

std::optional<std::string> phone_e164(std::string_view typed) {
    const auto found = digits_of(typed);
    if (!found || found->empty()) {
        return std::nullopt;
    }
    std::string_view d = *found;
    if (d.starts_with("+44") || d.starts_with("0044")) {
        return uk(d.substr(d.find("44") + 2));
    }
    if (d.starts_with("44") && d.size() > longest_uk + 1) {
        return uk(d.substr(2));
    }
    if (d.starts_with("00") || d.starts_with('+')) {
        const std::string_view rest = d.substr(d.starts_with('+') ? 1 : 2);
        const bool fits = rest.size() >= shortest_e164 && rest.size() <= longest_e164;
        if (!fits || rest.front() == '0') {
            return std::nullopt;
        }
        std::string out("+");
        out.append(rest);
        return out;
    }
    if (d.starts_with('0')) {
        return uk(d);
    }
    return std::nullopt;
}

} // namespace mend::domain
