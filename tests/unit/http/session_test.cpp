// The session's read path on beast::test::stream: what it answers to requests refused before routing, how it
// chooses a body limit from the header, and that nothing the parser throws escapes.
#include "http/route_table.hpp"
#include "http/session.hpp"
#include "support/memory_store.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <gtest/gtest.h>

namespace mend::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;

constexpr std::size_t upload_limit = 64 * 1024;

net::awaitable<response_t> body_size(context& ctx) {
    response_t res{status::ok, ctx.req.version()};
    res.body() = "got " + std::to_string(ctx.req.body().size());
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    co_return res;
}

// Cookie "tenant" or "contractor" names a caller of that role; anything else nobody.
std::optional<domain::actor> cookie_caller(services&, const request_t& header) {
    const auto cookie = header[field::cookie];
    if (cookie == "tenant") {
        return domain::actor{1, domain::role::tenant, "Tom", std::nullopt};
    }
    if (cookie == "contractor") {
        return domain::actor{2, domain::role::contractor, "Cal", 9};
    }
    return std::nullopt;
}

std::optional<response_t> cookie_gate(context& ctx) {
    ctx.who = cookie_caller(ctx.svc, ctx.req);
    if (ctx.who) {
        return std::nullopt;
    }
    response_t res{status::see_other, ctx.req.version()};
    res.set(field::location, "/login");
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    return res;
}

class session_test : public ::testing::Test {
protected:
    void SetUp() override {
        routes.add({verb::post, "/echo", access::open, body_size});
        routes.add({verb::get, "/echo", access::open, body_size});
        routes.add({verb::post, "/upload", access::session, body_size, upload_limit, {domain::role::tenant}});
        routes.set_session_gate(cookie_gate);
        routes.set_session_caller(cookie_caller);
        svc.routes = &routes;
        svc.body_limit = 1000;
    }

    // Runs a session over `input` (then the end of the stream) and returns all it wrote.
    std::string converse(const std::string& input) {
        net::io_context ioc;
        beast::test::stream ours(ioc);
        auto theirs = beast::test::connect(ours);
        ours.append(input);
        ours.close_remote();
        session<beast::test::stream> s(ours, svc, limits, {});
        bool ended = false;
        net::co_spawn(ioc, s.run(), [&ended](const std::exception_ptr& failure) {
            EXPECT_FALSE(failure) << "the session let an exception out";
            ended = true;
        });
        ioc.run();
        EXPECT_TRUE(ended);
        unread = ours.buffer().size();
        return std::string(theirs.str());
    }

    static void expect_refusal(const std::string& output, const std::string& status_line) {
        EXPECT_EQ(output.substr(0, status_line.size()), status_line) << output.substr(0, 300);
        for (const auto* name : {"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                                 "Referrer-Policy", "Connection: close"}) {
            EXPECT_NE(output.find(name), std::string::npos)
                << name << " missing in " << output.substr(0, 600);
        }
    }

    test::memory_store store;
    test::manual_clock clock;
    services svc{store, store, clock};
    route_table routes;
    server_limits limits;
    std::size_t unread = 0;
};

std::string chunked_with_trailer(const std::string& path, const std::string& trailer) {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n" +
           trailer + "\r\n\r\n";
}

TEST_F(session_test, a_trailer_of_64_kib_is_answered_431_not_thrown) {
    for (const std::string path : {"/echo", "/upload", "/nowhere"}) {
        expect_refusal(converse(chunked_with_trailer(path, "X-Big: " + std::string(70'000, 'a'))),
                       "HTTP/1.1 431 Request Header Fields Too Large");
        expect_refusal(converse(chunked_with_trailer(path, "X-" + std::string(70'000, 'n') + ": v")),
                       "HTTP/1.1 431 Request Header Fields Too Large");
    }
    // A small trailer is fine.
    const auto ok = converse(chunked_with_trailer("/echo", "X-Small: yes"));
    EXPECT_EQ(ok.substr(0, 15), "HTTP/1.1 200 OK");
    EXPECT_NE(ok.find("got 5"), std::string::npos);
}

TEST_F(session_test, oversized_headers_long_urls_and_malformed_requests_are_answered) {
    expect_refusal(
        converse("GET /echo HTTP/1.1\r\nHost: x\r\nX-Filler: " + std::string(20'000, 'f') + "\r\n\r\n"),
        "HTTP/1.1 431 ");
    expect_refusal(converse("GET /echo?" + std::string(10'000, 'q') + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                   "HTTP/1.1 414 ");
    for (const std::string garbage : {"BLAH\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                                      "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
        expect_refusal(converse(garbage), "HTTP/1.1 400 ");
    }
}

TEST_F(session_test, a_client_that_says_nothing_hears_nothing) {
    EXPECT_EQ(converse(""), "");
    EXPECT_EQ(converse("GET /echo HTTP/1.1\r\nHost: x\r\n"), ""); // gone halfway through its header
}

TEST_F(session_test, an_early_413_reads_and_drops_the_body_so_the_client_hears_it) {
    const std::string body(5000, 'b');
    const auto out = converse("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + body);
    expect_refusal(out, "HTTP/1.1 413 ");
    EXPECT_NE(out.find("the limit of 1000 bytes"), std::string::npos);
    EXPECT_EQ(unread, 0U) << "the body was left unread";
}

TEST_F(session_test, a_refused_upload_a_little_over_the_upload_limit_is_read_whole_with_the_defaults) {
    // 43.2 MB: five phone photos too many for the upload pages' 41 MiB.
    const auto out = converse("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 43200000\r\n\r\n" +
                              std::string(43'200'000, 'p'));
    expect_refusal(out, "HTTP/1.1 413 ");
    EXPECT_EQ(unread, 0U) << "the client would hear a reset, not the refusal";
}

TEST_F(session_test, what_is_dropped_after_a_refusal_is_bounded_by_the_default_limit) {
    // The default limit (64 MiB) and 2 MiB more: the rest is left unread and the connection closed.
    const std::size_t length = server_limits{}.discard_limit + std::size_t{2} * 1024 * 1024;
    const auto out = converse("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(length) +
                              "\r\n\r\n" + std::string(length, 'b'));
    expect_refusal(out, "HTTP/1.1 413 ");
    EXPECT_GT(unread, std::size_t{1024} * 1024);
    EXPECT_LT(unread, std::size_t{2} * 1024 * 1024 + 1);
}

TEST_F(session_test, an_upload_from_nobody_gets_the_routes_refusal_without_its_body_being_read) {
    const auto out = converse("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n" +
                              std::string(50'000, 'u'));
    EXPECT_EQ(out.substr(0, 21), "HTTP/1.1 303 See Othe") << out.substr(0, 300);
    EXPECT_NE(out.find("Location: /login"), std::string::npos);
    EXPECT_NE(out.find("Connection: close"), std::string::npos);
    // More than the route takes from anyone: 413 whoever asks.
    expect_refusal(converse("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n"),
                   "HTTP/1.1 413 ");
}

TEST_F(session_test, only_a_caller_of_the_right_role_gets_the_upload_limit) {
    const std::string head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\nCookie: ";
    const std::string body(50'000, 'u');
    const auto tenant = converse(head + "tenant\r\n\r\n" + body);
    EXPECT_EQ(tenant.substr(0, 15), "HTTP/1.1 200 OK") << tenant.substr(0, 300);
    EXPECT_NE(tenant.find("got 50000"), std::string::npos);
    expect_refusal(converse(head + "contractor\r\n\r\n" + body), "HTTP/1.1 413 ");
    // Chunked, without a length: the limit applies as the body arrives.
    std::string chunked =
        "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nCookie: contractor\r\n\r\n";
    for (int i = 0; i < 10; ++i) {
        chunked += "3e8\r\n" + std::string(1000, 'c') + "\r\n";
    }
    expect_refusal(converse(chunked + "0\r\n\r\n"), "HTTP/1.1 413 ");
}

TEST_F(session_test, keep_alive_answers_each_request_in_turn) {
    const auto out = converse("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                              "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"
                              "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz");
    EXPECT_NE(out.find("got 3"), std::string::npos);
    EXPECT_NE(out.find("got 0"), std::string::npos);
    EXPECT_NE(out.find("got 1"), std::string::npos);
}

TEST_F(session_test, a_client_that_expects_100_continue_hears_it_once_admitted) {
    const auto out =
        converse("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody");
    EXPECT_EQ(out.substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
    EXPECT_NE(out.find("got 4"), std::string::npos);
    const auto refused =
        converse("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4000\r\n\r\n");
    EXPECT_EQ(refused.find("100 Continue"), std::string::npos) << "a refused body was invited";
    EXPECT_EQ(refused.substr(0, 13), "HTTP/1.1 413 ");
}

} // namespace
} // namespace mend::http
