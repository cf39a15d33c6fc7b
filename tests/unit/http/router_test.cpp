#include "api/routes.hpp"
#include "http/route_table.hpp"
#include "http/router.hpp"
#include "support/memory_store.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace mend::http {
namespace {

namespace json = boost::json;
namespace net = boost::asio;

class router_test : public ::testing::Test {
protected:
    void SetUp() override {
        api::add_routes(routes);
        svc.routes = &routes;
        test::memory_accounts accounts(store.state);
        home = accounts.insert_property({0, "100023336956", "Flat 3", "E8 1AB"}).id;
        officer = store.add_user(domain::role::officer, "Olivia");
        tenant = store.add_user(domain::role::tenant, "Tom");
        accounts.add_tenancy(home, store.actor_by_token_hash(app::token_hash(tenant))->user_id,
                             domain::home_tenure::tenant);
    }

    response_t send(http::verb method, std::string target, const std::string& token, std::string body = {},
                    std::string type = "application/json") {
        request_t req{method, target, 11};
        if (!token.empty()) {
            req.set(http::field::authorization, "Bearer " + token);
        }
        if (!body.empty()) {
            req.set(http::field::content_type, type);
            req.body() = std::move(body);
            req.prepare_payload();
        }
        boost::asio::io_context ioc;
        auto future =
            boost::asio::co_spawn(ioc, handle_request(svc, std::move(req)), boost::asio::use_future);
        ioc.run();
        return future.get();
    }

    static json::object body_of(const response_t& res) { return json::parse(res.body()).as_object(); }

    static std::string error_code(const response_t& res) {
        return std::string(body_of(res).at("error").at("code").as_string());
    }

    test::memory_store store;
    test::manual_clock clock;
    services svc{store, store, clock};
    route_table routes;
    domain::id_t home = 0;
    std::string officer, tenant;
};

TEST_F(router_test, healthz_needs_no_token) {
    auto res = send(http::verb::get, "/healthz", "");
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(body_of(res).at("status").as_string(), "ok");
}

TEST_F(router_test, api_calls_need_a_valid_token) {
    EXPECT_EQ(send(http::verb::get, "/api/v1/me", "").result(), http::status::unauthorized);
    auto bad = send(http::verb::get, "/api/v1/me", "mend_nonsense");
    EXPECT_EQ(bad.result(), http::status::unauthorized);
    EXPECT_EQ(bad[http::field::www_authenticate], "Bearer");
    auto me = send(http::verb::get, "/api/v1/me", tenant);
    EXPECT_EQ(me.result(), http::status::ok);
    EXPECT_EQ(body_of(me).at("role").as_string(), "tenant");
}

TEST_F(router_test, unknown_paths_and_methods) {
    EXPECT_EQ(send(http::verb::get, "/api/v1/nothing", officer).result(), http::status::not_found);
    auto res = send(http::verb::delete_, "/api/v1/requests", officer);
    EXPECT_EQ(res.result(), http::status::method_not_allowed);
    EXPECT_EQ(res[http::field::allow], "GET, POST");
}

TEST_F(router_test, bodies_must_be_json_objects) {
    const std::string ok = R"({"uprn":"100023336956","category":"plumbing","description":"Leak"})";
    EXPECT_EQ(send(http::verb::post, "/api/v1/requests", tenant, ok, "text/plain").result(),
              http::status::unsupported_media_type);
    auto broken = send(http::verb::post, "/api/v1/requests", tenant, "{\"uprn\":");
    EXPECT_EQ(broken.result(), http::status::bad_request);
    EXPECT_EQ(error_code(broken), "bad_json");
    EXPECT_EQ(send(http::verb::post, "/api/v1/requests", tenant, "[1,2]").result(),
              http::status::bad_request);
    auto typed = send(http::verb::post, "/api/v1/requests", tenant,
                      R"({"uprn":"100023336956","category":7,"description":"Leak"})");
    EXPECT_EQ(typed.result(), http::status::unprocessable_entity);
    EXPECT_EQ(body_of(typed).at("error").at("field").as_string(), "category");
    auto unknown =
        send(http::verb::post, "/api/v1/requests", tenant,
             R"({"uprn":"100023336956","category":"plumbing","description":"Leak","colour":"red"})");
    EXPECT_EQ(body_of(unknown).at("error").at("field").as_string(), "colour");
    EXPECT_TRUE(store.state.jobs.empty());
}

TEST_F(router_test, create_then_act_then_refuse) {
    auto created =
        send(http::verb::post, "/api/v1/requests", tenant,
             R"({"uprn":100023336956,"category":"plumbing","description":"Leak <script>x</script>"})");
    ASSERT_EQ(created.result(), http::status::created);
    const auto job = body_of(created);
    const std::string ref(job.at("reference").as_string());
    EXPECT_EQ(created[http::field::location], "/api/v1/requests/" + ref);
    EXPECT_EQ(job.at("status").as_string(), "reported");
    EXPECT_EQ(job.at("description").as_string(), "Leak <script>x</script>");

    auto refused =
        send(http::verb::post, "/api/v1/requests/" + ref + "/actions", officer, R"({"action":"start"})");
    EXPECT_EQ(refused.result(), http::status::conflict);
    const auto allowed = body_of(refused).at("error").at("allowed").as_array();
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), json::value("triage")), allowed.end());

    auto bad_appt = send(http::verb::post, "/api/v1/requests/" + ref + "/actions", officer,
                         R"({"action":"triage","priority":"urgent","appointment":{"start":5}})");
    EXPECT_EQ(body_of(bad_appt).at("error").at("field").as_string(), "appointment.start");

    auto triaged = send(http::verb::post, "/api/v1/requests/" + ref + "/actions", officer,
                        R"({"action":"triage","priority":"urgent","internal_note":"check asbestos"})");
    ASSERT_EQ(triaged.result(), http::status::ok);
    EXPECT_EQ(body_of(triaged).at("version").as_int64(), 2);

    auto events = send(http::verb::get, "/api/v1/requests/" + ref + "/events", tenant);
    const auto items = body_of(events).at("items").as_array();
    ASSERT_EQ(items.size(), 2U);
    EXPECT_FALSE(items[1].as_object().contains("internal_note"));
    auto staff_events = send(http::verb::get, "/api/v1/requests/" + ref + "/events", officer);
    EXPECT_EQ(body_of(staff_events).at("items").as_array()[1].at("internal_note").as_string(),
              "check asbestos");
}

net::awaitable<response_t> echo_location(context& ctx) {
    response_t res{http::status::see_other, ctx.req.version()};
    res.set(http::field::location, ctx.req["X-Where"]);
    res.prepare_payload();
    co_return res;
}

TEST_F(router_test, a_location_never_carries_cr_lf_or_tab_whatever_the_handler_passes) {
    route_table mine;
    mine.add({http::verb::get, "/go", access::open, echo_location});
    svc.routes = &mine;
    for (const std::string bad : {"/\r\nSet-Cookie: evil=1", "/\nSet-Cookie: evil=1", "/\t/evil.example"}) {
        request_t req{http::verb::get, "/go", 11};
        req.set("X-Where", bad);
        boost::asio::io_context ioc;
        auto future =
            boost::asio::co_spawn(ioc, handle_request(svc, std::move(req)), boost::asio::use_future);
        ioc.run();
        const auto res = future.get();
        EXPECT_EQ(res.result(), http::status::internal_server_error);
        EXPECT_EQ(res.find(http::field::location), res.end());
        EXPECT_NE(res.find("X-Content-Type-Options"), res.end());
    }
    request_t fine{http::verb::get, "/go", 11};
    fine.set("X-Where", "/jobs/MR-1");
    boost::asio::io_context ioc;
    auto future = boost::asio::co_spawn(ioc, handle_request(svc, std::move(fine)), boost::asio::use_future);
    ioc.run();
    EXPECT_EQ(future.get()[http::field::location], "/jobs/MR-1");
}

} // namespace
} // namespace mend::http
