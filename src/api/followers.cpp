// Handlers of the JSON API for the followers of a job: who follows it, adding one, removing one.
#include "app/followers.hpp"

#include "api/json_mapping.hpp"
#include "api/routes.hpp"
#include "domain/reference.hpp"

#include <boost/json.hpp>

namespace mend::api {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

response_t no_followers(const context& ctx) {
    return error_for(ctx.req, http::status::not_found, "not_found", "followers are not kept here");
}

const app::social_policy* social_policy_of(const context& ctx) {
    return ctx.svc.social != nullptr ? &ctx.svc.social->policy : nullptr;
}

net::awaitable<response_t> list_followers(context& ctx) {
    if (ctx.svc.followers == nullptr) {
        co_return no_followers(ctx);
    }
    const auto found = app::list_followers(ctx.svc.reads, *ctx.svc.followers, *ctx.who, ctx.params.at(0));
    if (!found) {
        co_return problem_response(ctx.req, found.error());
    }
    json::array items;
    for (const auto& f : *found) {
        items.push_back(follower_to_json(f));
    }
    co_return json_response(ctx.req, http::status::ok, json::object{{"items", std::move(items)}});
}

net::awaitable<response_t> add_follower(context& ctx) {
    if (ctx.svc.followers == nullptr) {
        co_return no_followers(ctx);
    }
    json::object body;
    if (auto bad = read_json_object(ctx.req, body)) {
        co_return std::move(*bad);
    }
    auto input = parse_follower(body);
    if (!input) {
        co_return problem_response(ctx.req, input.error());
    }
    const std::string reference = ctx.params.at(0);
    const auto added = co_await http::write(ctx.svc.writes, app::add_follower, *ctx.who, reference, *input,
                                            social_policy_of(ctx), ctx.svc.clock.now());
    if (!added) {
        co_return problem_response(ctx.req, added.error());
    }
    if (added->kind == app::follower_kind::thread && ctx.svc.social != nullptr && ctx.svc.social->wake) {
        ctx.svc.social->wake(); // a mention linked just now is answered with the job's status
    }
    auto res = json_response(ctx.req, http::status::created, follower_to_json(*added));
    res.set(http::field::location, "/api/v1/requests/" + domain::normalise_reference(reference) +
                                       "/followers/" + std::to_string(added->id));
    co_return res;
}

net::awaitable<response_t> remove_follower(context& ctx) {
    if (ctx.svc.followers == nullptr) {
        co_return no_followers(ctx);
    }
    const auto id = parse_id(ctx.params.at(1));
    if (!id) {
        co_return error_for(ctx.req, http::status::not_found, "not_found", "no such follower of this repair");
    }
    const auto removed =
        co_await http::write(ctx.svc.writes, app::remove_follower, *ctx.who, ctx.params.at(0), *id);
    if (!removed) {
        co_return problem_response(ctx.req, removed.error());
    }
    response_t res{http::status::no_content, ctx.req.version()};
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    co_return res;
}

} // namespace

void add_follower_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/api/v1/requests/{reference}/followers", access::bearer, list_followers});
    table.add({v::post, "/api/v1/requests/{reference}/followers", access::bearer, add_follower});
    table.add({v::delete_, "/api/v1/requests/{reference}/followers/{id}", access::bearer, remove_follower});
}

} // namespace mend::api
