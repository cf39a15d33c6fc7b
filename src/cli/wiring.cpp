#include "cli/wiring.hpp"

#include "api/routes.hpp"
#include "pages/pages.hpp"

#include <chrono>

namespace mend::cli {

namespace {

http::route_table all_routes() {
    http::route_table routes;
    api::add_routes(routes);
    pages::add_routes(routes);
    return routes;
}

notify::settings channel_settings(const config& cfg) {
    notify::settings s = cfg.notify;
    if (!cfg.social.base_url.empty()) {
        s.mastodon = mastodon_of(cfg.social); // tenants may choose to hear on Mastodon too
    }
    return s;
}

app::retry_policy retry_of(const notify::settings& s) {
    return {s.max_attempts, std::chrono::milliseconds(s.backoff_base_ms),
            std::chrono::milliseconds(s.backoff_cap_ms), std::chrono::milliseconds(s.configuration_pause_ms)};
}

notify::dispatcher_options dispatch_options_of(const notify::settings& s) {
    notify::dispatcher_options o;
    o.retry = retry_of(s);
    o.workers = s.workers;
    o.poll = std::chrono::milliseconds(s.poll_ms);
    return o;
}

// Social intake, when [social.mastodon] names a server; null otherwise.
std::unique_ptr<social_runtime> social_parts(const config& cfg, storage::database& db,
                                             const app::clock& clock) {
    if (cfg.social.base_url.empty()) {
        return nullptr;
    }
    return std::make_unique<social_runtime>(cfg.social, db, clock);
}

// Hands every handler what it reaches, and registers the change listeners with the writer, after the clock
// keeper. Their order matters: the social threads' goes after the outbox's, whose notices it checks for
// personal details.
void attach(http::services& svc, app::writer& writes, page_parts& pages, notice_parts& notices,
            social_runtime* social) {
    writes.listen(pages.tracking);
    svc.web = &pages.site;
    writes.listen(notices.listener);
    svc.notices = &notices.services;
    if (social != nullptr) {
        writes.listen(social->listener());
        svc.social = &social->services();
    }
}

} // namespace

page_parts::page_parts(const config& cfg, storage::database& db)
    : photos(cfg.data / "photos")
    , site{db.web_reads(),
           photos,
           workers,
           {cfg.landlord_name, cfg.brand_colour, cfg.assets_dir, cfg.secure_cookies}} {}

notice_parts::notice_parts(const config& cfg, storage::database& db, const app::clock& clock)
    : templates(cfg.notify.templates_dir)
    , channels(notify::make_channels(channel_settings(cfg), cfg.data, db.notice_reads(), clock))
    , policy{channels.all(), cfg.notify.default_channels, &templates, cfg.notify.public_url}
    , listener(policy, clock)
    , escalation(policy, clock)
    , dispatcher(db.notice_reads(), db.writes(), clock, channels.mutable_all(),
                 dispatch_options_of(cfg.notify))
    , services{db.notice_reads(), retry_of(cfg.notify), cfg.notify.notify.callback_token,
               [this] { dispatcher.wake(); },
               [this](const app::notice_record& n) {
                   return templates.lay_out(n.channel, n);
               }} {}

wiring::wiring(const config& cfg, storage::database& db, const app::clock& clock)
    : routes(all_routes())
    , keeper(cfg.clocks)
    , time{db.clock_reads(), cfg.clocks, db.report_reads()}
    , svc{db.reads(), db.writes(), clock, cfg.body_limit}
    , pages(cfg, db)
    , notices(cfg, db, clock)
    , social(social_parts(cfg, db, clock)) {
    svc.routes = &routes;
    svc.time = &time;
    db.writes().listen(keeper);
    attach(svc, db.writes(), pages, notices, social.get());
}

} // namespace mend::cli
