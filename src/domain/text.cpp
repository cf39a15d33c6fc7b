#include "domain/text.hpp"

#include <algorithm>

namespace mend::domain {

namespace {

bool continues_code_point(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
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
    return text.substr(0, end);
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
