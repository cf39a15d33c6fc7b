// The [notify] part of the config file: the outbox's policy and each channel's settings.
#include "cli/config.hpp"

#include <stdexcept>
#include <toml++/toml.h>

namespace mend::cli::detail {

namespace {

struct section {
    const toml::node_view<const toml::node> node;
    const std::string& file;
    std::string name;

    [[noreturn]] void fail(const std::string& key, const std::string& what) const {
        throw std::runtime_error("config file " + file + ": " + name + "." + key + " must be " + what);
    }

    void text(const char* key, std::string& out) const {
        if (auto v = node[key]) {
            if (!v.is_string()) {
                fail(key, "a string");
            }
            out = *v.value<std::string>();
        }
    }
    void number(const char* key, long& out, long min, long max) const {
        if (auto v = node[key]) {
            const auto n = v.value<std::int64_t>();
            if (!v.is_integer() || !n || *n < min || *n > max) {
                fail(key, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
            }
            out = static_cast<long>(*n);
        }
    }
    void number(const char* key, int& out, int min, int max) const {
        long value = out;
        number(key, value, min, max);
        out = static_cast<int>(value);
    }
    void rate(const char* key, double& out) const {
        if (auto v = node[key]) {
            const auto n = v.value<double>();
            if (!n || *n < 0) {
                fail(key, "a number of messages per second, 0 for no limit");
            }
            out = *n;
        }
    }
    void flag(const char* key, bool& out) const {
        if (auto v = node[key]) {
            if (!v.is_boolean()) {
                fail(key, "true or false");
            }
            out = *v.value<bool>();
        }
    }
};

} // namespace

void load_notify_config(const void* parsed, const std::string& file, config& cfg) {
    const auto& table = *static_cast<const toml::table*>(parsed);
    const auto root = toml::node_view<const toml::node>(table)["notify"];
    if (!root) {
        return;
    }
    auto& n = cfg.notify;
    const section top{root, file, "notify"};
    std::string templates;
    top.text("templates_dir", templates);
    if (!templates.empty()) {
        n.templates_dir = templates;
    }
    if (auto v = root["default_channels"]) {
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
    top.number("configuration_pause_ms", n.configuration_pause_ms, 1, 86'400'000);
    top.number("workers", n.workers, 1, 64);
    top.number("poll_ms", n.poll_ms, 1, 60'000);

    const section file_section{root["file"], file, "notify.file"};
    std::string dir;
    file_section.text("dir", dir);
    if (!dir.empty()) {
        n.file.dir = dir;
    }

    const section email{root["email"], file, "notify.email"};
    email.text("host", n.email.host);
    long port = n.email.port;
    email.number("port", port, 1, 65535);
    n.email.port = static_cast<int>(port);
    email.text("from", n.email.from);
    email.text("username", n.email.username);
    email.text("password", n.email.password);
    email.flag("starttls", n.email.starttls);
    email.flag("allow_plain_loopback", n.email.allow_plain_loopback);
    email.text("ca_file", n.email.ca_file);
    email.rate("per_second", n.email.per_second);
    email.number("timeout_ms", n.email.timeout_ms, 100, 600'000);
    n.email.enabled = !n.email.host.empty();
    if (n.email.enabled && n.email.from.empty()) {
        email.fail("from",
                   "set when notify.email.host is: the sender, e.g. \"Repairs <repairs@landlord.example>\"");
    }

    const section govuk{root["notify"], file, "notify.notify"};
    govuk.text("base_url", n.notify.base_url);
    govuk.text("api_key", n.notify.api_key);
    govuk.text("sms_template_id", n.notify.sms_template_id);
    govuk.text("email_template_id", n.notify.email_template_id);
    govuk.text("callback_token", n.notify.callback_token);
    govuk.rate("per_second", n.notify.per_second);
    govuk.number("timeout_ms", n.notify.timeout_ms, 100, 600'000);
    n.notify.enabled = !n.notify.api_key.empty();

    const section hook{root["webhook"], file, "notify.webhook"};
    hook.rate("per_second", n.webhook.per_second);
    hook.number("timeout_ms", n.webhook.timeout_ms, 100, 600'000);
    hook.text("ca_file", n.webhook.ca_file);
}

} // namespace mend::cli::detail
