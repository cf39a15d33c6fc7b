#include "cli/wiring.hpp"

#include "api/routes.hpp"
#include "app/accounts/web.hpp"
#include "app/holidays.hpp"
#include "log/log.hpp"
#include "pages/pages.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>

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
    if (!cfg.social.bluesky.service_url.empty()) {
        s.bluesky = bluesky_of(cfg.social.bluesky); // and on Bluesky
    }
    return s;
}

notify::dispatcher_options dispatch_options_of(const config& cfg) {
    notify::dispatcher_options o;
    o.retry = retry_of(cfg);
    o.workers = cfg.notify.workers;
    o.poll = std::chrono::milliseconds(cfg.notify.poll_ms);
    return o;
}

// Social intake, when [social.mastodon] or [social.bluesky] names a server; null otherwise.
std::unique_ptr<social_runtime> social_parts(const config& cfg, storage::database& db,
                                             const app::clock& clock, app::channel_health& health) {
    if (!cfg.social.any_network()) {
        return nullptr;
    }
    return std::make_unique<social_runtime>(cfg.social, db, clock, health, retry_of(cfg));
}

// The policy of an inbox with no network behind it: nothing is read, posted or rendered for a thread.
app::social_policy inbox_only() {
    return {};
}

// Hands every handler what it reaches, and registers the change listeners with the writer, after the clock
// keeper. Their order matters: the social threads' goes after the outbox's, whose notices it checks for
// personal details. Without a social runtime, the inbox is served by `inbox`.
void attach(http::services& svc, app::writer& writes, page_parts& pages, notice_parts& notices,
            social_runtime* social, app::social_services& inbox) {
    writes.listen(pages.tracking);
    svc.web = &pages.site;
    writes.listen(notices.listener);
    svc.notices = &notices.services;
    svc.social = &inbox;
    if (social != nullptr) {
        writes.listen(social->listener());
        svc.social = &social->services();
    }
}

} // namespace

app::retry_policy retry_of(const config& cfg) {
    using std::chrono::hours;
    using std::chrono::milliseconds;
    const notify::settings& s = cfg.notify;
    app::retry_policy p;
    p.max_attempts = s.max_attempts;
    p.base = milliseconds(s.backoff_base_ms);
    p.cap = milliseconds(s.backoff_cap_ms);
    p.probe_interval = milliseconds(s.probe_interval_ms);
    p.probe_cap = milliseconds(s.probe_cap_ms.value_or(16 * s.probe_interval_ms));
    p.horizon = hours(s.retry_horizon_hours);
    const std::pair<const char*, std::optional<long>> own[] = {
        {"file", s.file.retry_horizon_hours},
        {"email", s.email.retry_horizon_hours},
        {"sms", s.notify.retry_horizon_hours},
        {"notify_email", s.notify.retry_horizon_hours},
        {"webhook", s.webhook.retry_horizon_hours},
        {"mastodon", cfg.social.retry_horizon_hours},
        {"bluesky", cfg.social.bluesky.retry_horizon_hours}};
    for (const auto& [channel, horizon] : own) {
        if (horizon) {
            p.horizons.emplace(channel, hours(*horizon));
        }
    }
    return p;
}

namespace {

// DATA/secret.key: the server's secret key, made on first start and kept, so that what it signed stays valid
// across restarts. Readable by the server's user only.
std::string secret_key_of(const std::filesystem::path& data) {
    const auto path = data / "secret.key";
    if (!std::filesystem::exists(path)) {
        const auto fresh = path.string() + ".new";
        {
            std::ofstream out(fresh, std::ios::binary | std::ios::trunc);
            std::filesystem::permissions(fresh, std::filesystem::perms::owner_read |
                                                    std::filesystem::perms::owner_write);
            const std::string key = app::new_secret_key();
            out.write(key.data(), static_cast<std::streamsize>(key.size()));
            if (!out.flush()) {
                throw std::runtime_error("cannot write " + fresh);
            }
        }
        std::filesystem::rename(fresh, path);
    }
    std::ifstream in(path, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() != app::secret_key_bytes) {
        throw std::runtime_error(
            path.string() + " must hold " + std::to_string(app::secret_key_bytes) +
            " bytes; delete it to make a new one (photos kept on open forms are then lost)");
    }
    return key;
}

} // namespace

page_parts::page_parts(const config& cfg, storage::database& db)
    : photos(cfg.data / "photos")
    , site{db.web_reads(),
           photos,
           workers,
           {cfg.landlord_name, cfg.brand_colour, cfg.assets_dir, cfg.secure_cookies},
           secret_key_of(cfg.data)} {}

notice_parts::notice_parts(const config& cfg, storage::database& db, app::writer& writes,
                           const app::clock& clock)
    : retry(retry_of(cfg))
    , health(clock, retry.probe_interval, retry.probe_cap)
    , templates(cfg.notify.templates_dir)
    , channels(notify::make_channels(channel_settings(cfg), cfg.data, db.notice_reads(), clock))
    , policy{channels.all(), cfg.notify.default_channels, &templates, cfg.notify.public_url}
    , listener(policy, clock)
    , escalation(policy, clock)
    , dispatcher(db.notice_reads(), writes, clock, health, channels.mutable_all(), dispatch_options_of(cfg))
    , services{db.notice_reads(),
               retry,
               cfg.notify.notify.callback_token,
               [this] { dispatcher.wake(); },
               [this](const app::notice_record& n) { return templates.lay_out(n.channel, n); },
               &health} {}

wiring::wiring(const config& cfg, storage::database& db, const app::clock& clock)
    : routes(all_routes())
    , keeper(cfg.clocks)
    , time{db.clock_reads(), cfg.clocks, db.report_reads(), &db.holiday_reads()}
    , writes(db.writes(), gauges)
    , stop_writer_first(db)
    , svc{db.reads(), writes, clock, cfg.body_limit}
    , pages(cfg, db)
    , notices(cfg, db, writes, clock)
    , social(social_parts(cfg, db, clock, notices.health))
    , inbox_policy(inbox_only())
    , inbox{db.social_reads(), inbox_policy}
    , open311{db.open311_reads()}
    , complaints{db.complaint_reads(), cfg.clocks, {}, &notices.policy}
    , leasehold(cfg.leasehold) {
    svc.routes = &routes;
    svc.time = &time;
    svc.gauges = &gauges;
    svc.metrics_token = cfg.metrics_token;
    svc.open311 = &open311;
    svc.complaints = &complaints;
    svc.places = &db.place_reads();
    svc.followers = &db.follower_reads();
    svc.leasehold = &cfg.leasehold;
    db.writes().listen(leasehold); // first: a refused report writes nothing the others would
    db.writes().listen(keeper);
    attach(svc, writes, pages, notices, social.get(), inbox);
    db.writes().listen(duplicates); // a duplicate's reporter follows the job it duplicates
    app::load_holidays(db.holiday_reads(), cfg.clocks.calendar);
    if (const auto warning = app::calendar_warning(cfg.clocks.calendar, clock.now())) {
        log::warn("bank holiday calendar runs out", {{"detail", *warning}});
    }
}

} // namespace mend::cli
