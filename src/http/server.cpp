#include "http/server.hpp"

#include "http/session.hpp"
#include "log/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <utility>

namespace mend::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

void log_failure(const std::exception_ptr& failure) {
    if (!failure) {
        return;
    }
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        log::error("session ended by an error", {{"error", e.what()}});
    }
}

server_limits resolved(server_limits limits) {
    if (limits.max_connections == 0) {
        limits.max_connections = default_max_connections(open_file_limit());
    }
    return limits;
}

// Leaves the registry when the session's frame ends, however it ends (also when the io_context destroys it).
class registry_seat {
public:
    registry_seat(std::shared_ptr<connection_registry> registry,
                  std::shared_ptr<connection_registry::connection> slot)
        : registry_(std::move(registry))
        , slot_(std::move(slot)) {}
    registry_seat(const registry_seat&) = delete;
    registry_seat& operator=(const registry_seat&) = delete;
    ~registry_seat() { registry_->leave(slot_); }

    const std::shared_ptr<connection_registry::connection>& slot() const { return slot_; }

private:
    std::shared_ptr<connection_registry> registry_;
    std::shared_ptr<connection_registry::connection> slot_;
};

} // namespace

server::server(net::io_context& ioc, const tcp::endpoint& at, services& svc, server_limits limits)
    : ioc_(ioc)
    , acceptor_(net::make_strand(ioc))
    , room_(acceptor_.get_executor())
    , svc_(svc)
    , limits_(resolved(std::move(limits)))
    , connections_(std::make_shared<connection_registry>()) {
    acceptor_.open(at.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(at);
    acceptor_.listen(net::socket_base::max_listen_connections);
    connections_->on_leave([this] { net::post(acceptor_.get_executor(), [this] { room_.cancel(); }); });
}

server::~server() {
    connections_->on_leave({});
}

tcp::endpoint server::local_endpoint() const {
    return acceptor_.local_endpoint();
}

void server::start() {
    net::co_spawn(acceptor_.get_executor(), accept_loop(), log_failure);
}

void server::stop() {
    connections_->drain();
    net::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        room_.cancel();
    });
}

net::awaitable<void> server::accept_loop() {
    accept_backoff backoff;
    while (!connections_->draining()) {
        co_await wait_for_room();
        if (connections_->draining()) {
            break;
        }
        auto [ec, socket] =
            co_await acceptor_.async_accept(net::make_strand(ioc_), net::as_tuple(net::use_awaitable));
        if (!ec) {
            backoff.succeeded();
            auto ex = socket.get_executor();
            net::co_spawn(ex, run_session(std::move(socket)), log_failure);
            continue;
        }
        if (connections_->draining() || ec == net::error::operation_aborted) {
            break;
        }
        co_await pause_after(ec, backoff);
    }
}

// At the cap, closes the connection idle the longest and waits until one leaves (or, with none idle, until a
// busy one ends); never more than max_connections at once, so the process keeps files for everything else.
net::awaitable<void> server::wait_for_room() {
    while (connections_->size() >= limits_.max_connections && !connections_->draining()) {
        connections_->close_oldest_idle();
        room_.expires_after(std::chrono::seconds(1));
        if (connections_->size() < limits_.max_connections) {
            break;
        }
        co_await room_.async_wait(net::as_tuple(net::use_awaitable));
    }
}

// Out of files or memory, an accept fails again at once: pause, and free a file by closing an idle
// connection. Logs the first failure and then a line a minute at most.
net::awaitable<void> server::pause_after(boost::system::error_code error, accept_backoff& backoff) {
    const bool pause = accept_backoff::calls_for_pause(error);
    const auto wait = pause ? backoff.failed() : std::chrono::milliseconds(0);
    if (const auto suppressed = backoff.log_now(std::chrono::steady_clock::now())) {
        log::error("accept failed",
                   {{"error", error.message()}, {"pausing", pause}, {"not_logged_since_last", *suppressed}});
    }
    if (!pause) {
        co_return;
    }
    connections_->close_oldest_idle();
    room_.expires_after(wait);
    co_await room_.async_wait(net::as_tuple(net::use_awaitable));
}

net::awaitable<void> server::run_session(tcp::socket socket) {
    boost::system::error_code no_peer;
    const auto peer = socket.remote_endpoint(no_peer).address();
    beast::tcp_stream stream(std::move(socket));
    // The close runs on this session's strand and never after the seat is left, while `stream` still lives.
    registry_seat seat{connections_,
                       connections_->join(stream.get_executor(), [&stream] { stream.close(); })};
    session<beast::tcp_stream> conversation(stream, svc_, limits_, {peer, connections_, seat.slot()});
    co_await conversation.run();
}

} // namespace mend::http
