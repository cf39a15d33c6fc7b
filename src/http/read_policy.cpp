#include "http/read_policy.hpp"

#include "http/security_headers.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mend::http {

namespace beast = boost::beast;
using errors = boost::beast::http::error;
using boost::system::error_code;

namespace {

std::size_t put_guarded(request_parser& parser, const beast::flat_buffer& buffer, error_code& ec) {
    try {
        return parser.put(buffer.data(), ec);
    } catch (const std::length_error&) {
        ec = errors::header_limit;
    } catch (const std::exception&) {
        ec = errors::bad_value;
    }
    return 0;
}

// The parser sets the target once it has parsed the request line whole (and consumes that line from the
// buffer, so the buffer cannot tell).
bool request_line_read(const request_parser& parser) {
    return !parser.get().target().empty();
}

response_t too_large(unsigned version, const admission& admitted) {
    if (admitted.too_large_page) {
        auto res = admitted.too_large_page(version);
        set_security_headers(res);
        res.keep_alive(false);
        return res;
    }
    return error_response(version, status::payload_too_large, "payload_too_large",
                          "the body is larger than the limit of " + std::to_string(admitted.body_limit) +
                              " bytes");
}

bool is_parse_error(const error_code& ec) {
    return ec.category() == error_code(errors::bad_target).category() && ec != errors::end_of_stream &&
           ec != errors::partial_message;
}

} // namespace

error_code parse_buffered(request_parser& parser, beast::flat_buffer& buffer, request_part part) {
    while (buffer.size() != 0 && !part_done(parser, part)) {
        error_code ec;
        const std::size_t used = put_guarded(parser, buffer, ec);
        buffer.consume(used);
        if (ec == errors::need_more) {
            return {};
        }
        if (ec) {
            return ec;
        }
        if (used == 0) {
            return {};
        }
    }
    return {};
}

bool part_done(const request_parser& parser, request_part part) {
    return part == request_part::header ? parser.is_header_done() : parser.is_done();
}

error_code end_of_input(const error_code& read_error, request_parser& parser) {
    if (read_error != boost::asio::error::eof) {
        return read_error;
    }
    if (!parser.got_some()) {
        return errors::end_of_stream;
    }
    error_code ec;
    parser.put_eof(ec);
    return ec ? ec : error_code(errors::partial_message);
}

std::optional<response_t> refusal_of(const error_code& error, const request_parser& parser,
                                     request_part part) {
    const bool header = part == request_part::header;
    const unsigned version = header ? 11 : parser.get().version();
    if (error == beast::error::timeout) {
        if (header && !parser.got_some()) {
            return std::nullopt; // idle between requests: closed without a word
        }
        return error_response(version, status::request_timeout, "request_timeout",
                              header ? "the request's header did not arrive in time"
                                     : "the body arrived too slowly");
    }
    if (error == errors::header_limit || error == errors::buffer_overflow) {
        if (header && !request_line_read(parser)) {
            return error_response(version, status::uri_too_long, "uri_too_long",
                                  "the request line is too long");
        }
        return error_response(version, status::request_header_fields_too_large, "header_too_large",
                              "the header fields (or a chunked body's trailers) are too large");
    }
    if (is_parse_error(error)) {
        return error_response(version, status::bad_request, "bad_request",
                              "the request is not valid HTTP/1.1: " + error.message());
    }
    return std::nullopt;
}

std::optional<unread_body> refuse_by_length(const request_parser& parser, const admission& admitted) {
    const auto length = parser.content_length();
    if (!length || *length <= admitted.body_limit) {
        return std::nullopt;
    }
    if (*length > admitted.route_limit || admitted.caller_known) {
        return unread_body{too_large(parser.get().version(), admitted)};
    }
    return unread_body{};
}

unread_body refuse_over_limit(unsigned version, const admission& admitted) {
    if (admitted.caller_known) {
        return unread_body{too_large(version, admitted)};
    }
    return unread_body{};
}

bool expects_continue(const request_parser& parser) {
    return !parser.is_done() && parser.get().version() >= 11 &&
           beast::iequals(parser.get()[field::expect], "100-continue");
}

} // namespace mend::http
