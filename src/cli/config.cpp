#include "cli/config.hpp"

#include "cli/toml_section.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <stdexcept>

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

// [server] max_connections, header_timeout_seconds, body_min_bytes_per_second, body_grace_seconds.
void read_limits(const toml_section& s, http::server_limits& limits) {
    if (const auto n = s.bounded("max_connections", 1, 1'000'000, "1 to 1000000")) {
        limits.max_connections = static_cast<std::size_t>(*n);
    }
    if (const auto n = s.bounded("header_timeout_seconds", 1, 3600, "1 to 3600")) {
        limits.header_timeout = std::chrono::seconds(*n);
    }
    if (const auto n =
            s.bounded("body_min_bytes_per_second", 1, 1'000'000'000, "a positive number of bytes")) {
        limits.body_min_bytes_per_second = static_cast<std::size_t>(*n);
    }
    if (const auto n = s.bounded("body_grace_seconds", 0, 3600, "0 to 3600")) {
        limits.body_grace = std::chrono::seconds(*n);
    }
}

// [server] listen, body_limit, threads, metrics_token, metrics_interval_seconds, trusted_proxies, and the
// limits above.
void read_server(const toml_section& s, config& cfg) {
    s.text("listen", cfg.listen);
    if (const auto n = s.bounded("body_limit", 1, std::numeric_limits<std::int64_t>::max(),
                                 "a positive number of bytes")) {
        cfg.body_limit = static_cast<std::size_t>(*n);
    }
    if (const auto n = s.bounded("threads", 1, 64, "1 to 64")) {
        cfg.threads = static_cast<int>(*n);
    }
    s.text("metrics_token", cfg.metrics_token);
    s.number("metrics_interval_seconds", cfg.metrics_interval_seconds, 1, 3600);
    read_limits(s, cfg.limits);
    if (std::vector<std::string> proxies; s.text_list("trusted_proxies", proxies)) {
        auto parsed = http::trusted_proxies::parse(proxies);
        if (!parsed) {
            s.fail("trusted_proxies",
                   "a list of addresses or networks, like [\"127.0.0.1\", \"10.0.0.0/8\"]");
        }
        cfg.limits.proxies = std::move(*parsed);
    }
}

// [web] landlord_name, brand_colour, assets_dir, secure_cookies.
void read_web(const toml_section& s, config& cfg) {
    s.texts({{"landlord_name", &cfg.landlord_name}, {"brand_colour", &cfg.brand_colour}});
    s.path("assets_dir", cfg.assets_dir);
    s.flag("secure_cookies", cfg.secure_cookies);
}

// [clocks] scan_interval_seconds, at_risk_share.
void read_clocks(const toml_section& s, config& cfg) {
    s.number("scan_interval_seconds", cfg.clock_scan_seconds, 1, 86400);
    if (auto v = s.at("at_risk_share")) {
        const auto share = v.value<double>();
        if (!share || *share < 0.0 || *share > 1.0) {
            s.fail("at_risk_share", "a number from 0 to 1 (the share of the allowed time left)");
        }
        cfg.clocks.at_risk_share = *share;
    }
}

// [targets]: one span per priority.
void read_targets(const toml_section& s, config& cfg) {
    for (std::size_t i = 0; i < domain::names<domain::priority>::list.size(); ++i) {
        const std::string key(domain::names<domain::priority>::list[i]);
        if (auto v = s.at(key)) {
            const auto text = v.value<std::string>();
            const auto parsed = text ? domain::parse_span(*text) : std::nullopt;
            if (!v.is_string() || !parsed) {
                s.fail(key, "like \"24 hours\", \"5 working days\" or \"90 days\"");
            }
            cfg.clocks.targets.by_priority[i] = *parsed;
        }
    }
}

// [calendar] extra_holidays.
void read_calendar(const toml_section& s, config& cfg) {
    auto v = s.at("extra_holidays");
    if (!v) {
        return;
    }
    const auto* list = v.as_array();
    if (list == nullptr) {
        s.fail("extra_holidays", "a list of dates like [\"2026-12-29\"]");
    }
    std::vector<domain::date> extra;
    for (const auto& item : *list) {
        const auto text = item.value<std::string>();
        const auto day = text ? domain::parse_date(*text) : std::nullopt;
        if (!day) {
            s.refuse("extra_holidays", "must hold dates like \"2026-12-29\"");
        }
        extra.push_back(*day);
    }
    cfg.clocks.calendar = cfg.clocks.calendar.with(extra);
}

// [leaseholders] own_repairs.
void read_leaseholders(const toml_section& s, config& cfg) {
    std::vector<std::string> names;
    if (!s.text_list("own_repairs", names)) {
        return;
    }
    auto policy = app::leasehold_policy_of(names, "own_repairs");
    if (!policy) {
        s.refuse("own_repairs", "must hold kinds of repair inside a home (" +
                                    std::string(domain::one_of<domain::category>()) +
                                    ", but not communal): " + policy.error().message);
    }
    cfg.leasehold = *policy;
}

// [log] format, level, access.
void read_log(const toml_section& s, log::settings& out) {
    if (std::string text; s.text("format", text) && !log::parse_format(text, out.format)) {
        s.fail("format", "\"logfmt\" or \"json\"");
    }
    if (std::string text; s.text("level", text) && !log::parse_level(text, out.minimum)) {
        s.fail("level", "\"debug\", \"info\", \"warn\" or \"error\"");
    }
    s.flag("access", out.access);
}

// What every network's section says alike: poll_interval_seconds, retry_horizon_hours, start_from.
void read_polling(const toml_section& s, int& poll_interval_seconds, std::optional<long>& retry_horizon_hours,
                  bool& start_from_newest) {
    if (const auto n = s.bounded("poll_interval_seconds", 1, 86400, "1 to 86400")) {
        poll_interval_seconds = static_cast<int>(*n);
    }
    if (const auto n = s.bounded("retry_horizon_hours", 1, std::int64_t{24} * 30, "1 to 720")) {
        retry_horizon_hours = static_cast<long>(*n);
    }
    if (std::string start; s.text("start_from", start)) {
        if (start != "newest" && start != "beginning") {
            s.fail("start_from", "newest or beginning");
        }
        start_from_newest = start == "newest";
    }
}

// A network's server: an http(s) URL.
void read_server_url(const toml_section& s, const char* key, std::string& url) {
    if (s.text(key, url) && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
        s.refuse(key, "must start with https://");
    }
}

// [social.mastodon]: off while base_url is empty.
void read_social(const toml_section& s, social_config& out) {
    read_server_url(s, "base_url", out.base_url);
    s.texts({{"access_token", &out.access_token},
             {"account", &out.account},
             {"intake_base_url", &out.intake_base_url}});
    if (std::string dir; s.text("templates_dir", dir)) {
        out.templates_dir = dir;
    }
    if (s.text("visibility", out.visibility) && out.visibility != "public" && out.visibility != "unlisted" &&
        out.visibility != "direct") {
        s.fail("visibility", "public, unlisted or direct");
    }
    read_polling(s, out.poll_interval_seconds, out.retry_horizon_hours, out.start_from_newest);
}

// [social.bluesky]: off while service_url is empty.
void read_bluesky(const toml_section& s, bluesky_config& out) {
    read_server_url(s, "service_url", out.service_url);
    s.texts({{"identifier", &out.identifier},
             {"app_password", &out.app_password},
             {"intake_base_url", &out.intake_base_url}});
    if (std::string dir; s.text("templates_dir", dir)) {
        out.templates_dir = dir;
    }
    read_polling(s, out.poll_interval_seconds, out.retry_horizon_hours, out.start_from_newest);
}

// [social] checklist, require_approval; [social.flags] possible_hazard, urgent_safety, abusive (or more
// lists).
void read_social_safety(const toml::table& table, const config_source& file, social_config& out) {
    const auto top = section_of(table, file, "social");
    top.text_list("checklist", out.checklist);
    top.flag("require_approval", out.require_approval);
    const auto flags = section_of(table, file, "social.flags");
    const auto* lists = flags.node.as_table();
    if (lists == nullptr) {
        return;
    }
    for (const auto& [key, value] : *lists) {
        const std::string name(key.str());
        std::vector<std::string> words;
        flags.text_list(name.c_str(), words);
        auto known = std::find_if(out.flags.begin(), out.flags.end(),
                                  [&name](const auto& l) { return l.first == name; });
        if (known != out.flags.end()) {
            known->second = std::move(words);
        } else {
            out.flags.emplace_back(name, std::move(words));
        }
    }
}

void read_file(const std::filesystem::path& path, config& cfg) {
    const config_source file{path.string(), {}};
    toml::table table;
    try {
        table = toml::parse_file(file.name);
    } catch (const toml::parse_error& e) {
        throw std::runtime_error("config file " + file.name + ": " + std::string(e.description()) +
                                 " at line " + std::to_string(e.source().begin.line));
    }
    read_server(section_of(table, file, "server"), cfg);
    read_web(section_of(table, file, "web"), cfg);
    const auto storage = section_of(table, file, "storage");
    storage.path("data", cfg.data);
    storage.flag("backup_before_migrate", cfg.backup_before_migrate);
    read_clocks(section_of(table, file, "clocks"), cfg);
    read_targets(section_of(table, file, "targets"), cfg);
    read_calendar(section_of(table, file, "calendar"), cfg);
    read_leaseholders(section_of(table, file, "leaseholders"), cfg);
    load_notify_config(table, file, cfg);
    read_social(section_of(table, file, "social.mastodon"), cfg.social);
    read_bluesky(section_of(table, file, "social.bluesky"), cfg.social.bluesky);
    read_social_safety(table, file, cfg.social);
    read_log(section_of(table, file, "log"), cfg.logging);
    cfg.unknown_keys = keys_not_looked_up(table, file);
}

// MEND_LISTEN, MEND_DATA, MEND_BODY_LIMIT, MEND_ASSETS_DIR and MEND_TEST_CLOCK_FILE.
void read_environment(const env_lookup& env, config& cfg) {
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
    if (auto v = env("MEND_TEST_CLOCK_FILE")) {
        cfg.test_clock_file = *v;
    }
}

// The header's text is white on this colour, so only a full "#rrggbb" is taken, never arbitrary CSS.
void check_brand_colour(const std::string& colour) {
    const bool hex = colour.size() == 7 && colour[0] == '#' &&
                     colour.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
    if (!hex) {
        throw std::runtime_error("web.brand_colour must be a colour like \"#1d4f91\", not \"" + colour +
                                 "\"");
    }
}

} // namespace

std::optional<std::string> process_env(const char* name) {
    // Read at start, before any thread: nothing sets the environment while this runs.
    if (const char* value = std::getenv(name); // NOLINT(concurrency-mt-unsafe)
        value != nullptr && *value != '\0') {
        return std::string(value);
    }
    return std::nullopt;
}

config load_config(const std::optional<std::filesystem::path>& file, const overrides& flags,
                   const env_lookup& env) {
    config cfg;
    if (file) {
        read_file(*file, cfg);
    }
    if (auto v = env("MEND_MASTODON_ACCESS_TOKEN")) {
        cfg.social.access_token = *v;
    }
    if (auto v = env("MEND_BLUESKY_APP_PASSWORD")) {
        cfg.social.bluesky.app_password = *v;
    }
    if (auto v = env("MEND_METRICS_TOKEN")) {
        cfg.metrics_token = *v;
    }
    if (!cfg.social.base_url.empty() && cfg.social.access_token.empty()) {
        throw std::runtime_error(
            "social.mastodon.base_url is set but there is no access_token (in the file, or "
            "MEND_MASTODON_ACCESS_TOKEN)");
    }
    const auto& bluesky = cfg.social.bluesky;
    if (!bluesky.service_url.empty() && (bluesky.identifier.empty() || bluesky.app_password.empty())) {
        throw std::runtime_error("social.bluesky.service_url is set but there is no identifier or no "
                                 "app_password (in the file, or "
                                 "MEND_BLUESKY_APP_PASSWORD)");
    }
    read_environment(env, cfg);
    check_brand_colour(cfg.brand_colour);
    if (flags.listen) {
        cfg.listen = *flags.listen;
    }
    if (flags.data) {
        cfg.data = *flags.data;
    }
    return cfg;
}

} // namespace mend::cli
