#include "notify/email/mime.hpp"

#include "domain/text.hpp"

#include <vector>

namespace mend::notify {

namespace {

constexpr std::size_t max_line = 998;     // RFC 5322 2.1.1: octets on a line, without its CRLF
constexpr std::size_t folded_line = 78;   // RFC 5322 2.1.1: what a header line should keep to
constexpr std::size_t encoded_line = 76;  // RFC 2045 6.7 and 6.8
constexpr std::size_t word_bytes = 39;    // of text per encoded word: 52 characters of base64, no padding
constexpr std::size_t longest_name = 200; // a longer display name is encoded, so that it folds

bool is_ascii(std::string_view text) {
    for (const char ch : text) {
        if (static_cast<unsigned char>(ch) >= 0x80) {
            return false;
        }
    }
    return true;
}

// RFC 5322 3.2.3 atext, and the space between atoms.
bool is_atom_text(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ch == ' ' ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(ch) != std::string_view::npos;
}

// Control characters (line ends above all: a header must stay one header) become spaces; blanks at either
// end go.
std::string without_controls(std::string_view text) {
    std::string out(domain::trim(text));
    for (char& ch : out) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F) {
            ch = ' ';
        }
    }
    return std::string(domain::trim(out));
}

// The lines of `text`, split at "\n" with the "\r" of a "\r\n" left out.
std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    while (true) {
        const auto end = text.find('\n');
        auto line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        out.push_back(line);
        if (end == std::string_view::npos) {
            return out;
        }
        text.remove_prefix(end + 1);
    }
}

bool is_seven_bit(const std::vector<std::string_view>& lines) {
    for (const auto line : lines) {
        if (line.size() > max_line) {
            return false;
        }
        for (const char ch : line) {
            const auto c = static_cast<unsigned char>(ch);
            if ((c < 0x20 && ch != '\t') || c >= 0x7F) {
                return false;
            }
        }
    }
    return true;
}

std::string quoted_printable_line(std::string_view line) {
    static constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        const bool blank = c == ' ' || c == '\t';
        const bool literal = (c >= 33 && c <= 126 && c != '=') || (blank && i + 1 < line.size());
        const std::size_t size = literal ? 1 : 3;
        if (width + size > encoded_line - 1) { // room for the "=" of a soft line break
            out += "=\n";
            width = 0;
        }
        if (literal) {
            out += static_cast<char>(c);
        } else {
            out += '=';
            out += hex[c >> 4U];
            out += hex[c & 0x0FU];
        }
        width += size;
    }
    return out;
}

std::string base64_lines(std::string_view bytes) {
    const std::string encoded = domain::base64(bytes);
    std::string out;
    for (std::size_t at = 0; at < encoded.size(); at += encoded_line) {
        if (at != 0) {
            out += '\n';
        }
        out += encoded.substr(at, encoded_line);
    }
    return out;
}

std::string joined(const std::vector<std::string_view>& lines, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i != 0) {
            out += separator;
        }
        out += lines[i];
    }
    return out;
}

} // namespace

std::string encoded_words(std::string_view text) {
    std::string out;
    while (!text.empty()) {
        const auto piece = domain::cut_utf8(text, word_bytes);
        const auto taken = piece.empty() ? std::min<std::size_t>(text.size(), 1) : piece.size();
        if (!out.empty()) {
            out += "\n ";
        }
        out += "=?UTF-8?B?" + domain::base64(text.substr(0, taken)) + "?=";
        text.remove_prefix(taken);
    }
    return out;
}

std::string display_name(std::string_view name) {
    std::string clean = without_controls(name);
    if (!is_ascii(clean) || clean.size() > longest_name) {
        return encoded_words(clean);
    }
    bool plain = true;
    for (const char ch : clean) {
        plain = plain && is_atom_text(ch);
    }
    if (plain) {
        return clean;
    }
    std::string quoted(1, '"');
    for (const char ch : clean) {
        if (ch == '"' || ch == '\\') {
            quoted += '\\';
        }
        quoted += ch;
    }
    quoted += '"';
    return quoted;
}

std::string mailbox(std::string_view name, std::string_view address) {
    std::string bare = without_controls(address);
    const std::string shown = display_name(name);
    if (shown.empty()) {
        return bare;
    }
    return shown + " <" + bare + ">";
}

std::string unstructured(std::string_view text, std::size_t used) {
    const std::string clean = without_controls(text);
    if (!is_ascii(clean)) {
        return encoded_words(clean);
    }
    std::string out;
    std::size_t width = used;
    std::string_view rest = clean;
    bool first = true;
    while (true) {
        const auto end = rest.find(' ');
        const auto word = rest.substr(0, end);
        if (word.size() + 1 > max_line - 1) {
            return encoded_words(clean); // no room to fold a word this long
        }
        if (!first && width + 1 + word.size() > folded_line) {
            out += "\n";
            width = 0;
        }
        if (!first) {
            out += ' ';
            ++width;
        }
        out += word;
        width += word.size();
        first = false;
        if (end == std::string_view::npos) {
            return out;
        }
        rest.remove_prefix(end + 1);
    }
}

std::string quoted_printable(std::string_view text) {
    std::string out;
    const auto lines = lines_of(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i != 0) {
            out += '\n';
        }
        out += quoted_printable_line(lines[i]);
    }
    return out;
}

mime_body encode_body(std::string_view text) {
    const auto lines = lines_of(text);
    if (is_seven_bit(lines)) {
        return {"7bit", joined(lines, "\n")};
    }
    std::size_t high = 0;
    for (const char ch : text) {
        high += static_cast<unsigned char>(ch) >= 0x80 ? 1 : 0;
    }
    if (high * 3 > text.size()) {
        return {"base64", base64_lines(joined(lines, "\r\n"))};
    }
    return {"quoted-printable", quoted_printable(text)};
}

} // namespace mend::notify
