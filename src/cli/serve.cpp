#include "cli/serve.hpp"

#include "api/routes.hpp"
#include "app/accounts/web.hpp"
#include "app/clocks.hpp"
#include "app/gauges.hpp"
#include "background/gauge_loop.hpp"
#include "background/overdue_loop.hpp"
#include "cli/social_runtime.hpp"
#include "cli/test_clock.hpp"
#include "http/route_table.hpp"
#include "http/server.hpp"
#include "http/services.hpp"
#include "notify/dispatcher.hpp"
#include "notify/notice_listener.hpp"
#include "notify/registry.hpp"
#include "notify/templates.hpp"
#include "pages/pages.hpp"
#include "storage/accounts/sqlite_web_store.hpp"
#include "storage/sqlite/database.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <charconv>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace mend::cli {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// "127.0.0.1:8080", "[::1]:0", "localhost:8080"
tcp::endpoint parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) {
        throw std::runtime_error("--listen must be HOST:PORT, not \"" + text + "\"");
    }
    std::string host = text.substr(0, colon);
    const std::string port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host == "localhost") {
        host = "127.0.0.1";
    }
    unsigned port = 0;
    const auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port > 65535) {
        throw std::runtime_error("--listen port must be a number from 0 to 65535, not \"" + port_text + "\"");
    }
    boost::system::error_code bad;
    const auto address = net::ip::make_address(host, bad);
    if (bad) {
        throw std::runtime_error("--listen host must be an IP address or localhost, not \"" + host + "\"");
    }
    return {address, static_cast<unsigned short>(port)};
}

http::route_table all_routes() {
    http::route_table routes;
    api::add_routes(routes);
    pages::add_routes(routes);
    return routes;
}

// What the pages serve with. Argon2id and photo files run on this small pool, never on the HTTP threads.
struct page_parts {
    page_parts(const config& cfg, storage::database& db)
        : photos(cfg.data / "photos")
        , site{db.web_reads(),
               photos,
               workers,
               {cfg.landlord_name, cfg.brand_colour, cfg.assets_dir, cfg.secure_cookies}} {}

    net::thread_pool workers{2};
    storage::photo_directory photos;
    http::site site;
    app::tracking_links tracking;
};

notify::settings channel_settings(const config& cfg) {
    notify::settings s = cfg.notify;
    if (!cfg.social.base_url.empty()) {
        s.mastodon = mastodon_of(cfg.social); // tenants may choose to hear on Mastodon too
    }
    return s;
}

// [notify]'s policy, with each channel's own horizon where its section sets one.
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
        {"file", s.file.retry_horizon_hours},       {"email", s.email.retry_horizon_hours},
        {"sms", s.notify.retry_horizon_hours},      {"notify_email", s.notify.retry_horizon_hours},
        {"webhook", s.webhook.retry_horizon_hours}, {"mastodon", cfg.social.retry_horizon_hours}};
    for (const auto& [channel, horizon] : own) {
        if (horizon) {
            p.horizons.emplace(channel, hours(*horizon));
        }
    }
    return p;
}

notify::dispatcher_options dispatch_options_of(const config& cfg) {
    notify::dispatcher_options o;
    o.retry = retry_of(cfg);
    o.workers = cfg.notify.workers;
    o.poll = std::chrono::milliseconds(cfg.notify.poll_ms);
    return o;
}

// The system clock; or, for end-to-end tests only, one shifted by what MEND_TEST_CLOCK_FILE holds.
std::unique_ptr<app::clock> clock_of(const config& cfg) {
    if (!cfg.test_clock_file) {
        return std::make_unique<app::system_clock>();
    }
    std::cerr << "WARNING: MEND_TEST_CLOCK_FILE is set: this server's clock is shifted by the seconds in "
              << cfg.test_clock_file->string() << ". It is for tests only: never set it in production."
              << std::endl;
    return std::make_unique<shifted_clock>(*cfg.test_clock_file);
}

// Notices: rendered into the outbox inside each change's transaction (listener), and inside the overdue
// loop's scans (escalation); sent by the dispatcher's threads.
struct notice_parts {
    notice_parts(const config& cfg, storage::database& db, const app::clock& clock)
        : retry(retry_of(cfg))
        , health(clock, retry.probe_interval, retry.probe_cap)
        , templates(cfg.notify.templates_dir)
        , channels(notify::make_channels(channel_settings(cfg), cfg.data, db.notice_reads(), clock))
        , policy{channels.all(), cfg.notify.default_channels, &templates, cfg.notify.public_url}
        , listener(policy, clock)
        , escalation(policy, clock)
        , dispatcher(db.notice_reads(), db.writes(), clock, health, channels.mutable_all(),
                     dispatch_options_of(cfg))
        , services{db.notice_reads(),
                   retry,
                   cfg.notify.notify.callback_token,
                   [this] { dispatcher.wake(); },
                   [this](const app::notice_record& n) { return templates.lay_out(n.channel, n); },
                   &health} {}

    const app::retry_policy retry;
    // Each channel's health, shared by the dispatcher and the social poller (which posts on mastodon too).
    app::channel_health health;
    const notify::template_renderer templates;
    const notify::channel_set channels;
    const app::notice_policy policy;
    notify::notice_listener listener;
    notify::escalation_notices escalation;
    notify::dispatcher dispatcher; // after what it sends through
    app::notice_services services;
};

// Social intake, when [social.mastodon] names a server; null otherwise.
std::unique_ptr<social_runtime> social_parts(const config& cfg, storage::database& db,
                                             const app::clock& clock, app::channel_health& health) {
    if (cfg.social.base_url.empty()) {
        return nullptr;
    }
    return std::make_unique<social_runtime>(cfg.social, db, clock, health, retry_of(cfg));
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

// Runs the io_context until it has no work left. A handler is not meant to throw (each session parses and
// dispatches inside its own coroutine, which catches); should one still throw, it is logged and the others
// go on, rather than one connection ending the process.
void run_io(net::io_context& ioc) {
    for (;;) {
        try {
            ioc.run();
            return;
        } catch (const std::exception& e) {
            std::cerr << "serve: an exception reached the event loop and was dropped: " << e.what()
                      << std::endl;
        }
    }
}

// Prints the listening line, then serves until SIGINT or SIGTERM; returns once every request in progress has
// been answered. `signals` is installed before the line, so that a supervisor that signals as soon as it
// reads the line is heard; it lives on in serve, so that a second signal during the drain is not fatal.
void serve_until_signalled(net::io_context& ioc, http::server& srv, net::signal_set& signals, int threads) {
    signals.async_wait([&srv](const boost::system::error_code& ec, int) {
        if (!ec) {
            srv.stop();
        }
    });
    const auto bound = srv.local_endpoint();
    const std::string host =
        bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
    std::cout << "listening on http://" << host << ":" << bound.port() << std::endl;
    srv.start();
    std::vector<std::thread> extra;
    for (int i = 1; i < threads; ++i) {
        extra.emplace_back([&ioc] { run_io(ioc); });
    }
    run_io(ioc);
    for (auto& t : extra) {
        t.join();
    }
}

// The server's limits as configured, warning when the cap leaves too few files to everything else.
http::server_limits limits_of(const config& cfg) {
    http::server_limits limits = cfg.limits;
    const auto fitting = http::default_max_connections(http::open_file_limit());
    if (limits.max_connections == 0) {
        limits.max_connections = fitting;
    } else if (limits.max_connections > fitting) {
        std::cerr << "serve: server.max_connections = " << limits.max_connections << " leaves too few of the "
                  << http::open_file_limit() << " files this process may open to the database and photos; "
                  << fitting << " would fit" << std::endl;
    }
    return limits;
}

// Stops the writer (running the units already submitted) before what their completions reach is destroyed:
// the counting writer and the gauge cache, declared before it. serve's normal end has stopped it already.
class writer_stopper {
public:
    explicit writer_stopper(storage::database& db)
        : db_(db) {}
    writer_stopper(const writer_stopper&) = delete;
    writer_stopper& operator=(const writer_stopper&) = delete;
    ~writer_stopper() { db_.stop(); }

private:
    storage::database& db_;
};

} // namespace

int serve(const config& cfg) {
    const tcp::endpoint at = parse_listen(cfg.listen);
    // First, so that it is destroyed last, whatever ends serve: the writer thread and the pages' pool post
    // their completions into it until they have stopped (below, or in their destructors).
    net::io_context ioc(cfg.threads);
    std::filesystem::create_directories(cfg.data);
    storage::database db({cfg.data / "mend.db"});
    const auto owned_clock = clock_of(cfg);
    const app::clock& clock = *owned_clock;
    const http::route_table routes = all_routes();
    app::clock_keeper keeper(cfg.clocks);
    db.writes().listen(keeper);
    const app::time_services time{db.clock_reads(), cfg.clocks, db.report_reads()};
    app::gauge_cache gauges;
    app::counting_writer writes(db.writes(), gauges); // so that /metrics knows when its gauges are stale
    const writer_stopper stop_writer_first(db);
    http::services svc{db.reads(), writes, clock, cfg.body_limit};
    svc.routes = &routes;
    svc.time = &time;
    svc.gauges = &gauges;
    svc.metrics_token = cfg.metrics_token;
    page_parts pages(cfg, db);
    notice_parts notices(cfg, db, clock);
text:    const auto social = social_parts(cfg, db, clock, notices.health);
    attach(svc, writes, pages, notices, social.get());
    background::overdue_loop overdue(writes, clock, cfg.clocks.at_risk_share,
                                     std::chrono::seconds{cfg.clock_scan_seconds},
                                     std::vector<app::escalation_listener*>{&notices.escalation});
    background::gauge_loop gauge_loop(gauges, &time, &db.notice_reads(), clock,
                                      std::chrono::seconds{cfg.metrics_interval_seconds});

    http::server srv(ioc, at, svc,
                     limits_of(cfg)); // binds: a busy port fails here, before any loop has started
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    if (social) {
        social->start();
    }
    overdue.start();
    gauge_loop.start();
    if (cfg.notify.dispatch) {
        notices.dispatcher.start();
    }
    serve_until_signalled(ioc, srv, signals, cfg.threads);

    // Drain, in this order: the requests are answered (above); the loops finish their step in progress; the
    // dispatcher records its attempts in flight; then the pool the pages used; the writer last, since all of
    // them commit through it.
    if (social) {
        social->stop();
    }
    overdue.stop();
    gauge_loop.stop();
    notices.dispatcher.stop();
    pages.workers.join();
    db.stop();
    return 0;
}

} // namespace mend::cli
