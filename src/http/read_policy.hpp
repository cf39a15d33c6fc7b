// What the session decides while it reads a request: feeding the parser without letting it throw, when a part
// is read, and which answer (400, 408, 413, 414, 431) a failed read gets, if any.
#pragma once

#include "http/router.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/system/error_code.hpp>
#include <optional>

namespace mend::http {

using request_parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

enum class request_part { header, body };

// Feeds the parser what the buffer holds, consuming what it parsed; stops once `part` is parsed whole. An
// exception from the parser (Beast throws on a field of 64 KiB or more) becomes an error code.
boost::system::error_code parse_buffered(request_parser& parser, boost::beast::flat_buffer& buffer,
                                         request_part part);

bool part_done(const request_parser& parser, request_part part);

// The error a failed read means for the parser: end_of_stream for a clean end between requests.
boost::system::error_code end_of_input(const boost::system::error_code& read_error, request_parser& parser);

// The answer to a request whose `part` failed to read with `error`; nullopt when the client is gone or was
// only idle (nothing to answer).
std::optional<response_t> refusal_of(const boost::system::error_code& error, const request_parser& parser,
                                     request_part part);

// A body that is not read: this answer is sent instead, or, when empty, the request is dispatched without its
// body, for its route to refuse a caller the header does not name (a sign-in redirect, 401).
struct unread_body {
    std::optional<response_t> answer;
};

// When the header's Content-Length is more than the caller may send.
std::optional<unread_body> refuse_by_length(const request_parser& parser, const admission& admitted);

// When a body without Content-Length turned out to be more than the caller may send.
unread_body refuse_over_limit(unsigned version, const admission& admitted);

// Whether the client waits for "100 Continue" before it sends the body it announced.
bool expects_continue(const request_parser& parser);

} // namespace mend::http
