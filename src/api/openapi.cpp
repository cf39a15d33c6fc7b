// GET /api/v1/openapi.yaml: the API's own OpenAPI document, open to anyone like /healthz.
#include "api/openapi.hpp"

#include "api/routes.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace mend::api {

namespace net = boost::asio;

namespace {

net::awaitable<response_t> openapi_yaml(context& ctx) {
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, "application/yaml");
    res.body() = std::string(openapi_document());
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    co_return res;
}

} // namespace

void add_openapi_routes(route_table& table) {
    table.add({http::verb::get, "/api/v1/openapi.yaml", access::open, openapi_yaml});
}

} // namespace mend::api
