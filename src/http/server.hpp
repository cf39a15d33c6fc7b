// Accepts HTTP connections and runs one session coroutine per connection; stops without cutting requests
// short.
#pragma once

#include "http/router.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <list>
#include <memory>
#include <mutex>

namespace mend::http {

class server {
public:
    // Binds and listens at once, so that local_endpoint() is known before start(). `svc` is owned by main.
    server(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& at, services& svc);

    boost::asio::ip::tcp::endpoint local_endpoint() const;

    // Spawns the accept loop on the io_context.
    void start();

    // Stops accepting, closes idle keep-alive connections, and lets each busy one finish its response.
    // Thread-safe; the io_context's run() returns once the last session ends.
    void stop();

    struct session_entry;

private:
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    services& svc_;
    std::atomic<bool> stopping_{false};
    std::mutex sessions_mutex_;
    std::list<std::shared_ptr<session_entry>> sessions_;
};

} // namespace mend::http
