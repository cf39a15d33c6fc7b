// The routes of the server as data: method, path pattern with {placeholders}, who may call, and the handler.
#pragma once

#include "app/accounts/web_ports.hpp"
#include "domain/job.hpp"
#include "http/forms.hpp"
#include "http/router.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/url/url_view.hpp>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::http {

// Everything a handler gets. It lives in the dispatching coroutine's frame for the whole call.
struct context {
    services& svc;
    const request_t& req;
    boost::urls::url_view url;
    std::vector<std::string> params;           // the values of the pattern's placeholders, in order
    std::optional<domain::actor> who;          // set when the route needs a caller
    std::optional<app::web_session> session{}; // set on access::session routes
    form fields{};                             // a session route's POST body, parsed (its CSRF token checked)
    boost::asio::ip::address peer{};           // the client (http/proxies.hpp: client_of)
    std::unique_ptr<body_source> rest{};       // set by a handler to stream its body (see http/router.hpp)
};

// The address of the client behind a request: the connection's peer, or the client a trusted proxy names in
// X-Forwarded-For ([server] trusted_proxies; the session decides). The login throttle counts by it.
std::string client_address(const context& ctx);

// A named coroutine function; the context outlives the call (see above).
using handler = boost::asio::awaitable<response_t> (*)(context& ctx);

enum class access {
    open,    // no credentials
    bearer,  // Authorization: Bearer <API token>
    session, // the pages' session cookie; POSTs must carry the session's CSRF token (http/pages_session.cpp)
};

// A set of roles, e.g. those who may send a route's large bodies.
class role_set {
public:
    constexpr role_set() = default;
    constexpr role_set(std::initializer_list<domain::role> roles) {
        for (const auto r : roles) {
            bits_ |= 1U << static_cast<unsigned>(r);
        }
    }
    constexpr bool contains(domain::role r) const { return ((bits_ >> static_cast<unsigned>(r)) & 1U) != 0; }

private:
    unsigned bits_ = 0;
};

struct route {
    boost::beast::http::verb method;
    std::string_view pattern; // e.g. "/api/v1/requests/{reference}/events"
    http::access access;
    handler run;
    std::size_t body_limit = 0; // when not 0: this route's own body limit (uploads), instead of the server's,
    role_set uploaders{};       // for signed-in callers of these roles only
};

// For access::session routes: checks the caller's session (and a POST's CSRF token), filling ctx.who,
// ctx.session and ctx.fields; returns the response to send instead (a redirect to sign in, 403) when it
// fails. The pages set it (pages/routes.hpp); without one, session routes answer 404.
using session_gate = std::optional<response_t> (*)(context& ctx);

// For access::session routes: whom the request's session cookie names, from the header alone (no CSRF check),
// so that an upload's body limit is chosen before its body is read. The pages set it.
using session_caller = std::optional<domain::actor> (*)(services& svc, const request_t& header);

// For routes with a body limit of their own (the pages' uploads): the HTML page answering a body over the
// limit (phone photos), in place of the API's JSON 413. `target` is the request's. The pages set it.
using too_large_page = response_t (*)(services& svc, unsigned version, std::string_view target);

class route_table {
public:
    void add(route r);
    void set_session_gate(session_gate check) { gate_ = check; }
    session_gate gate() const { return gate_; }
    void set_session_caller(session_caller lookup) { caller_ = lookup; }
    session_caller caller() const { return caller_; }
    void set_too_large_page(too_large_page answer) { too_large_ = answer; }
    too_large_page too_large() const { return too_large_; }

    struct match_result {
        const route* found = nullptr;
        std::vector<std::string> params;
        std::vector<boost::beast::http::verb> methods; // of every route whose pattern matched the path
    };

    match_result match(boost::beast::http::verb method, std::string_view path) const;

private:
    // One segment of a route's pattern: fixed text, or a parameter ("{reference}") matching any non-empty
    // one.
    struct segment {
        std::string text;
        bool parameter = false;
    };

    static std::vector<segment> split_pattern(std::string_view pattern);
    static bool matches(const std::vector<segment>& pattern, const std::vector<std::string_view>& segments,
                        std::vector<std::string>& params);

    std::vector<route> routes_;
    std::vector<std::vector<segment>> patterns_; // routes_[i]'s pattern, split once when it is added
    session_gate gate_ = nullptr;
    session_caller caller_ = nullptr;
    too_large_page too_large_ = nullptr;
};

} // namespace mend::http
