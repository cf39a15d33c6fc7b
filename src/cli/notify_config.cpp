// The [notify] part of the config file: the outbox's policy and each channel's settings.
#include "cli/toml_section.hpp"

namespace mend::cli {

namespace {

constexpr long max_horizon_hours = 24L * 30;

// A channel's own retry horizon, overriding [notify]'s.
template <typename Channel> void read_horizon(const toml_section& s, Channel& channel) {
    if (long hours = 0; s.number("retry_horizon_hours", hours, 1, max_horizon_hours)) {
        channel.retry_horizon_hours = hours;
    }
}

// What every channel that sends over the network has: a rate limit, a time limit for one message and a retry
// horizon.
template <typename Channel> void read_limits(const toml_section& s, Channel& channel) {
    s.rate("per_second", channel.per_second);
    s.number("timeout_ms", channel.timeout_ms, 100, 600'000);
    read_horizon(s, channel);
}

void read_policy(const toml_section& top, notify::settings& n) {
    if (std::string templates; top.text("templates_dir", templates) && !templates.empty()) {
        n.templates_dir = templates;
    }
    if (auto v = top.at("default_channels")) {
        const auto* list = v.as_array();
        if (list == nullptr || list->empty()) {
            top.fail("default_channels", "a non-empty array of channel names");
        }
        n.default_channels.clear();
        for (const auto& item : *list) {
            if (!item.is_string()) {
                top.fail("default_channels", "an array of channel names");
            }
            n.default_channels.push_back(*item.value<std::string>());
        }
    }
    top.text("public_url", n.public_url);
    top.flag("dispatch", n.dispatch);
    top.number("max_attempts", n.max_attempts, 1, 100);
    top.number("backoff_base_ms", n.backoff_base_ms, 1, 3'600'000);
    top.number("backoff_cap_ms", n.backoff_cap_ms, 1, 86'400'000);
    top.number("retry_horizon_hours", n.retry_horizon_hours, 1, max_horizon_hours);
    // configuration_pause_ms is the older name of the first probe's wait (it applied to login trouble only).
    top.number("configuration_pause_ms", n.probe_interval_ms, 1, 86'400'000);
    top.number("probe_interval_ms", n.probe_interval_ms, 1, 86'400'000);
    if (long cap = 0; top.number("probe_cap_ms", cap, 1, 86'400'000)) {
        n.probe_cap_ms = cap;
    }
    top.number("workers", n.workers, 1, 64);
    top.number("poll_ms", n.poll_ms, 1, 60'000);
}

void read_file_channel(const toml_section& s, notify::settings& n) {
    if (std::string dir; s.text("dir", dir) && !dir.empty()) {
        n.file.dir = dir;
    }
    read_horizon(s, n.file);
}

void read_email(const toml_section& s, notify::settings& n) {
    s.text("host", n.email.host);
    s.number("port", n.email.port, 1, 65535);
    s.texts({{"from", &n.email.from}, {"username", &n.email.username}, {"password", &n.email.password}});
    s.flag("starttls", n.email.starttls);
    s.flag("allow_plain_loopback", n.email.allow_plain_loopback);
    s.text("ca_file", n.email.ca_file);
    read_limits(s, n.email);
    n.email.enabled = !n.email.host.empty();
    if (n.email.enabled && n.email.from.empty()) {
        s.fail("from",
               "set when notify.email.host is: the sender, e.g. \"Repairs <repairs@landlord.example>\"");
    }
}

// GOV.UK Notify, under [notify.notify].
void read_govuk(const toml_section& s, notify::settings& n) {
    s.texts({{"base_url", &n.notify.base_url},
             {"api_key", &n.notify.api_key},
             {"sms_template_id", &n.notify.sms_template_id},
             {"email_template_id", &n.notify.email_template_id},
             {"callback_token", &n.notify.callback_token}});
    read_limits(s, n.notify);
    n.notify.enabled = !n.notify.api_key.empty();
}

void read_webhook(const toml_section& s, notify::settings& n) {
    read_limits(s, n.webhook);
    s.text("ca_file", n.webhook.ca_file);
}

} // namespace

void load_notify_config(const toml::table& table, const config_source& file, config& cfg) {
    const toml_section top = section_of(table, file, "notify");
    if (!top.node) {
        return;
    }
    read_policy(top, cfg.notify);
    read_file_channel(section_of(table, file, "notify.file"), cfg.notify);
    read_email(section_of(table, file, "notify.email"), cfg.notify);
    read_govuk(section_of(table, file, "notify.notify"), cfg.notify);
    read_webhook(section_of(table, file, "notify.webhook"), cfg.notify);
}

} // namespace mend::cli
