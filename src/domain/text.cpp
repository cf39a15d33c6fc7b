#include "domain/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace mend::domain {

namespace {

bool continues_code_point(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char32_t zero_width_joiner = 0x200D;

// The code point that starts at byte `at` (which starts one); 0 when the bytes are not well formed.
char32_t code_point_at(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = lead < 0x80U ? 1 : lead < 0xE0U ? 2 : lead < 0xF0U ? 3 : 4;
    if (at + length > text.size()) {
        return 0;
    }
    constexpr std::array<unsigned, 4> lead_bits{0x7FU, 0x1FU, 0x0FU, 0x07U};
    auto cp = static_cast<char32_t>(lead & lead_bits[length - 1]);
    for (std::size_t i = 1; i < length; ++i) {
        cp = (cp << 6U) | (static_cast<unsigned char>(text[at + i]) & 0x3FU);
    }
    return cp;
}

// The start of the code point before byte `at` (which starts one).
std::size_t previous_start(std::string_view text, std::size_t at) {
    std::size_t start = at == 0 ? 0 : at - 1;
    while (start > 0 && continues_code_point(text[start])) {
        --start;
    }
    return start;
}

// Code points that belong to the one before them: combining marks, variation selectors, emoji modifiers
// (skin tones), tags and the joiner itself.
bool extends(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
           (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) || cp == zero_width_joiner;
}

bool regional_indicator(char32_t cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

// How many regional indicators come just before byte `at`.
std::size_t indicators_before(std::string_view text, std::size_t at) {
    std::size_t count = 0;
    while (at > 0) {
        at = previous_start(text, at);
        if (!regional_indicator(code_point_at(text, at))) {
            break;
        }
        ++count;
    }
    return count;
}

// Whether a cut at byte `at` (0 < at < size, a code point boundary) would split a grapheme.
bool inside_grapheme(std::string_view text, std::size_t at) {
    const char32_t next = code_point_at(text, at);
    const std::size_t before = previous_start(text, at);
    const char32_t previous = code_point_at(text, before);
    return extends(next) || previous == zero_width_joiner ||
           (regional_indicator(next) && indicators_before(text, at) % 2 == 1);
}

// Moves a cut at byte `end` (a code point boundary) back to the start of the grapheme it would split.
std::size_t grapheme_boundary_at_or_before(std::string_view text, std::size_t end) {
    while (end > 0 && end < text.size() && inside_grapheme(text, end)) {
        end = previous_start(text, end);
    }
    return end;
}

} // namespace

std::string_view trim(std::string_view text, std::string_view set) {
    const auto first = text.find_first_not_of(set);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(set) - first + 1);
}

std::string_view trim_end(std::string_view text, std::string_view set) {
    const auto last = text.find_last_not_of(set);
    return last == std::string_view::npos ? std::string_view{} : text.substr(0, last + 1);
}

bool is_blank(std::string_view text) {
    return text.find_first_not_of(blanks) == std::string_view::npos;
}

// "nw1 9aa" -> "NW1 9AA"; nothing unless it is shaped like a UK postcode (outward code, inward code).
std::optional<std::string> uk_postcode(std::string_view typed) {
    std::string compact;
    for (const char ch : typed) {
        if (ch != ' ') {
            compact += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        }
    }
    if (compact.size() < 5 || compact.size() > 7) {
        return std::nullopt;
    }
    const auto is_alpha = [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) != 0;
    };
    const auto is_digit = [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    };
    const std::string_view inward = std::string_view(compact).substr(compact.size() - 3);
    const std::string_view outward = std::string_view(compact).substr(0, compact.size() - 3);
    if (!is_digit(inward[0]) || !is_alpha(inward[1]) || !is_alpha(inward[2]) || !is_alpha(outward[0])) {
        return std::nullopt;
    }
    const bool outward_ok =
        std::all_of(outward.begin(), outward.end(), [&](char c) { return is_alpha(c) || is_digit(c); }) &&
        std::any_of(outward.begin(), outward.end(), is_digit);
    if (!outward_ok) {
        return std::nullopt;
    }
    return std::string(outward) + " " + std::string(inward);
}

bool is_uprn(std::string_view text) {
    return !text.empty() && text.size() <= 12 &&
           text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_email_address(std::string_view text) {
    constexpr std::size_t max_email = 254;
    const auto at = text.find('@');
    const bool controls = std::any_of(
        text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
    return at != std::string_view::npos && at > 0 && text.find('.', at) != std::string_view::npos &&
           text.back() != '.' && !controls && text.size() <= max_email;
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        if (const auto item = text.substr(0, comma); !item.empty()) {
            out.emplace_back(item);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += separator;
        }
        out += item;
    }
    return out;
}

std::string lower_case(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string wire_words(std::string_view wire_name) {
    std::string out(wire_name);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::string_view cut_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return text;
    }
    std::size_t end = max_bytes;
    while (end > 0 && continues_code_point(text[end])) {
        --end;
    }
    return text.substr(0, grapheme_boundary_at_or_before(text, end));
}

std::string_view cut_code_points(std::string_view text, std::size_t max_code_points) {
    return text.substr(0, grapheme_boundary_at_or_before(text, bytes_of_first(text, max_code_points)));
}

std::size_t bytes_of_first(std::string_view text, std::size_t n) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!continues_code_point(text[i])) {
            if (seen == n) {
                return i;
            }
            ++seen;
        }
    }
    return text.size();
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !continues_code_point(c); }));
}

std::size_t graphemes(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!continues_code_point(text[i]) && (i == 0 || !inside_grapheme(text, i))) {
            ++count;
        }
    }
    return count;
}

std::string base64(std::string_view bytes) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto byte = [&bytes](std::size_t i) -> unsigned {
        return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0U;
    };
    std::string out;
    out.reserve(4 * ((bytes.size() + 2) / 3));
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const unsigned n = (byte(i) << 16U) | (byte(i + 1) << 8U) | byte(i + 2);
        out += alphabet[(n >> 18U) & 63U];
        out += alphabet[(n >> 12U) & 63U];
        out += i + 1 < bytes.size() ? alphabet[(n >> 6U) & 63U] : '=';
        out += i + 2 < bytes.size() ? alphabet[n & 63U] : '=';
    }
    return out;
}

} // namespace mend::domain
