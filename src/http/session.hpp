// One connection's requests, read, answered and written in turn until it closes: the session loop of the
// server, written once for any stream, so that the fuzz target runs the same code on a beast::test::stream.
#pragma once

#include "http/router.hpp"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <string>

namespace mend::http {

constexpr auto idle_timeout = std::chrono::seconds(30);
constexpr auto write_timeout = std::chrono::seconds(30);

// A deadline for the next operation on streams that keep one (beast::tcp_stream); other streams have none.
template <typename Stream> void expire_after(Stream& stream, std::chrono::steady_clock::duration timeout) {
    if constexpr (requires { stream.expires_after(timeout); }) {
        stream.expires_after(timeout);
    }
}

// Serves requests on `stream` until the peer closes it, an error ends it, a response says Connection: close
// or `stopping` is set; `idle` is true while it waits for the next request (stop() closes idle connections).
// The caller owns the stream and the flags and keeps them alive until this completes; `svc` is owned by main.
template <typename Stream>
boost::asio::awaitable<void> serve_requests(Stream& stream, services& svc, const std::atomic<bool>& stopping,
                                            bool& idle) {
    namespace net = boost::asio;
    namespace http = boost::beast::http;
    boost::beast::flat_buffer buffer;
    while (!stopping) {
        http::request_parser<http::string_body> parser;
        // The header is read first, with no limit on the body yet, so that the route it names can choose the
        // limit: larger for photo uploads, the configured one everywhere else.
        parser.body_limit(boost::none);
        idle = true;
        expire_after(stream, idle_timeout);
        auto [header_ec, header_bytes] =
            co_await http::async_read_header(stream, buffer, parser, net::as_tuple(net::use_awaitable));
        idle = false;
        std::size_t limit = svc.body_limit;
        boost::system::error_code read_ec = header_ec;
        if (!header_ec) {
            limit = body_limit_for(svc, parser.get().method(), parser.get().target());
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
            expire_after(stream, write_timeout);
            co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
            break;
        }
        if (read_ec) {
            break; // end of stream, timeout, reset or a malformed request: nothing to answer
        }
        response_t res = co_await handle_request(svc, parser.release());
        if (stopping) {
            res.keep_alive(false);
        }
        const bool keep_alive = res.keep_alive();
        expire_after(stream, write_timeout);
        auto [write_ec, written] = co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
        if (write_ec || !keep_alive) {
            break;
        }
    }
}

} // namespace mend::http
