#include "http/server.hpp"

#include "http/session.hpp"
#include "log/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

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

} // namespace

// What stop() needs to reach a session. Touched only on the session's strand, except the list itself.
struct server::session_entry {
    net::any_io_executor ex;             // the session's strand; set once, before the entry is listed
    beast::tcp_stream* stream = nullptr; // null once the session has ended
    bool idle = true;                    // waiting for the next request
};

server::server(net::io_context& ioc, const tcp::endpoint& at, services& svc)
    : ioc_(ioc)
    , acceptor_(net::make_strand(ioc))
    , svc_(svc) {
    acceptor_.open(at.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(at);
    acceptor_.listen(net::socket_base::max_listen_connections);
}

tcp::endpoint server::local_endpoint() const {
    return acceptor_.local_endpoint();
}

void server::start() {
    net::co_spawn(acceptor_.get_executor(), accept_loop(), log_failure);
}

void server::stop() {
    if (stopping_.exchange(true)) {
        return;
    }
    net::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
    std::lock_guard lock(sessions_mutex_);
    for (const auto& entry : sessions_) {
        std::weak_ptr<session_entry> weak = entry;
        net::post(entry->ex, [weak] {
            if (auto e = weak.lock(); e && e->stream != nullptr && e->idle) {
                e->stream->socket().close();
            }
        });
    }
}

net::awaitable<void> server::accept_loop() {
    while (!stopping_) {
        auto [ec, socket] =
            co_await acceptor_.async_accept(net::make_strand(ioc_), net::as_tuple(net::use_awaitable));
        if (ec) {
            if (stopping_ || ec == net::error::operation_aborted) {
                break;
            }
            log::error("accept failed", {{"error", ec.message()}});
            continue;
        }
        auto ex = socket.get_executor();
        net::co_spawn(ex, run_session(std::move(socket)), log_failure);
    }
}

net::awaitable<void> server::run_session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    auto entry = std::make_shared<session_entry>();
    entry->ex = stream.get_executor();
    entry->stream = &stream;
    std::list<std::shared_ptr<session_entry>>::iterator position;
    {
        std::lock_guard lock(sessions_mutex_);
        position = sessions_.insert(sessions_.end(), entry);
    }
    co_await serve_requests(stream, svc_, stopping_, entry->idle);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    entry->stream = nullptr;
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(position);
}

} // namespace mend::http
