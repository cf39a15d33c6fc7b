// Settings of a mend process: defaults, then a TOML file, then MEND_* environment variables, then flags.
#pragma once

#include "app/leasehold.hpp"
#include "domain/clocks.hpp"
#include "domain/word_flags.hpp"
#include "http/limits.hpp"
#include "log/log.hpp"
#include "notify/settings.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mend::cli {

// [social.bluesky]: hearing residents on Bluesky. Off while service_url is empty.
struct bluesky_config {
    std::string service_url;  // our account's PDS, e.g. "https://bsky.social"
    std::string identifier;   // our handle, e.g. "repairs.example.org"
    std::string app_password; // MEND_BLUESKY_APP_PASSWORD overrides the file
    int poll_interval_seconds = 30;
    std::string intake_base_url; // as [social.mastodon]'s, when that is not set
    std::optional<std::filesystem::path>
        templates_dir;                       // DIR/bluesky/<event>.mustache, when Mastodon's is not set
    std::optional<long> retry_horizon_hours; // of replies and bluesky notices; empty: [notify]'s
    bool start_from_newest = true;
};

// [social.mastodon]: hearing residents on Mastodon. Off while base_url is empty.
struct social_config {
    std::string base_url;     // our account's server, e.g. "https://social.example"
    std::string access_token; // MEND_MASTODON_ACCESS_TOKEN overrides the file
    int poll_interval_seconds = 30;
    std::string account;               // our handle, e.g. "@repairs@social.example" (for the logs)
    std::string visibility = "public"; // of our replies: public, unlisted or direct
    std::string intake_base_url;       // the public site: private intake pages and job pages live under it
    std::optional<std::filesystem::path>
        templates_dir;                       // DIR/mastodon/<event>.mustache override the built-in ones
    std::optional<long> retry_horizon_hours; // of replies and mastodon notices; empty: [notify]'s
    bool start_from_newest =
        true; // start_from = "newest" (default) or "beginning": where a first start reads
    // [social]: the staff's risk checklist (each change of items is a new version), approval of officers' own
    // words; [social.flags]: word lists that flag incoming posts (a list set here replaces the default one).
    std::vector<std::string> checklist;
    bool require_approval = false;
    domain::word_lists flags = domain::default_word_lists();
    bluesky_config bluesky;

    [[nodiscard]] bool any_network() const { return !base_url.empty() || !bluesky.service_url.empty(); }
};

struct config {
    std::string listen = "127.0.0.1:8080";
    std::filesystem::path data = "./data";
    // [storage] backup_before_migrate: serve and migrate copy the database to DATA/backups/ before applying a
    // new migration to it.
    bool backup_before_migrate = true;
    std::size_t body_limit = std::size_t{1024} * 1024;
    int threads = 1;
    // [server]: connections, timeouts and the slowest body accepted; /metrics' token and refresh interval.
    http::server_limits limits{};
    std::string metrics_token; // MEND_METRICS_TOKEN overrides the file
    int metrics_interval_seconds = 15;
    // [clocks], [targets] and [calendar]: repair targets, the legal clocks and the overdue loop.
    domain::clock_settings clocks{};
    int clock_scan_seconds = 60;
    // [web]: the pages. assets_dir, when set, is a govuk-frontend dist/govuk folder whose stylesheet and
    // script are served instead of the copies compiled into the binary (cmake/embed_web.cmake).
    std::string landlord_name = "Mend Housing";
    std::string brand_colour = "#1d4f91";
    std::filesystem::path assets_dir;
    bool secure_cookies = false;
    notify::settings notify{}; // [notify] and its channel sections (cli/notify_config.cpp)
    // [leaseholders] own_repairs: the kinds of repair inside a leasehold home that are the leaseholder's.
    app::leasehold_policy leasehold{};
    social_config social;
    // MEND_TEST_CLOCK_FILE: the wall clock is shifted by the seconds this file holds (cli/test_clock.hpp).
    // For end-to-end tests only; serve says so loudly.
    std::optional<std::filesystem::path> test_clock_file;
    log::settings logging{}; // [log]: format ("logfmt" or "json"), level, access (a line per request)
    // Keys of the file that no setting reads ("server.lisen"): a typo or an old name. serve warns of each;
    // check-config refuses them.
    std::vector<std::string> unknown_keys;
};

// Flags given on the command line; each one set wins over the file and the environment.
struct overrides {
    std::optional<std::string> listen;
    std::optional<std::string> data;
};

using env_lookup = std::function<std::optional<std::string>(const char*)>;

std::optional<std::string> process_env(const char* name);

// Throws std::runtime_error naming the file, key or variable at fault.
config load_config(const std::optional<std::filesystem::path>& file, const overrides& flags,
                   const env_lookup& env = process_env);

} // namespace mend::cli
