#include "cli/serve.hpp"

#include "background/gauge_loop.hpp"
#include "background/overdue_loop.hpp"
#include "cli/data_lock.hpp"
#include "cli/test_clock.hpp"
#include "cli/upgrade.hpp"
#include "cli/wiring.hpp"
#include "http/server.hpp"
#include "log/log.hpp"
#include "storage/sqlite/database.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
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

// Runs the io_context until it has no work left. A handler is not meant to throw (each session parses and
// dispatches inside its own coroutine, which catches); should one still throw, it is logged and the others
// go on, rather than one connection ending the process.
void run_io(net::io_context& ioc) {
    for (;;) {
        try {
            ioc.run();
            return;
        } catch (const std::exception& e) {
            log::error("an exception reached the event loop and was dropped", {{"error", e.what()}});
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
        log::warn("server.max_connections leaves too few files to the database and photos",
                  {{"max_connections", limits.max_connections},
                   {"open_file_limit", http::open_file_limit()},
                   {"would_fit", fitting}});
    }
    return limits;
}

} // namespace

int serve(const config& cfg) {
    for (const auto& key : cfg.unknown_keys) {
        log::warn("the config file has a key mend does not know; it is ignored (see mend check-config)",
                  {{"key", key}});
    }
    const tcp::endpoint at = parse_listen(cfg.listen);
    // First, so that it is destroyed last, whatever ends serve: the writer thread and the pages' pool post
    // their completions into it until they have stopped (below, or in their destructors).
    net::io_context ioc(cfg.threads);
    std::filesystem::create_directories(cfg.data);
    // Held for the process's life: `mend restore` refuses to run under a server.
    const auto lock = data_lock::try_take(cfg.data, data_lock::kind::shared);
    if (!lock) {
        throw std::runtime_error("a restore is running on " + cfg.data.string() +
                                 "; start the server once it is done");
    }
    // A file size limit (RLIMIT_FSIZE) reached must fail the write (EFBIG: a 503, as a full disk) rather than
    // end the process.
    std::signal(SIGXFSZ, SIG_IGN);
    // A backup first when this binary brings migrations the database lacks: an upgrade can be undone.
    backup_before_migrating(cfg);
    storage::database db({cfg.data / "mend.db"});
    const auto owned_clock = clock_of(cfg);
    const app::clock& clock = *owned_clock;
    wiring parts(cfg, db, clock);
    background::overdue_loop overdue(
        parts.writes, clock, cfg.clocks.at_risk_share, std::chrono::seconds{cfg.clock_scan_seconds},
        std::vector<app::escalation_listener*>{&parts.notices.escalation}, &parts.complaints);
    background::gauge_loop gauge_loop(parts.gauges, &parts.time, &db.notice_reads(), clock,
                                      std::chrono::seconds{cfg.metrics_interval_seconds});

    http::server srv(ioc, at, parts.svc,
                     limits_of(cfg)); // binds: a busy port fails here, before any loop has started
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    if (parts.social) {
        parts.social->start();
    }
    overdue.start();
    gauge_loop.start();
    if (cfg.notify.dispatch) {
        parts.notices.dispatcher.start();
    }
    serve_until_signalled(ioc, srv, signals, cfg.threads);

    // Drain, in this order: the requests are answered (above); the loops finish their step in progress; the
    // dispatcher records its attempts in flight; then the pool the pages used; the writer last, since all of
    // them commit through it.
    if (parts.social) {
        parts.social->stop();
    }
    overdue.stop();
    gauge_loop.stop();
    parts.notices.dispatcher.stop();
    parts.pages.workers.join();
    db.stop();
    return 0;
}

} // namespace mend::cli
