#include "http/forms.hpp"

#include "domain/text.hpp"

#include <algorithm>
#include <charconv>

namespace mend::http {

namespace {

// Optional whitespace around header values and parameters (RFC 9110).
std::string_view trim(std::string_view s) {
    return domain::trim(s, " \t");
}

using domain::equals_ignoring_case;

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::optional<std::string> decode_component(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= s.size()) {
                return std::nullopt;
            }
            const int hi = hex_digit(s[i + 1]);
            const int lo = hex_digit(s[i + 2]);
            if (hi < 0 || lo < 0) {
                return std::nullopt;
            }
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The value of parameter `name` in a header value like `form-data; name="a"; filename="b.jpg"`.
std::optional<std::string> header_param(std::string_view value, std::string_view name) {
    std::size_t pos = value.find(';');
    while (pos != std::string_view::npos) {
        std::string_view rest = trim(value.substr(pos + 1));
        const auto eq = rest.find('=');
        if (eq == std::string_view::npos) {
            return std::nullopt;
        }
        const auto key = trim(rest.substr(0, eq));
        rest = trim(rest.substr(eq + 1));
        std::string parsed;
        std::size_t consumed = 0;
        if (!rest.empty() && rest.front() == '"') {
            std::size_t i = 1;
            for (; i < rest.size() && rest[i] != '"'; ++i) {
                if (rest[i] == '\\' && i + 1 < rest.size()) {
                    ++i;
                }
                parsed += rest[i];
            }
            if (i >= rest.size()) {
                return std::nullopt; // unterminated quote
            }
            consumed = i + 1;
        } else {
            consumed = std::min(rest.find(';'), rest.size());
            parsed = std::string(trim(rest.substr(0, consumed)));
        }
        if (equals_ignoring_case(key, name)) {
            return parsed;
        }
        const auto next = rest.find(';', consumed);
        if (next == std::string_view::npos) {
            return std::nullopt;
        }
        pos = static_cast<std::size_t>(rest.data() + next - value.data());
    }
    return std::nullopt;
}

std::string_view media_type(std::string_view content_type) {
    return trim(content_type.substr(0, content_type.find(';')));
}

// Reads one part's header block; false when malformed.
bool parse_part_headers(std::string_view block, form_field& field) {
    bool named = false;
    while (!block.empty()) {
        const auto end = block.find("\r\n");
        const auto line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            return false;
        }
        const auto key = trim(line.substr(0, colon));
        const auto value = trim(line.substr(colon + 1));
        if (equals_ignoring_case(key, "Content-Disposition")) {
            if (!equals_ignoring_case(media_type(value), "form-data")) {
                return false;
            }
            auto name = header_param(value, "name");
            if (!name || name->empty()) {
                return false;
            }
            field.name = std::move(*name);
            if (auto filename = header_param(value, "filename")) {
                field.filename = std::move(*filename);
                field.is_file = true;
            }
            named = true;
        } else if (equals_ignoring_case(key, "Content-Type")) {
            field.content_type = std::string(value);
        }
    }
    return named;
}

} // namespace

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t id = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || ptr != text.data() + text.size() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

std::string form_value(const form& f, std::string_view name) {
    for (const auto& field : f) {
        if (field.name == name && !field.is_file) {
            return field.value;
        }
    }
    return {};
}

std::vector<const form_field*> form_files(const form& f, std::string_view name) {
    std::vector<const form_field*> out;
    for (const auto& field : f) {
        if (field.name == name && field.is_file) {
            out.push_back(&field);
        }
    }
    return out;
}

std::optional<form> parse_urlencoded(std::string_view body) {
    form out;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const auto pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        if (out.size() == max_form_parts * 4) {
            return std::nullopt;
        }
        const auto eq = pair.find('=');
        auto name = decode_component(pair.substr(0, eq));
        auto value =
            decode_component(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!name || !value) {
            return std::nullopt;
        }
        out.push_back({std::move(*name), std::move(*value), {}, {}, false});
    }
    return out;
}

std::optional<form> parse_multipart(std::string_view content_type, std::string_view body) {
    if (!equals_ignoring_case(media_type(content_type), "multipart/form-data")) {
        return std::nullopt;
    }
    const auto boundary = header_param(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70) {
        return std::nullopt;
    }
    const std::string first = "--" + *boundary;
    const std::string delimiter = "\r\n--" + *boundary;
    // Browsers send no preamble; a strict parser need not look for one.
    if (body.substr(0, first.size()) != first) {
        return std::nullopt;
    }
    std::size_t pos = first.size();
    form out;
    for (;;) {
        if (body.substr(pos, 2) == "--") {
            return out; // the closing delimiter; an epilogue after it is ignored
        }
        if (body.substr(pos, 2) != "\r\n") {
            return std::nullopt;
        }
        pos += 2;
        if (out.size() == max_form_parts) {
            return std::nullopt;
        }
        const auto header_end = body.find("\r\n\r\n", pos);
        if (header_end == std::string_view::npos || header_end - pos > max_part_header) {
            return std::nullopt;
        }
        form_field field;
        if (!parse_part_headers(body.substr(pos, header_end - pos), field)) {
            return std::nullopt;
        }
        pos = header_end + 4;
        const auto data_end = body.find(delimiter, pos);
        if (data_end == std::string_view::npos) {
            return std::nullopt;
        }
        field.value = std::string(body.substr(pos, data_end - pos));
        out.push_back(std::move(field));
        pos = data_end + delimiter.size();
    }
}

std::optional<form> parse_form(std::string_view content_type, std::string_view body) {
    const auto type = media_type(content_type);
    if (equals_ignoring_case(type, "application/x-www-form-urlencoded")) {
        return parse_urlencoded(body);
    }
    if (equals_ignoring_case(type, "multipart/form-data")) {
        return parse_multipart(content_type, body);
    }
    return std::nullopt;
}

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        const auto pair = trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return std::string(pair.substr(eq + 1));
        }
    }
    return {};
}

} // namespace mend::http
