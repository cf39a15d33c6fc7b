#include "cli/config.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace mend::cli {
namespace {

std::filesystem::path write_config(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::path(testing::TempDir()) / name;
    std::ofstream(path) << text;
    return path;
}

std::optional<std::string> no_env(const char*) {
    return std::nullopt;
}

// The message load_config refuses the file with, or empty when it takes it.
std::string refusal(const std::string& text) {
    try {
        load_config(write_config("refused.toml", text), {}, no_env);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return {};
}

TEST(config, every_table_of_the_file_is_read) {
    const auto path = write_config("all.toml", R"([server]
listen = "0.0.0.0:9000"
body_limit = 2048
threads = 4
trusted_proxies = ["10.0.0.0/8"]
[web]
landlord_name = "Riverside Homes"
brand_colour = "#004400"
assets_dir = "/srv/govuk"
secure_cookies = true
[storage]
data = "/var/lib/mend"
backup_before_migrate = false
[clocks]
scan_interval_seconds = 30
at_risk_share = 0.5
[targets]
emergency = "4 hours"
[calendar]
extra_holidays = ["2026-12-29"]
[notify]
default_channels = ["email", "sms"]
max_attempts = 3
[notify.email]
host = "smtp.example"
port = 2525
from = "Repairs <repairs@example.org>"
per_second = 2.5
[notify.notify]
api_key = "key-1"
timeout_ms = 1000
[notify.webhook]
ca_file = "/etc/ca.pem"
[social.mastodon]
base_url = "https://social.example"
access_token = "token"
visibility = "unlisted"
poll_interval_seconds = 90
templates_dir = "/etc/mend/templates"
[log]
format = "json"
level = "debug"
access = true
)");
    const config cfg = load_config(path, {}, no_env);
    EXPECT_EQ(cfg.listen, "0.0.0.0:9000");
    EXPECT_EQ(cfg.body_limit, 2048U);
    EXPECT_EQ(cfg.threads, 4);
    EXPECT_EQ(cfg.landlord_name, "Riverside Homes");
    EXPECT_EQ(cfg.brand_colour, "#004400");
    EXPECT_EQ(cfg.assets_dir, "/srv/govuk");
    EXPECT_TRUE(cfg.secure_cookies);
    EXPECT_EQ(cfg.data, "/var/lib/mend");
    EXPECT_EQ(cfg.clock_scan_seconds, 30);
    EXPECT_DOUBLE_EQ(cfg.clocks.at_risk_share, 0.5);
    EXPECT_EQ(domain::describe(cfg.clocks.targets.of(domain::priority::emergency)), "4 hours");
    EXPECT_TRUE(cfg.clocks.calendar.is_holiday(*domain::parse_date("2026-12-29")));
    EXPECT_EQ(cfg.notify.default_channels, (std::vector<std::string>{"email", "sms"}));
    EXPECT_EQ(cfg.notify.max_attempts, 3);
    EXPECT_TRUE(cfg.notify.email.enabled);
    EXPECT_EQ(cfg.notify.email.port, 2525);
    EXPECT_DOUBLE_EQ(cfg.notify.email.per_second, 2.5);
    EXPECT_TRUE(cfg.notify.notify.enabled);
    EXPECT_EQ(cfg.notify.notify.timeout_ms, 1000);
    EXPECT_EQ(cfg.notify.webhook.ca_file, "/etc/ca.pem");
    EXPECT_EQ(cfg.social.base_url, "https://social.example");
    EXPECT_EQ(cfg.social.visibility, "unlisted");
    EXPECT_EQ(cfg.social.poll_interval_seconds, 90);
    EXPECT_EQ(cfg.social.templates_dir, std::filesystem::path("/etc/mend/templates"));
    EXPECT_EQ(cfg.logging.format, log::format::json);
    EXPECT_EQ(cfg.logging.minimum, log::level::debug);
    EXPECT_TRUE(cfg.logging.access);
    EXPECT_FALSE(cfg.backup_before_migrate);
    EXPECT_EQ(cfg.unknown_keys, std::vector<std::string>{});
    EXPECT_TRUE(cfg.limits.proxies.contains(boost::asio::ip::make_address("10.1.2.3")));
    EXPECT_FALSE(cfg.limits.proxies.contains(boost::asio::ip::make_address("127.0.0.1")));
}

TEST(config, keys_no_setting_reads_are_named_with_their_table) {
    const auto path = write_config("unknown.toml", R"(top_level = 1
[server]
listen = "127.0.0.1:9000"
lisen = "127.0.0.1:9001"
[notify.email]
host = "smtp.example"
from = "Repairs <repairs@example.org>"
hots = "smtp.example"
[social.flags]
urgent_safety = ["gas"]
[sevrer]
threads = 2
)");
    const config cfg = load_config(path, {}, no_env);
    EXPECT_EQ(cfg.listen, "127.0.0.1:9000");
    EXPECT_TRUE(cfg.backup_before_migrate);
    EXPECT_EQ(cfg.unknown_keys,
              (std::vector<std::string>{"notify.email.hots", "server.lisen", "sevrer.threads", "top_level"}));
}

TEST(config, logs_default_to_logfmt_at_info_without_an_access_log) {
    const config cfg = load_config(std::nullopt, {}, no_env);
    EXPECT_EQ(cfg.logging.format, log::format::logfmt);
    EXPECT_EQ(cfg.logging.minimum, log::level::info);
    EXPECT_FALSE(cfg.logging.access);
}

TEST(config, the_retry_horizon_and_the_probe_are_read_for_every_channel) {
    const auto path = write_config("outages.toml", R"([notify]
retry_horizon_hours = 48
probe_interval_ms = 250
[notify.email]
host = "smtp.example"
from = "repairs@example.org"
retry_horizon_hours = 24
[notify.notify]
retry_horizon_hours = 12
[notify.webhook]
retry_horizon_hours = 6
[notify.file]
retry_horizon_hours = 3
[social.mastodon]
base_url = "https://social.example"
access_token = "token"
retry_horizon_hours = 96
)");
    const auto env = [](const char* name) -> std::optional<std::string> {
        return std::string(name) == "MEND_TEST_CLOCK_FILE" ? std::optional<std::string>("/tmp/offset")
                                                           : std::nullopt;
    };
    const config cfg = load_config(path, {}, env);
    EXPECT_EQ(cfg.notify.retry_horizon_hours, 48);
    EXPECT_EQ(cfg.notify.probe_interval_ms, 250);
    EXPECT_FALSE(cfg.notify.probe_cap_ms);
    EXPECT_EQ(cfg.notify.email.retry_horizon_hours, 24);
    EXPECT_EQ(cfg.notify.notify.retry_horizon_hours, 12);
    EXPECT_EQ(cfg.notify.webhook.retry_horizon_hours, 6);
    EXPECT_EQ(cfg.notify.file.retry_horizon_hours, 3);
    EXPECT_EQ(cfg.social.retry_horizon_hours, 96);
    EXPECT_EQ(cfg.test_clock_file, std::filesystem::path("/tmp/offset"));
    EXPECT_FALSE(load_config(std::nullopt, {}, no_env).test_clock_file);
    const config defaults = load_config(std::nullopt, {}, no_env);
    EXPECT_EQ(defaults.notify.retry_horizon_hours, 72);
    EXPECT_FALSE(defaults.notify.email.retry_horizon_hours);
}

TEST(config, the_servers_limits_and_metrics_keys_are_read) {
    const config defaults = load_config(std::nullopt, {}, no_env);
    EXPECT_EQ(defaults.limits.max_connections, 0U) << "0: chosen from the fd limit at start";
    EXPECT_EQ(defaults.limits.header_timeout, std::chrono::seconds(30));
    EXPECT_EQ(defaults.limits.body_min_bytes_per_second, 1024U);
    EXPECT_EQ(defaults.limits.body_grace, std::chrono::seconds(10));
    EXPECT_EQ(defaults.metrics_token, "");
    EXPECT_EQ(defaults.metrics_interval_seconds, 15);
    const auto path = write_config("limits.toml", R"([server]
max_connections = 500
header_timeout_seconds = 20
body_min_bytes_per_second = 4096
body_grace_seconds = 5
metrics_token = "from-the-file"
metrics_interval_seconds = 60
)");
    const config cfg = load_config(path, {}, no_env);
    EXPECT_EQ(cfg.limits.max_connections, 500U);
    EXPECT_EQ(cfg.limits.header_timeout, std::chrono::seconds(20));
    EXPECT_EQ(cfg.limits.body_min_bytes_per_second, 4096U);
    EXPECT_EQ(cfg.limits.body_grace, std::chrono::seconds(5));
    EXPECT_EQ(cfg.metrics_token, "from-the-file");
    EXPECT_EQ(cfg.metrics_interval_seconds, 60);
    const auto env = [](const char* name) -> std::optional<std::string> {
        return std::string(name) == "MEND_METRICS_TOKEN" ? std::optional<std::string>("from-env")
                                                         : std::nullopt;
    };
    EXPECT_EQ(load_config(path, {}, env).metrics_token, "from-env");
    EXPECT_NE(refusal("[server]\nmax_connections = 0\n"), "");
}

TEST(config, flags_win_over_the_environment_which_wins_over_the_file) {
    const auto path = write_config("layers.toml", "[server]\nlisten = \"127.0.0.1:1\"\n");
    const auto env = [](const char* name) -> std::optional<std::string> {
        return std::string(name) == "MEND_LISTEN" ? std::optional<std::string>("127.0.0.1:2") : std::nullopt;
    };
    EXPECT_EQ(load_config(path, {}, env).listen, "127.0.0.1:2");
    EXPECT_EQ(load_config(path, {"127.0.0.1:3", std::nullopt}, env).listen, "127.0.0.1:3");
}

TEST(config, a_refusal_names_the_file_and_the_key) {
    const std::string file =
        "config file " + (std::filesystem::path(testing::TempDir()) / "refused.toml").string();
    EXPECT_EQ(refusal("[server]\nthreads = 100\n"), file + ": server.threads must be 1 to 64");
    EXPECT_EQ(refusal("[web]\nsecure_cookies = \"yes\"\n"),
              file + ": web.secure_cookies must be true or false");
    EXPECT_EQ(refusal("[clocks]\nscan_interval_seconds = 0\n"),
              file + ": clocks.scan_interval_seconds must be a whole number from 1 to 86400");
    EXPECT_EQ(refusal("[calendar]\nextra_holidays = [\"x\"]\n"),
              file + ": calendar.extra_holidays must hold dates like \"2026-12-29\"");
    EXPECT_EQ(refusal("[notify.email]\nport = 99999\n"),
              file + ": notify.email.port must be a whole number from 1 to 65535");
    EXPECT_EQ(refusal("[notify.webhook]\nretry_horizon_hours = 0\n"),
              file + ": notify.webhook.retry_horizon_hours must be a whole number from 1 to 720");
    EXPECT_EQ(refusal("[social.mastodon]\nbase_url = \"ftp://x\"\n"),
              file + ": social.mastodon.base_url must start with https://");
    EXPECT_EQ(refusal("[log]\nformat = \"text\"\n"), file + ": log.format must be \"logfmt\" or \"json\"");
    EXPECT_EQ(refusal("[log]\nlevel = \"loud\"\n"),
              file + ": log.level must be \"debug\", \"info\", \"warn\" or \"error\"");
    EXPECT_EQ(refusal("[log]\naccess = 1\n"), file + ": log.access must be true or false");
    EXPECT_EQ(refusal("[server]\ntrusted_proxies = [\"proxy.example\"]\n"),
              file + ": server.trusted_proxies must be a list of addresses or networks, like [\"127.0.0.1\", "
                     "\"10.0.0.0/8\"]");
    EXPECT_EQ(refusal("[web]\nbrand_colour = \"red\"\n"),
              "web.brand_colour must be a colour like \"#1d4f91\", not \"red\"");
    EXPECT_EQ(refusal("[social.mastodon]\nbase_url = \"https://social.example\"\n"),
              "social.mastodon.base_url is set but there is no access_token (in the file, or "
              "MEND_MASTODON_ACCESS_TOKEN)");
    EXPECT_EQ(refusal("[social.bluesky]\nservice_url = \"bsky.social\"\n"),
              file + ": social.bluesky.service_url must start with https://");
    EXPECT_EQ(refusal("[social.bluesky]\npoll_interval_seconds = 0\n"),
              file + ": social.bluesky.poll_interval_seconds must be 1 to 86400");
    EXPECT_EQ(
        refusal(
            "[social.bluesky]\nservice_url = \"https://bsky.social\"\nidentifier = \"repairs.example\"\n"),
        "social.bluesky.service_url is set but there is no identifier or no app_password (in the file, or "
        "MEND_BLUESKY_APP_PASSWORD)");
}

TEST(config, bluesky_is_read_with_its_app_password_from_the_environment) {
    const auto path = write_config("bluesky.toml", R"([social.bluesky]
service_url = "https://bsky.social"
identifier = "repairs.example.org"
app_password = "from-the-file"
poll_interval_seconds = 20
retry_horizon_hours = 48
start_from = "beginning"
)");
    const auto env = [](const char* name) -> std::optional<std::string> {
        return std::string(name) == "MEND_BLUESKY_APP_PASSWORD" ? std::optional<std::string>("from-the-env")
                                                                : std::nullopt;
    };
    const auto cfg = load_config(path, {}, env);
    const auto& b = cfg.social.bluesky;
    EXPECT_EQ(b.service_url, "https://bsky.social");
    EXPECT_EQ(b.identifier, "repairs.example.org");
    EXPECT_EQ(b.app_password, "from-the-env");
    EXPECT_EQ(b.poll_interval_seconds, 20);
    EXPECT_EQ(b.retry_horizon_hours, 48);
    EXPECT_FALSE(b.start_from_newest);
    EXPECT_TRUE(cfg.social.any_network());
    EXPECT_TRUE(cfg.social.base_url.empty()); // Mastodon stays off
    EXPECT_TRUE(cfg.unknown_keys.empty());
}

} // namespace
} // namespace mend::cli
