// Structured logs: one line per event (time, level, message and fields) as logfmt or JSON lines, on stderr.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace mend::log {

enum class level { debug, info, warn, error };
enum class format { logfmt, json };

// One key and its value: text (quoted when it needs to be), or a number or a flag (bare in JSON too).
struct field {
    enum class kind { text, number, flag };

    field(std::string_view name, std::string_view text)
        : key(name)
        , value(text) {}
    field(std::string_view name, const std::string& text)
        : field(name, std::string_view(text)) {}
    field(std::string_view name, const char* text)
        : field(name, std::string_view(text)) {}
    field(std::string_view name, bool flag)
        : key(name)
        , value(flag ? "true" : "false")
        , type(kind::flag) {}
    template <std::integral Number>
    requires(!std::same_as<Number, bool> && !std::same_as<Number, char>)
        field(std::string_view name, Number number)
        : key(name)
        , value(std::to_string(number))
        , type(kind::number) {}

    std::string_view key; // a word of ASCII letters, digits and '_': never escaped
    std::string value;
    kind type = kind::text;
};

using fields = std::initializer_list<field>;

struct settings {
    log::format format = format::logfmt;
    level minimum = level::info; // lines below it are not written
    bool access = false;         // one line per HTTP request answered
};

// Where finished lines go (each ends with '\n'); the default writes each to stderr in one call. Called from
// any thread, one line at a time.
using sink = std::function<void(std::string_view line)>;

// Called by main before the threads that log start (and by tests); later calls are safe but may race with
// lines being written.
void configure(const settings& chosen);
// Null restores the default (stderr).
void set_sink(sink to);

bool enabled(level l);
bool access_enabled();

// Writes one line when `l` is at or above the configured minimum. Never throws.
void write(level l, std::string_view message, fields extra = {});

inline void debug(std::string_view message, fields extra = {}) {
    write(level::debug, message, extra);
}
inline void info(std::string_view message, fields extra = {}) {
    write(level::info, message, extra);
}
inline void warn(std::string_view message, fields extra = {}) {
    write(level::warn, message, extra);
}
inline void error(std::string_view message, fields extra = {}) {
    write(level::error, message, extra);
}

// The line `write` would print (without its '\n'): time, level, msg, then the fields in order. Values are
// escaped so that nothing a client sends can start a line of its own or forge a field, and cut at
// max_value_bytes.
std::string format_line(format f, std::chrono::system_clock::time_point at, level l, std::string_view message,
                        fields extra);

constexpr std::size_t max_value_bytes = 2048;

// "debug", "info", "warn", "error"; parse_level and parse_format return false for anything else.
std::string_view level_name(level l);
bool parse_level(std::string_view text, level& out);
bool parse_format(std::string_view text, format& out);

} // namespace mend::log
