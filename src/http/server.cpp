#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <iostream>

namespace mend::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto idle_timeout = std::chrono::seconds(30);
constexpr auto write_timeout = std::chrono::seconds(30);

void log_failure(const std::exception_ptr& failure) {
    if (!failure) {
        return;
    }
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        std::cerr << "session ended by an error: " << e.what() << std::endl;
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
            std::cerr << "accept failed: " << ec.message() << std::endl;
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
    beast::flat_buffer buffer;
    while (!stopping_) {
        http::request_parser<http::string_body> parser;
        // The header is read first, with no limit on the body yet, so that the route it names can choose the
        // limit: larger for photo uploads, the configured one everywhere else.
        parser.body_limit(boost::none);
        entry->idle = true;
        stream.expires_after(idle_timeout);
        auto [header_ec, header_bytes] =
            co_await http::async_read_header(stream, buffer, parser, net::as_tuple(net::use_awaitable));
        entry->idle = false;
        std::size_t limit = svc_.body_limit;
        boost::system::error_code read_ec = header_ec;
        if (!header_ec) {
            limit = body_limit_for(svc_, parser.get().method(), parser.get().target());
            const auto length = parser.content_length();
            if (length && *length > limit) {
                read_ec = http::error::body_limit;
            } else {
                parser.body_limit(limit);
                auto [body_ec, body_bytes] =
                    co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
                read_ec = body_ec;
            }
        }
        if (read_ec == http::error::body_limit) {
            auto res =
                error_response(parser.get().version(), http::status::payload_too_large, "payload_too_large",
                               "the body is larger than the limit of " + std::to_string(limit) + " bytes");
            stream.expires_after(write_timeout);
            co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
            break;
        }
        if (read_ec) {
            break; // end of stream, timeout, reset or a malformed request: nothing to answer
        }
        response_t res = co_await handle_request(svc_, parser.release());
        if (stopping_) {
            res.keep_alive(false);
        }
        const bool keep_alive = res.keep_alive();
        stream.expires_after(write_timeout);
        auto [write_ec, written] = co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
        if (write_ec || !keep_alive) {
            break;
        }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    entry->stream = nullptr;
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(position);
}

} // namespace mend::http
