// Handlers of the JSON API for blocks and estates: listing them, adding one (admins), and the homes of one.
#include "app/places.hpp"

#include "api/json_mapping.hpp"
#include "api/routes.hpp"

#include <boost/json.hpp>

namespace mend::api {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

response_t no_places(const context& ctx) {
    return error_for(ctx.req, http::status::not_found, "not_found", "blocks and estates are not kept here");
}

net::awaitable<response_t> list_places(context& ctx, app::place_kind kind) {
    if (ctx.svc.places == nullptr) {
        co_return no_places(ctx);
    }
    const auto places = app::list_places(*ctx.svc.places, *ctx.who, kind);
    if (!places) {
        co_return problem_response(ctx.req, places.error());
    }
    json::array items;
    for (const auto& p : *places) {
        items.push_back(place_to_json(p));
    }
    co_return json_response(ctx.req, http::status::ok, json::object{{"items", std::move(items)}});
}

net::awaitable<response_t> add_place(context& ctx, app::place_kind kind) {
    json::object body;
    if (auto bad = read_json_object(ctx.req, body)) {
        co_return std::move(*bad);
    }
    auto input = parse_place(body, kind);
    if (!input) {
        co_return problem_response(ctx.req, input.error());
    }
    const auto added = co_await http::write(ctx.svc.writes, app::add_place_as, *ctx.who, *input);
    if (!added) {
        co_return problem_response(ctx.req, added.error());
    }
    auto res = json_response(ctx.req, http::status::created, place_to_json(*added));
    res.set(http::field::location,
            "/api/v1/" + std::string(app::to_string(kind)) + "s/" + std::to_string(added->id));
    co_return res;
}

// The place with its homes; `with_homes` false: the place alone.
net::awaitable<response_t> get_place(context& ctx, app::place_kind kind, bool with_homes) {
    if (ctx.svc.places == nullptr) {
        co_return no_places(ctx);
    }
    const auto id = parse_id(ctx.params.at(0));
    if (!id) {
        co_return error_for(ctx.req, http::status::not_found, "not_found",
                            "no " + std::string(app::to_string(kind)) + " has that id");
    }
    const auto found = app::homes_of_place(*ctx.svc.places, *ctx.who, kind, *id);
    if (!found) {
        co_return problem_response(ctx.req, found.error());
    }
    if (!with_homes) {
        co_return json_response(ctx.req, http::status::ok, place_to_json(found->place));
    }
    json::array items;
    for (const auto& home : found->homes) {
        items.push_back(home_to_json(home));
    }
    co_return json_response(ctx.req, http::status::ok,
                            json::object{{std::string(app::to_string(kind)), place_to_json(found->place)},
                                         {"items", std::move(items)}});
}

net::awaitable<response_t> list_blocks(context& ctx) {
    return list_places(ctx, app::place_kind::block);
}
net::awaitable<response_t> list_estates(context& ctx) {
    return list_places(ctx, app::place_kind::estate);
}
net::awaitable<response_t> add_block(context& ctx) {
    return add_place(ctx, app::place_kind::block);
}
net::awaitable<response_t> add_estate(context& ctx) {
    return add_place(ctx, app::place_kind::estate);
}
net::awaitable<response_t> get_block(context& ctx) {
    return get_place(ctx, app::place_kind::block, false);
}
net::awaitable<response_t> get_estate(context& ctx) {
    return get_place(ctx, app::place_kind::estate, false);
}
net::awaitable<response_t> homes_of_block(context& ctx) {
    return get_place(ctx, app::place_kind::block, true);
}
net::awaitable<response_t> homes_of_estate(context& ctx) {
    return get_place(ctx, app::place_kind::estate, true);
}

} // namespace

void add_place_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/api/v1/blocks", access::bearer, list_blocks});
    table.add({v::post, "/api/v1/blocks", access::bearer, add_block});
    table.add({v::get, "/api/v1/blocks/{id}", access::bearer, get_block});
    table.add({v::get, "/api/v1/blocks/{id}/homes", access::bearer, homes_of_block});
    table.add({v::get, "/api/v1/estates", access::bearer, list_estates});
    table.add({v::post, "/api/v1/estates", access::bearer, add_estate});
    table.add({v::get, "/api/v1/estates/{id}", access::bearer, get_estate});
    table.add({v::get, "/api/v1/estates/{id}/homes", access::bearer, homes_of_estate});
}

} // namespace mend::api
