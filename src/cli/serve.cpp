#include "cli/serve.hpp"

#include "cli/social_runtime.hpp"
#include "http/server.hpp"
#include "storage/database.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <charconv>
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
    http_api::services svc{db.reads(), db.writes(), clock, cfg.body_limit};

    // Social intake, when [social.mastodon] names a server. Its listener goes after the outbox's, whose
    // notices it checks for personal details.
    std::unique_ptr<social_runtime> social;
    if (!cfg.social.base_url.empty()) {
        social = std::make_unique<social_runtime>(cfg.social, db);
        svc.hooks.push_back(&social->listener());
        svc.social = &social->services();
        social->start();
    }

    net::io_context ioc(cfg.threads);
    http_api::server srv(ioc, at, svc);
    const auto bound = srv.local_endpoint();
    const std::string host =
        bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
    // The handler is in place before the listening line: a SIGTERM sent as soon as it is read must drain, not
    // kill (e2e.test_server's in-flight test raced this under load).
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&srv](const boost::system::error_code& ec, int) {
        if (!ec) {
            srv.stop();
        }
    });
    std::cout << "listening on http://" << host << ":" << bound.port() << std::endl;
    srv.start();

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
    db.stop();
    return 0;
}

} // namespace mend::cli
