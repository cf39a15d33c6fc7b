#include "cli/social_runtime.hpp"

#include "app/social_safety.hpp"
#include "notify/bluesky/bluesky_channel.hpp"
#include "notify/mastodon/mastodon_channel.hpp"
#include "notify/templates.hpp"
#include "social/poller.hpp"
#include "social/social_listener.hpp"

namespace mend::cli {

notify::mastodon_settings mastodon_of(const social_config& cfg) {
    notify::mastodon_settings s;
    s.enabled = true;
    s.base_url = cfg.base_url;
    s.access_token = cfg.access_token;
    s.visibility = cfg.visibility;
    return s;
}

notify::bluesky_settings bluesky_of(const bluesky_config& cfg) {
    notify::bluesky_settings s;
    s.enabled = true;
    s.service_url = cfg.service_url;
    s.identifier = cfg.identifier;
    s.app_password = cfg.app_password;
    return s;
}

namespace {

// One network's adapter: the channel its replies go out on and the feed its mentions come from.
struct network_parts {
    std::unique_ptr<app::channel> posting;
    std::unique_ptr<app::mention_feed> feed;
    social::poller_options options;
};

social::poller_options options_of(int poll_interval_seconds, bool start_from_newest,
                                  const app::retry_policy& retry) {
    social::poller_options o;
    o.interval = std::chrono::seconds(poll_interval_seconds);
    o.retry = retry;
    o.start_from_newest = start_from_newest;
    return o;
}

// The adapters of the configured networks: registering a network is one entry here.
std::vector<network_parts> networks_of(const social_config& cfg, const app::clock& clock,
                                       const app::retry_policy& retry) {
    std::vector<network_parts> out;
    if (!cfg.base_url.empty()) {
        auto client = std::make_shared<notify::mastodon_client>(mastodon_of(cfg), clock);
        out.push_back({std::make_unique<notify::mastodon_channel>(client),
                       std::make_unique<notify::mastodon_feed>(client),
                       options_of(cfg.poll_interval_seconds, cfg.start_from_newest, retry)});
    }
    if (const auto& b = cfg.bluesky; !b.service_url.empty()) {
        auto client = std::make_shared<notify::bluesky_client>(bluesky_of(b), clock);
        out.push_back({std::make_unique<notify::bluesky_channel>(client),
                       std::make_unique<notify::bluesky_feed>(client),
                       options_of(b.poll_interval_seconds, b.start_from_newest, retry)});
    }
    return out;
}

// The public site: Mastodon's section says it, else Bluesky's.
std::string intake_base_url_of(const social_config& cfg) {
    std::string url = cfg.intake_base_url.empty() ? cfg.bluesky.intake_base_url : cfg.intake_base_url;
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

} // namespace

struct social_runtime::impl {
    impl(const social_config& cfg, storage::database& db, const app::clock& clock,
         app::channel_health& health, const app::retry_policy& retry)
        : networks(networks_of(cfg, clock, retry))
        , templates(cfg.templates_dir ? cfg.templates_dir : cfg.bluesky.templates_dir)
        , policy(policy_of(cfg))
        , listener(policy, clock)
        , services{db.social_reads(), policy, [this] {
                       for (auto& p : pollers) {
                           p->wake();
                       }
                   }} {
        for (auto& n : networks) {
            pollers.push_back(std::make_unique<social::poller>(
                *n.feed, *n.posting, db.social_reads(), db.writes(), policy, clock, health, n.options));
        }
    }

    app::social_policy policy_of(const social_config& cfg) {
        app::social_policy p;
        for (const auto& n : networks) {
            p.networks.push_back({std::string(n.feed->network()), n.posting.get()});
        }
        p.renderer = &templates;
        if (const auto url = intake_base_url_of(cfg); !url.empty()) {
            p.public_url = url;
            p.intake_base_url = url;
        }
        p.require_approval = cfg.require_approval;
        p.flags = cfg.flags;
        return p;
    }

    std::vector<network_parts> networks;
    notify::template_renderer templates;
    app::social_policy policy;
    social::social_listener listener;
    app::social_services services;
    std::vector<std::unique_ptr<social::poller>> pollers; // last: they use everything above
};

social_runtime::social_runtime(const social_config& cfg, storage::database& db, const app::clock& clock,
                               app::channel_health& health, const app::retry_policy& retry)
    : impl_(std::make_unique<impl>(cfg, db, clock, health, retry))
    , checklist_(cfg.checklist)
    , db_(db)
    , clock_(clock) {}

social_runtime::~social_runtime() {
    stop();
}

app::change_listener& social_runtime::listener() {
    return impl_->listener;
}

app::social_services& social_runtime::services() {
    return impl_->services;
}

void social_runtime::start() {
    const auto now = clock_.now();
    app::run_and_wait(db_.writes(), [&](app::unit_of_work& uow) {
        app::keep_checklist(uow, checklist_, now);
        return true;
    });
    for (auto& p : impl_->pollers) {
        p->start();
    }
}

void social_runtime::stop() {
    for (auto& p : impl_->pollers) {
        p->stop();
    }
}

} // namespace mend::cli
