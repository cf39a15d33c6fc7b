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

[[noreturn]] void bad(const std::filesystem::path& file, const std::string& what) {
    throw std::runtime_error("config file " + file.string() + ": " + what);
}

// [clocks] scan_interval_seconds, at_risk_share; [targets] one span per priority; [calendar] extra_holidays.
void load_time_settings(const toml::table& table, const std::filesystem::path& file, config& cfg) {
    if (auto v = table["clocks"]["scan_interval_seconds"]) {
        const auto n = v.value<std::int64_t>();
        if (!v.is_integer() || !n || *n < 1 || *n > 86400) {
            bad(file, "clocks.scan_interval_seconds must be a whole number from 1 to 86400");
        }
        cfg.clock_scan_seconds = static_cast<int>(*n);
    }
    if (auto v = table["clocks"]["at_risk_share"]) {
        const auto share = v.value<double>();
        if (!share || *share < 0.0 || *share > 1.0) {
            bad(file,
                "clocks.at_risk_share must be a number from 0 to 1 (the share of the allowed time left)");
        }
        cfg.clocks.at_risk_share = *share;
    }
    for (std::size_t i = 0; i < domain::names<domain::priority>::list.size(); ++i) {
        const std::string key(domain::names<domain::priority>::list[i]);
        if (auto v = table["targets"][key]) {
            const auto text = v.value<std::string>();
            const auto parsed = text ? domain::parse_span(*text) : std::nullopt;
            if (!v.is_string() || !parsed) {
                bad(file, "targets." + key + " must be like \"24 hours\", \"5 working days\" or \"90 days\"");
            }
            cfg.clocks.targets.by_priority[i] = *parsed;
        }
    }
    if (auto v = table["calendar"]["extra_holidays"]) {
        const auto* list = v.as_array();
        if (list == nullptr) {
            bad(file, "calendar.extra_holidays must be a list of dates like [\"2026-12-29\"]");
        }
        std::vector<domain::date> extra;
        for (const auto& item : *list) {
            const auto text = item.value<std::string>();
            const auto day = text ? domain::parse_date(*text) : std::nullopt;
            if (!day) {
                bad(file, "calendar.extra_holidays must hold dates like \"2026-12-29\"");
            }
            extra.push_back(*day);
        }
        cfg.clocks.calendar = cfg.clocks.calendar.with(extra);
    }
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
        const auto text = [&](const char* key, auto& out) {
            if (auto v = table["web"][key]) {
                if (!v.is_string()) {
                    throw std::runtime_error("config file " + file->string() + ": web." + key +
                                             " must be a string");
                }
                out = *v.template value<std::string>();
            }
        };
        text("landlord_name", cfg.landlord_name);
        text("brand_colour", cfg.brand_colour);
        std::string assets = cfg.assets_dir.string();
        text("assets_dir", assets);
        cfg.assets_dir = assets;
        if (auto v = table["web"]["secure_cookies"]) {
            if (!v.is_boolean()) {
                throw std::runtime_error("config file " + file->string() +
                                         ": web.secure_cookies must be true or false");
            }
            cfg.secure_cookies = *v.value<bool>();
        }
        if (auto v = table["storage"]["data"]) {
            if (!v.is_string()) {
                throw std::runtime_error("config file " + file->string() + ": storage.data must be a string");
            }
            cfg.data = *v.value<std::string>();
        }
        load_time_settings(table, *file, cfg);
        detail::load_notify_config(&table, file->string(), cfg);
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
    if (auto v = env("MEND_ASSETS_DIR")) {
        cfg.assets_dir = *v;
    }
    // The header's text is white on this colour, so only a full "#rrggbb" is taken, never arbitrary CSS.
    const bool hex = cfg.brand_colour.size() == 7 && cfg.brand_colour[0] == '#' &&
                     cfg.brand_colour.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
    if (!hex) {
        throw std::runtime_error("web.brand_colour must be a colour like \"#1d4f91\", not \"" +
                                 cfg.brand_colour + "\"");
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
