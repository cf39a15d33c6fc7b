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

std::string text_setting(const toml::node_view<toml::node>& v, const std::string& where,
                         const std::string& file) {
    if (!v.is_string()) {
        throw std::runtime_error("config file " + file + ": " + where + " must be a string");
    }
    return *v.value<std::string>();
}

void read_social(toml::table& table, const std::string& file, social_config& out) {
    auto m = table["social"]["mastodon"];
    if (!m) {
        return;
    }
    if (auto v = m["base_url"]) {
        out.base_url = text_setting(v, "social.mastodon.base_url", file);
        if (out.base_url.rfind("https://", 0) != 0 && out.base_url.rfind("http://", 0) != 0) {
            throw std::runtime_error("config file " + file +
                                     ": social.mastodon.base_url must start with https://");
        }
    }
    if (auto v = m["access_token"]) {
        out.access_token = text_setting(v, "social.mastodon.access_token", file);
    }
    if (auto v = m["account"]) {
        out.account = text_setting(v, "social.mastodon.account", file);
    }
    if (auto v = m["intake_base_url"]) {
        out.intake_base_url = text_setting(v, "social.mastodon.intake_base_url", file);
    }
    if (auto v = m["templates_dir"]) {
        out.templates_dir = text_setting(v, "social.mastodon.templates_dir", file);
    }
    if (auto v = m["visibility"]) {
        out.visibility = text_setting(v, "social.mastodon.visibility", file);
        if (out.visibility != "public" && out.visibility != "unlisted" && out.visibility != "direct") {
            throw std::runtime_error("config file " + file +
                                     ": social.mastodon.visibility must be public, unlisted or direct");
        }
    }
    if (auto v = m["poll_interval_seconds"]) {
        const auto n = v.value<std::int64_t>();
        if (!n || *n < 1 || *n > 86400) {
            throw std::runtime_error("config file " + file +
                                     ": social.mastodon.poll_interval_seconds must be 1 to 86400");
        }
        out.poll_interval_seconds = static_cast<int>(*n);
    }
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
        read_social(table, file->string(), cfg.social);
    }
    if (auto v = env("MEND_MASTODON_ACCESS_TOKEN")) {
        cfg.social.access_token = *v;
    }
    if (!cfg.social.base_url.empty() && cfg.social.access_token.empty()) {
        throw std::runtime_error(
            "social.mastodon.base_url is set but there is no access_token (in the file, or "
            "MEND_MASTODON_ACCESS_TOKEN)");
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
