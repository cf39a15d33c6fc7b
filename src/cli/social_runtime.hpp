// The social parts of `mend serve`, built from [social.mastodon] and [social.bluesky]: for each network the
// channel replies go out on, its mention feed and its poller; the thread listener and what the social API
// needs, shared by the networks.
#pragma once

#include "app/notices/health.hpp"
#include "app/social.hpp"
#include "cli/config.hpp"
#include "notify/settings.hpp"
#include "storage/sqlite/database.hpp"

#include <memory>

namespace mend::cli {

// The outbox's mastodon channel settings, for tenants who chose to hear on Mastodon; disabled when cfg names
// no server.
notify::mastodon_settings mastodon_of(const social_config& cfg);
// The same for Bluesky.
notify::bluesky_settings bluesky_of(const bluesky_config& cfg);

class social_runtime {
public:
    // `db`, `clock` and `health` are owned by serve and outlive this; `retry` is [notify]'s policy, which the
    // replies follow too. At least one network is configured (cfg.any_network()). Throws std::runtime_error
    // on unusable settings.
    social_runtime(const social_config& cfg, storage::database& db, const app::clock& clock,
                   app::channel_health& health, const app::retry_policy& retry);
    ~social_runtime(); // stop()
    social_runtime(const social_runtime&) = delete;
    social_runtime& operator=(const social_runtime&) = delete;

    // For the writer's listeners, after the outbox's; and for services.social.
    app::change_listener& listener();
    app::social_services& services();

    void start();
    void stop(); // before the database stops: the pollers commit through its writer

private:
    struct impl;
    std::unique_ptr<impl> impl_;
    std::vector<std::string> checklist_; // [social] checklist, kept as the current version at start
    storage::database& db_;
    const app::clock& clock_;
};

} // namespace mend::cli
