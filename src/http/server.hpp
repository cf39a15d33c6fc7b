// Accepts HTTP connections up to a cap and runs one session per connection; stops without cutting requests
// short.
#pragma once

#include "http/connections.hpp"
#include "http/limits.hpp"
#include "http/router.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

namespace mend::http {

// Threads: the accept loop runs on a strand of its own, each session on another; any thread may call stop().
class server {
public:
    // Binds and listens at once, so that local_endpoint() is known before start(). `svc` is owned by main.
    // A max_connections of 0 in `limits` means default_max_connections(open_file_limit()).
    server(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& at, services& svc,
           server_limits limits = {});
    // Sessions that outlive the server (when the io_context is destroyed later) no longer reach it.
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    boost::asio::ip::tcp::endpoint local_endpoint() const;
    std::size_t max_connections() const { return limits_.max_connections; }

    // Spawns the accept loop on the io_context.
    void start();

    // Stops accepting, closes idle keep-alive connections, and lets each busy one finish its response.
    // Thread-safe; the io_context's run() returns once the last session ends.
    void stop();

private:
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> wait_for_room();
    boost::asio::awaitable<void> pause_after(boost::system::error_code error, accept_backoff& backoff);
    boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer room_; // on the acceptor's strand: woken when a connection leaves
    services& svc_;
    server_limits limits_;
    std::shared_ptr<connection_registry> connections_;
};

} // namespace mend::http
