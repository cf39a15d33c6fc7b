#include "cli/serve.hpp"

#include "api/routes.hpp"
#include "app/accounts/web.hpp"
#include "app/clocks.hpp"
#include "background/overdue_loop.hpp"
#include "cli/social_runtime.hpp"
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

} // namespace

int serve(const config& cfg) {
    const tcp::endpoint at = parse_listen(cfg.listen);
    std::filesystem::create_directories(cfg.data);
    storage::database db({cfg.data / "mend.db"});
    app::system_clock clock;
    http::services svc{db.reads(), db.writes(), clock, cfg.body_limit};
    http::route_table routes;
    api::add_routes(routes);
    pages::add_routes(routes);
    svc.routes = &routes;
    app::clock_keeper keeper(cfg.clocks);
    db.writes().listen(keeper);
    const app::time_services time{db.clock_reads(), cfg.clocks, db.report_reads()};
    svc.time = &time;

    // The pages: argon2id and photo files run on this small pool, never on the HTTP threads.
    net::thread_pool workers(2);
    storage::photo_directory photos(cfg.data / "photos");
    http::site web{db.web_reads(),
                   photos,
                   workers,
                   {cfg.landlord_name, cfg.brand_colour, cfg.assets_dir, cfg.secure_cookies}};
    app::tracking_links tracking;
    db.writes().listen(tracking);
    svc.web = &web;

    // Notices: rendered into the outbox inside each change's transaction, sent by the dispatcher's threads.
    const notify::template_renderer templates(cfg.notify.templates_dir);
    notify::settings notify_settings = cfg.notify;
    if (!cfg.social.base_url.empty()) {
        notify_settings.mastodon = mastodon_of(cfg.social); // tenants may choose to hear on Mastodon too
    }
    const notify::channel_set channels = notify::make_channels(notify_settings, cfg.data, db.notice_reads());
    const app::notice_policy policy{channels.all(), cfg.notify.default_channels, &templates,
                                    cfg.notify.public_url};
    notify::notice_listener notices_listener(policy);
    db.writes().listen(notices_listener);
    notify::escalation_notices escalation_listener(
        policy); // clocks at risk or breached, from the overdue loop
    const app::retry_policy retry{cfg.notify.max_attempts, cfg.notify.backoff_base_ms,
                                  cfg.notify.backoff_cap_ms, cfg.notify.configuration_pause_ms};
    notify::dispatcher_options dispatch_options;
    dispatch_options.retry = retry;
    dispatch_options.workers = cfg.notify.workers;
    dispatch_options.poll = std::chrono::milliseconds(cfg.notify.poll_ms);
    notify::dispatcher dispatcher(db.notice_reads(), db.writes(), channels.mutable_all(), dispatch_options);
    app::notice_services notice_api{db.notice_reads(), retry, cfg.notify.notify.callback_token,
                                    [&dispatcher] { dispatcher.wake(); },
                                    [&templates](const app::notice_record& n) {
                                        return templates.lay_out(n.channel, n);
                                    }};
    svc.notices = &notice_api;

    // Social intake, when [social.mastodon] names a server. Its listener goes after the outbox's, whose
    // notices it checks for personal details.
    std::unique_ptr<social_runtime> social;
    if (!cfg.social.base_url.empty()) {
        social = std::make_unique<social_runtime>(cfg.social, db);
        db.writes().listen(social->listener());
        svc.social = &social->services();
        social->start();
    }

    net::io_context ioc(cfg.threads);
    http::server srv(ioc, at, svc);
    background::overdue_loop overdue(ioc, db.writes(), clock, cfg.clocks.at_risk_share,
                                     std::chrono::seconds{cfg.clock_scan_seconds},
                                     std::vector<app::escalation_listener*>{&escalation_listener});
    // Installed before the listening line, so that a supervisor that signals as soon as it reads the line is
    // heard.
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&srv, &overdue](const boost::system::error_code& ec, int) {
        if (!ec) {
            srv.stop();
            overdue.stop();
        }
    });

    const auto bound = srv.local_endpoint();
    const std::string host =
        bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
    std::cout << "listening on http://" << host << ":" << bound.port() << std::endl;
    srv.start();
    overdue.start();
    if (cfg.notify.dispatch) {
        dispatcher.start();
    }

    std::vector<std::thread> extra;
    for (int i = 1; i < cfg.threads; ++i) {
        extra.emplace_back([&ioc] { ioc.run(); });
    }
    ioc.run();
    for (auto& t : extra) {
        t.join();
    }
    if (social) {
        social->stop();
    }
    dispatcher.stop(); // records the attempts in flight; the writer must still run
    workers.join();
    db.stop();
    return 0;
}

} // namespace mend::cli
