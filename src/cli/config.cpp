#include "cli/config.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <toml++/toml.h>

namespace mend::cli {

namespace {

std::size_t parse_size(const std::string& text, const std::string& where) {
    std::size_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || value == 0) {
        throw std::runtime_error(where + " must be a positive whole number of bytes, not \"" + text + "\"");
    }
    return value;
}

} // namespace

std::optional<std::string> process_env(const char* name) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
        return std::string(value);
    }
    return std::nullopt;
}

config load_config(const std::optional<std::filesystem::path>& file, const overrides& flags,
                   const env_lookup& env) {
    config cfg;
    if (file) {
        toml::table table;
        try {
            table = toml::parse_file(file->string());
        } catch (const toml::parse_error& e) {
            throw std::runtime_error("config file " + file->string() + ": " + std::string(e.description()) +
                                     " at line " + std::to_string(e.source().begin.line));
        }
        if (auto v = table["server"]["listen"]) {
            if (!v.is_string()) {
                throw std::runtime_error("config file " + file->string() +
                                         ": server.listen must be a string");
            }
            cfg.listen = *v.value<std::string>();
        }
        if (auto v = table["server"]["body_limit"]) {
            const auto n = v.value<std::int64_t>();
            if (!n || *n <= 0) {
                throw std::runtime_error("config file " + file->string() +
                                         ": server.body_limit must be a positive number of bytes");
            }
            cfg.body_limit = static_cast<std::size_t>(*n);
        }
        if (auto v = table["server"]["threads"]) {
            const auto n = v.value<std::int64_t>();
            if (!n || *n < 1 || *n > 64) {
                throw std::runtime_error("config file " + file->string() +
                                         ": server.threads must be 1 to 64");
            }
            cfg.threads = static_cast<int>(*n);
        }
        if (auto v = table["storage"]["data"]) {
            if (!v.is_string()) {
                throw std::runtime_error("config file " + file->string() + ": storage.data must be a string");
            }
            cfg.data = *v.value<std::string>();
        }
        detail::load_notify_config(&table, file->string(), cfg);
    }
    if (auto v = env("MEND_LISTEN")) {
        cfg.listen = *v;
    }
    if (auto v = env("MEND_DATA")) {
        cfg.data = *v;
    }
    if (auto v = env("MEND_BODY_LIMIT")) {
        cfg.body_limit = parse_size(*v, "MEND_BODY_LIMIT");
    }
    if (flags.listen) {
        cfg.listen = *flags.listen;
    }
    if (flags.data) {
        cfg.data = *flags.data;
    }
    return cfg;
}

} // namespace mend::cli
