#include "log/log.hpp"

#include <array>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace mend::log {

namespace {

std::atomic<format> chosen_format{format::logfmt};
std::atomic<level> chosen_minimum{level::info};
std::atomic<bool> chosen_access{false};

std::mutex sink_mutex;
sink chosen_sink; // guarded by sink_mutex; empty: stderr

constexpr std::array<std::string_view, 4> level_names{"debug", "info", "warn", "error"};

// "2025-03-01T09:30:00.123Z": UTC, so that lines from several hosts sort together.
std::string timestamp(std::chrono::system_clock::time_point at) {
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::array<char, 32> text{};
    const auto n = std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                 utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                                 utc.tm_sec, static_cast<int>(millis % 1000));
    return {text.data(), static_cast<std::size_t>(n)};
}

// The length of the well-formed UTF-8 sequence at text[i], or 0 when the byte there does not start one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned minimum = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
        minimum = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        minimum = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    unsigned code = lead & (0xffU >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xc0U) != 0x80U) {
            return 0;
        }
        code = (code << 6U) | (next & 0x3fU);
    }
    const bool surrogate = code >= 0xd800 && code <= 0xdfff;
    return code < minimum || code > 0x10ffff || surrogate ? 0 : length;
}

void append_escape(std::string& out, unsigned char c) {
    switch (c) {
    case '"':
        out += "\\\"";
        return;
    case '\\':
        out += "\\\\";
        return;
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\t':
        out += "\\t";
        return;
    default:
        std::array<char, 8> hex{};
        std::snprintf(hex.data(), hex.size(), "\\u%04x", static_cast<unsigned>(c));
        out += hex.data();
    }
}

// `value` quoted, as a JSON string (logfmt's quoted values use the same escapes); invalid UTF-8 becomes
// U+FFFD.
void append_quoted(std::string& out, std::string_view value) {
    const bool cut = value.size() > max_value_bytes;
    value = value.substr(0, max_value_bytes);
    out += '"';
    for (std::size_t i = 0; i < value.size();) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c >= 0x80) {
            const auto n = utf8_length(value, i);
            out += n == 0 ? std::string_view("\\ufffd") : value.substr(i, n);
            i += n == 0 ? 1 : n;
            continue;
        }
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
            append_escape(out, c);
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    out += cut ? "...\"" : "\"";
}

// logfmt leaves a value bare when it is a plain word: nothing to quote, escape or split on.
bool bare_in_logfmt(std::string_view value) {
    if (value.empty() || value.size() > max_value_bytes) {
        return false;
    }
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || c == '=' || c == '"' || c == '\\') {
            return false;
        }
    }
    return true;
}

void append_pair(std::string& out, format f, std::string_view key, std::string_view value, field::kind type) {
    if (f == format::json) {
        out += out.size() > 1 ? ",\"" : "\"";
        out += key;
        out += "\":";
        if (type == field::kind::text) {
            append_quoted(out, value);
        } else {
            out += value;
        }
        return;
    }
    if (!out.empty()) {
        out += ' ';
    }
    out += key;
    out += '=';
    if (bare_in_logfmt(value)) {
        out += value;
    } else {
        append_quoted(out, value);
    }
}

void write_to_stderr(std::string_view line) {
    // One fwrite per line: stdio's lock keeps lines from several threads whole.
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

} // namespace

std::string_view level_name(level l) {
    return level_names.at(static_cast<std::size_t>(l));
}

bool parse_level(std::string_view text, level& out) {
    for (std::size_t i = 0; i < level_names.size(); ++i) {
        if (text == level_names[i]) {
            out = static_cast<level>(i);
            return true;
        }
    }
    return false;
}

bool parse_format(std::string_view text, format& out) {
    if (text == "logfmt" || text == "json") {
        out = text == "json" ? format::json : format::logfmt;
        return true;
    }
    return false;
}

std::string format_line(format f, std::chrono::system_clock::time_point at, level l, std::string_view message,
                        fields extra) {
    std::string out = f == format::json ? "{" : "";
    append_pair(out, f, "time", timestamp(at), field::kind::text);
    append_pair(out, f, "level", level_name(l), field::kind::text);
    append_pair(out, f, "msg", message, field::kind::text);
    for (const auto& item : extra) {
        append_pair(out, f, item.key, item.value, item.type);
    }
    if (f == format::json) {
        out += '}';
    }
    return out;
}

void configure(const settings& chosen) {
    chosen_format.store(chosen.format);
    chosen_minimum.store(chosen.minimum);
    chosen_access.store(chosen.access);
}

void set_sink(sink to) {
    const std::lock_guard lock(sink_mutex);
    chosen_sink = std::move(to);
}

bool enabled(level l) {
    return l >= chosen_minimum.load(std::memory_order_relaxed);
}

bool access_enabled() {
    return chosen_access.load(std::memory_order_relaxed);
}

void write(level l, std::string_view message, fields extra) {
    if (!enabled(l)) {
        return;
    }
    try {
        std::string line = format_line(chosen_format.load(std::memory_order_relaxed),
                                       std::chrono::system_clock::now(), l, message, extra);
        line += '\n';
        const std::lock_guard lock(sink_mutex);
        if (chosen_sink) {
            chosen_sink(line);
        } else {
            write_to_stderr(line);
        }
    } catch (...) {
        // A log line that cannot be written (out of memory, a failing test sink) must not end what logged it.
    }
}

} // namespace mend::log
