#include "cli/social_runtime.hpp"

#include "app/social_safety.hpp"
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

struct social_runtime::impl {
    impl(const social_config& cfg, storage::database& db, const app::clock& clock,
         app::channel_health& health, const app::retry_policy& retry)
        : client(std::make_shared<notify::mastodon_client>(mastodon_of(cfg), clock))
        , posting(client)
        , feed(client)
        , templates(cfg.templates_dir)
        , policy(policy_of(cfg))
        , listener(policy, clock)
        , poller(feed, posting, db.social_reads(), db.writes(), policy, clock, health, options_of(cfg, retry))
        , services{db.social_reads(), policy, [this] {
                       poller.wake();
                   }} {}

    app::social_policy policy_of(const social_config& cfg) {
        app::social_policy p;
        p.network = "mastodon";
        p.posting = &posting;
        p.renderer = &templates;
        if (!cfg.intake_base_url.empty()) {
            p.public_url = cfg.intake_base_url;
            p.intake_base_url = cfg.intake_base_url;
        }
        p.require_approval = cfg.require_approval;
        p.flags = cfg.flags;
        while (!p.intake_base_url.empty() && p.intake_base_url.back() == '/') {
            p.intake_base_url.pop_back();
            p.public_url.pop_back();
        }
        return p;
    }

    static social::poller_options options_of(const social_config& cfg, const app::retry_policy& retry) {
        social::poller_options o;
        o.interval = std::chrono::seconds(cfg.poll_interval_seconds);
        o.retry = retry;
        o.start_from_newest = cfg.start_from_newest;
        return o;
    }

    std::shared_ptr<notify::mastodon_client> client;
    notify::mastodon_channel posting;
    notify::mastodon_feed feed;
    notify::template_renderer templates;
    app::social_policy policy;
    social::social_listener listener;
    social::poller poller; // last but one: it uses everything above
    app::social_services services;
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
    impl_->poller.start();
}

void social_runtime::stop() {
    impl_->poller.stop();
}

} // namespace mend::cli
