// Settings of the notices: the outbox's policy and each channel's configuration (from [notify] in the TOML).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mend::notify {

struct file_settings {
    std::filesystem::path dir;               // empty: DATA/outbox
    std::optional<long> retry_horizon_hours; // empty: [notify]'s
};

struct email_settings {
    bool enabled = false; // on when [notify.email] names a host
    std::string host;
    int port = 587;
    std::string from;     // "Repairs <repairs@landlord.example>"
    std::string username; // optional SMTP AUTH
    std::string password;
    bool starttls = true;
    bool allow_plain_loopback = false; // starttls = false is refused unless this is set and host is loopback
    std::string ca_file;               // extra trust anchor, e.g. a test CA
    double per_second = 10;
    long timeout_ms = 30000;
    std::optional<long> retry_horizon_hours; // empty: [notify]'s
};

struct govuk_notify_settings {
    bool enabled = false; // on when [notify.notify] has an api_key
    std::string base_url = "https://api.notifications.service.gov.uk";
    std::string api_key;           // "{key_name}-{service_id}-{secret_key}"
    std::string sms_template_id;   // a Notify template whose text is ((body))
    std::string email_template_id; // a Notify template with subject ((subject)) and text ((body))
    std::string callback_token;    // the bearer token Notify sends with delivery receipts
    double per_second = 50;        // Notify allows 3,000 messages a minute
    long timeout_ms = 30000;
    std::optional<long> retry_horizon_hours; // of sms and notify_email; empty: [notify]'s
};

struct webhook_settings {
    double per_second = 0;
    long timeout_ms = 10000;
    std::string ca_file;
    std::optional<long> retry_horizon_hours; // empty: [notify]'s
};

struct mastodon_settings {
    bool enabled = false;     // on when [social.mastodon] names a base_url
    std::string base_url;     // the server our account is on, e.g. "https://social.example"
    std::string access_token; // of our account, with the write:statuses and read:notifications scopes
    std::string visibility = "public"; // of the posts we make: public, unlisted or direct
    double per_second = 1;             // Mastodon allows 300 calls in 5 minutes per account
    long timeout_ms = 15000;
};

struct bluesky_settings {
    bool enabled = false;     // on when [social.bluesky] names a service
    std::string service_url;  // our account's PDS, e.g. "https://bsky.social"
    std::string identifier;   // our handle (or DID), e.g. "repairs.example.org"
    std::string app_password; // an app password of that account, never its main password
    double per_second = 1;    // Bluesky allows 5,000 points an hour for writes (a post costs 3)
    long timeout_ms = 15000;
};

struct settings {
    std::optional<std::filesystem::path> templates_dir; // overrides of the built-in templates
    std::vector<std::string> default_channels{"file"};  // for users who chose none
    std::string public_url = "http://127.0.0.1:8080";   // where tenants answer "is it fixed?"
    bool dispatch = true;                               // false: queue notices but send nothing
    int max_attempts = 8; // answers about a notice itself (never outages) before it is dead
    long backoff_base_ms = 1000;
    long backoff_cap_ms = 3'600'000;
    long retry_horizon_hours = 72; // how long a notice keeps trying, on every channel that does not say
    long probe_interval_ms =
        30'000; // the first probe of a channel that is down; each failed probe doubles it
    std::optional<long> probe_cap_ms; // the longest between probes; empty: 16 times probe_interval_ms
    int workers = 4;                  // threads making blocking sends
    long poll_ms = 250;               // how often an idle dispatcher looks for new notices
    file_settings file;
    email_settings email;
    govuk_notify_settings notify;
    webhook_settings webhook;
    mastodon_settings mastodon;
    bluesky_settings bluesky;
};

} // namespace mend::notify
