// One connection's life: read a request within the limits, dispatch it, write the answer, until the client or
// the server ends it. For any stream: the server's TCP streams, beast::test::stream in tests.
#pragma once

#include "http/connections.hpp"
#include "http/limits.hpp"
#include "http/read_policy.hpp"
#include "http/router.hpp"
#include "log/log.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <memory>
#include <optional>

namespace mend::http {

// What a session knows of its connection besides the stream.
struct connection_info {
    boost::asio::ip::address peer;
    // The server's count of connections and this one's place in it; null for a stream the server does not
    // own (tests): never closed as idle, never draining.
    std::shared_ptr<connection_registry> registry;
    std::shared_ptr<connection_registry::connection> slot;
};

// Runs on the stream's executor (a strand of its own for the server's). `svc` and `limits` are owned by main
// and outlive the session; `stream` outlives it too (the server's lives in the calling coroutine's frame).
// Nothing the parser throws leaves run(): the parser is fed here, in the coroutine, not inside a composed
// read that the io_context runs.
template <class Stream> class session {
public:
    session(Stream& stream, services& svc, const server_limits& limits, connection_info info)
        : stream_(stream)
        , svc_(svc)
        , limits_(limits)
        , info_(std::move(info))
        , buffer_(limits.read_buffer) {}

    boost::asio::awaitable<void> run();

private:
    // A request to dispatch, or the answer to send instead; `whole`: its body was read, so the connection
    // may carry another request.
    struct incoming {
        request_t request;
        std::optional<response_t> answer;
        bool whole = true;
    };

    boost::asio::awaitable<std::optional<incoming>> read_request();
    boost::asio::awaitable<std::optional<incoming>> read_body();
    boost::asio::awaitable<boost::system::error_code> read_part(request_part part);
    boost::asio::awaitable<bool> write(response_t& res);
    boost::asio::awaitable<bool> write_streamed(response_t& res, body_source& rest);
    boost::asio::awaitable<bool> write_chunk(std::string piece);
    boost::asio::awaitable<void> send_continue();
    boost::asio::awaitable<void> discard_rest();
    void expire_at(steady_time deadline);
    void shutdown_send();
    void idle();
    bool busy();
    bool draining() const;

    Stream& stream_;
    services& svc_;
    const server_limits& limits_;
    connection_info info_;
    boost::beast::flat_buffer buffer_;
    std::optional<request_parser> parser_; // the request being read
};

template <class Stream> boost::asio::awaitable<void> session<Stream>::run() {
    for (;;) {
        idle();
        auto in = co_await read_request();
        if (!in) {
            break;
        }
        answer out;
        if (in->answer) {
            out.res = std::move(*in->answer);
        } else {
            const auto client = limits_.proxies.client_of(info_.peer, in->request["X-Forwarded-For"]);
            if (!limits_.proxies.contains(info_.peer)) {
                // Only a trusted proxy says how its client connected (TLS turns Secure cookies on).
                in->request.erase("X-Forwarded-Proto");
            }
            out = co_await answer_request(svc_, std::move(in->request), client);
        }
        response_t& res = out.res;
        const bool again = in->whole && res.keep_alive() && !draining();
        res.keep_alive(again);
        bool written = false;
        if (out.rest) {
            written = co_await write_streamed(res, *out.rest);
        } else {
            written = co_await write(res);
        }
        if (!again || !written) {
            if (written && !in->whole) {
                co_await discard_rest();
            }
            break;
        }
    }
    shutdown_send();
}

// Reads the header, then decides from it what the body may hold before reading any of it.
template <class Stream>
auto session<Stream>::read_request() -> boost::asio::awaitable<std::optional<incoming>> {
    auto& parser = parser_.emplace();
    parser.header_limit(static_cast<std::uint32_t>(limits_.header_limit));
    parser.body_limit(boost::none);
    const auto header_ec = co_await read_part(request_part::header);
    if (header_ec) {
        auto refusal = refusal_of(header_ec, parser, request_part::header);
        if (!refusal) {
            co_return std::nullopt;
        }
        co_return incoming{{}, std::move(*refusal), false};
    }
    if (!busy()) {
        co_return std::nullopt;
    }
    co_return co_await read_body();
}

template <class Stream> auto session<Stream>::read_body() -> boost::asio::awaitable<std::optional<incoming>> {
    auto& parser = *parser_;
    const admission admitted = admit(svc_, parser.get());
    if (auto early = refuse_by_length(parser, admitted)) {
        co_return incoming{parser.release(), std::move(early->answer), false};
    }
    parser.body_limit(admitted.body_limit);
    parser.eager(true);
    co_await send_continue();
    const auto body_ec = co_await read_part(request_part::body);
    if (body_ec == boost::beast::http::error::body_limit) {
        auto early = refuse_over_limit(parser.get().version(), admitted);
        request_t header = parser.release();
        header.body().clear();
        co_return incoming{std::move(header), std::move(early.answer), false};
    }
    if (body_ec) {
        auto refusal = refusal_of(body_ec, parser, request_part::body);
        if (!refusal) {
            co_return std::nullopt;
        }
        co_return incoming{{}, std::move(*refusal), false};
    }
    co_return incoming{parser.release(), std::nullopt, true};
}

// Reads until the part is parsed whole, each read with the part's deadline: the header's fixed one, or the
// body's, which moves on with every byte received.
template <class Stream>
boost::asio::awaitable<boost::system::error_code> session<Stream>::read_part(request_part part) {
    auto& parser = *parser_;
    const auto started = std::chrono::steady_clock::now();
    std::size_t received = 0;
    for (;;) {
        if (const auto ec = parse_buffered(parser, buffer_, part)) {
            co_return ec;
        }
        if (part_done(parser, part)) {
            co_return boost::system::error_code{};
        }
        if (buffer_.size() >= buffer_.max_size()) {
            co_return boost::beast::http::error::buffer_overflow;
        }
        expire_at(part == request_part::header ? started + limits_.header_timeout
                                               : body_deadline(limits_, started, received));
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(buffer_.max_size() - buffer_.size()),
                                                        boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec) {
            co_return end_of_input(ec, parser);
        }
        buffer_.commit(n);
        received += n;
    }
}

template <class Stream> boost::asio::awaitable<bool> session<Stream>::write(response_t& res) {
    expire_at(std::chrono::steady_clock::now() + write_allowance(limits_, res.body().size()));
    auto [ec, written] = co_await boost::beast::http::async_write(
        stream_, res, boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return !ec;
}

// The header with chunked transfer coding, then the response's own body and each piece of the rest as a
// chunk, each write with its own allowance; the last chunk only when the rest ended without a throw.
template <class Stream>
boost::asio::awaitable<bool> session<Stream>::write_streamed(response_t& res, body_source& rest) {
    namespace bh = boost::beast::http;
    std::string first = std::move(res.body());
    bh::response<bh::empty_body> head{std::move(res.base())};
    head.chunked(true);
    bh::response_serializer<bh::empty_body> serializer{head};
    expire_at(std::chrono::steady_clock::now() + limits_.write_timeout);
    auto [ec, n] = co_await bh::async_write_header(stream_, serializer,
                                                   boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) {
        co_return false;
    }
    if (!first.empty()) {
        const bool sent = co_await write_chunk(std::move(first));
        if (!sent) {
            co_return false;
        }
    }
    for (;;) {
        std::string piece;
        try {
            piece = rest.next();
        } catch (const std::exception& e) {
            log::error("streamed answer failed", {{"error", e.what()}});
            co_return false;
        }
        if (piece.empty()) {
            break;
        }
        const bool sent = co_await write_chunk(std::move(piece));
        if (!sent) {
            co_return false;
        }
    }
    expire_at(std::chrono::steady_clock::now() + limits_.write_timeout);
    auto [last_ec, last_n] = co_await boost::asio::async_write(
        stream_, bh::make_chunk_last(), boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return !last_ec;
}

template <class Stream> boost::asio::awaitable<bool> session<Stream>::write_chunk(std::string piece) {
    expire_at(std::chrono::steady_clock::now() + write_allowance(limits_, piece.size()));
    auto [ec, n] =
        co_await boost::asio::async_write(stream_, boost::beast::http::make_chunk(boost::asio::buffer(piece)),
                                          boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return !ec;
}

// Tells a client that waits before sending its body (Expect: 100-continue, as curl does) to go on.
template <class Stream> boost::asio::awaitable<void> session<Stream>::send_continue() {
    if (!expects_continue(*parser_)) {
        co_return;
    }
    boost::beast::http::response<boost::beast::http::empty_body> go_on{boost::beast::http::status::continue_,
                                                                       parser_->get().version()};
    expire_at(std::chrono::steady_clock::now() + limits_.write_timeout);
    co_await boost::beast::http::async_write(stream_, go_on,
                                             boost::asio::as_tuple(boost::asio::use_awaitable));
}

// After an answer sent before the body was read whole: reads and drops a bounded amount of what the client
// still sends, so that its last bytes do not meet a reset that would lose the answer.
// After a refusal sent before its body was read: stops sending, then reads and drops what the client still
// sends (server_limits: up to discard_limit, while it keeps the body's minimum rate, for discard_timeout at
// most), so that its client reads the refusal rather than a reset.
template <class Stream> boost::asio::awaitable<void> session<Stream>::discard_rest() {
    shutdown_send();
    const auto started = std::chrono::steady_clock::now();
    const auto last = started + limits_.discard_timeout;
    std::size_t dropped = 0;
    while (dropped < limits_.discard_limit) {
        buffer_.consume(buffer_.size());
        expire_at(std::min(last, body_deadline(limits_, started, dropped)));
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(buffer_.max_size()),
                                                        boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec) {
            break;
        }
        buffer_.commit(n);
        dropped += n;
    }
}

template <class Stream> void session<Stream>::expire_at(steady_time deadline) {
    if constexpr (requires(Stream & s) { s.expires_at(deadline); }) {
        stream_.expires_at(deadline);
    }
}

template <class Stream> void session<Stream>::shutdown_send() {
    if constexpr (requires(Stream & s) { s.socket().shutdown(boost::asio::socket_base::shutdown_send); }) {
        boost::system::error_code ignored;
        stream_.socket().shutdown(boost::asio::socket_base::shutdown_send, ignored);
    }
}

template <class Stream> void session<Stream>::idle() {
    if (info_.registry) {
        info_.registry->idle(*info_.slot);
    }
}

template <class Stream> bool session<Stream>::busy() {
    return !info_.registry || info_.registry->busy(*info_.slot);
}

template <class Stream> bool session<Stream>::draining() const {
    return info_.registry && info_.registry->draining();
}

} // namespace mend::http
