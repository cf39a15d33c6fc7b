// Open311 GeoReport v2 under /open311/v2/ (the base URL a client is given ends with the slash): parse the
// query or the form body, call one use case, answer in the format the path's suffix names (.xml or .json).
#include "app/open311.hpp"

#include "api/routes.hpp"
#include "formats/open311.hpp"
#include "http/forms.hpp"
#include "http/offload.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace mend::api {

namespace net = boost::asio;
using formats::open311_format;

namespace {

// "requests.xml" -> ("requests", xml); nullopt for any other suffix.
std::optional<std::pair<std::string, open311_format>> resource_of(std::string_view segment) {
    const auto dot = segment.rfind('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const auto suffix = segment.substr(dot + 1);
    const std::string name(segment.substr(0, dot));
    if (suffix == "xml") {
        return std::pair{name, open311_format::xml};
    }
    if (suffix == "json") {
        return std::pair{name, open311_format::json};
    }
    return std::nullopt;
}

response_t answer(const context& ctx, http::status status, const formats::open311_document& doc) {
    response_t res{status, ctx.req.version()};
    res.set(http::field::content_type, doc.content_type);
    res.set(http::field::cache_control, "no-store");
    res.body() = doc.body;
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    return res;
}

// 403 for the api_key, 404 for an unknown resource, service code or jurisdiction, 400 for the rest.
response_t error_answer(const context& ctx, open311_format f, const app::problem& p) {
    http::status status = http::status::bad_request;
    if (p.code == app::errc::forbidden || p.code == app::errc::unauthorized) {
        status = http::status::forbidden;
    } else if (p.code == app::errc::not_found) {
        status = http::status::not_found;
    }
    return answer(ctx, status, formats::errors_document(f, static_cast<int>(status), p.message));
}

response_t not_found(const context& ctx, open311_format f, std::string_view what) {
    return error_answer(ctx, f, {app::errc::not_found, std::string(what), "", {}});
}

std::string query(const context& ctx, std::string_view key) {
    return http::query_param(ctx.url, key).value_or("");
}

// Every attribute[CODE] (and attribute[CODE][], as the spec's example sends a multivaluelist) in order.
std::vector<std::pair<std::string, std::string>> attributes_of(const http::form& fields) {
    constexpr std::string_view prefix = "attribute[";
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : fields) {
        std::string_view name = f.name;
        if (name.rfind(prefix, 0) != 0) {
            continue;
        }
        name.remove_prefix(prefix.size());
        if (name.size() >= 2 && name.substr(name.size() - 2) == "[]") {
            name.remove_suffix(2);
        }
        if (!name.empty() && name.back() == ']') {
            out.emplace_back(std::string(name.substr(0, name.size() - 1)), f.value);
        }
    }
    return out;
}

app::open311_report report_of(const http::form& fields) {
    app::open311_report r;
    r.service_code = http::form_value(fields, "service_code");
    r.description = http::form_value(fields, "description");
    r.lat = http::form_value(fields, "lat");
    r.lon = http::form_value(fields, "long");
    r.address_string = http::form_value(fields, "address_string");
    r.email = http::form_value(fields, "email");
    r.first_name = http::form_value(fields, "first_name");
    r.last_name = http::form_value(fields, "last_name");
    r.phone = http::form_value(fields, "phone");
    r.attributes = attributes_of(fields);
    return r;
}

app::open311_comment comment_of(const http::form& fields) {
    app::open311_comment c;
    c.service_request_id = http::form_value(fields, "service_request_id");
    c.update_id = http::form_value(fields, "update_id");
    c.status = http::form_value(fields, "status");
    c.description = http::form_value(fields, "description");
    c.media_url = http::form_value(fields, "media_url");
    return c;
}

// Authenticates the integration by the form's key, runs `use_case(via, input, now)` as one unit on the writer
// and answers with `document(f, result)`, or with the errors document.
template <typename UseCase, typename Input, typename Document>
net::awaitable<response_t> post_as_integration(context& ctx, open311_format f, const http::form& fields,
                                               UseCase use_case, Input input, Document document) {
    auto via = app::authenticate(ctx.svc.open311->reads, http::form_value(fields, "api_key"),
                                 http::form_value(fields, "jurisdiction_id"));
    if (!via) {
        co_return error_answer(ctx, f, via.error());
    }
    const auto result = co_await http::write(ctx.svc.writes, use_case, *via, input, ctx.svc.clock.now());
    if (!result) {
        co_return error_answer(ctx, f, result.error());
    }
    co_return answer(ctx, http::status::ok, document(f, *result));
}

net::awaitable<response_t> create_request(context& ctx, open311_format f, const http::form& fields) {
    co_return co_await post_as_integration(ctx, f, fields, app::submit_report, report_of(fields),
                                           formats::created_document);
}

net::awaitable<response_t> create_update(context& ctx, open311_format f, const http::form& fields) {
    co_return co_await post_as_integration(ctx, f, fields, app::post_comment, comment_of(fields),
                                           formats::update_created_document);
}

response_t list_requests(context& ctx, open311_format f) {
    auto via = app::authenticate_optional(ctx.svc.open311->reads, query(ctx, "api_key"),
                                          query(ctx, "jurisdiction_id"));
    if (!via) {
        return error_answer(ctx, f, via.error());
    }
    app::request_query q;
    q.service_request_ids = http::query_param(ctx.url, "service_request_id");
    q.start_date = http::query_param(ctx.url, "start_date");
    q.end_date = http::query_param(ctx.url, "end_date");
    const auto found =
        app::find_requests(ctx.svc.open311->reads, ctx.svc.reads, *via, q, ctx.svc.clock.now());
    if (!found) {
        return error_answer(ctx, f, found.error());
    }
    return answer(ctx, http::status::ok, formats::requests_document(f, *found));
}

response_t list_updates(context& ctx, open311_format f) {
    auto via = app::authenticate_optional(ctx.svc.open311->reads, query(ctx, "api_key"),
                                          query(ctx, "jurisdiction_id"));
    if (!via) {
        return error_answer(ctx, f, via.error());
    }
    const auto found =
        app::find_updates(ctx.svc.open311->reads, *via, http::query_param(ctx.url, "start_date"),
                          http::query_param(ctx.url, "end_date"), ctx.svc.clock.now());
    if (!found) {
        return error_answer(ctx, f, found.error());
    }
    return answer(ctx, http::status::ok, formats::updates_document(f, *found));
}

net::awaitable<response_t> get_resource(context& ctx) {
    const auto resource = resource_of(ctx.params.at(0));
    if (!resource || ctx.svc.open311 == nullptr) {
        co_return not_found(ctx, open311_format::xml, "no such resource");
    }
    const auto& [name, f] = *resource;
    if (name == "services") {
        co_return answer(ctx, http::status::ok, formats::services_document(f, app::all_services()));
    }
    if (name == "requests") {
        co_return list_requests(ctx, f);
    }
    if (name == "servicerequestupdates") {
        co_return list_updates(ctx, f);
    }
    co_return not_found(ctx, f, "no such resource");
}

net::awaitable<response_t> post_resource(context& ctx) {
    const auto resource = resource_of(ctx.params.at(0));
    if (!resource || ctx.svc.open311 == nullptr) {
        co_return not_found(ctx, open311_format::xml, "no such resource");
    }
    const auto& [name, f] = *resource;
    if (name != "requests" && name != "servicerequestupdates") {
        co_return not_found(ctx, f, "no such resource");
    }
    const auto fields = http::parse_urlencoded(ctx.req.body());
    if (!fields) {
        co_return error_answer(ctx, f,
                               app::invalid("", "the body must be application/x-www-form-urlencoded"));
    }
    if (name == "requests") {
        co_return co_await create_request(ctx, f, *fields);
    }
    co_return co_await create_update(ctx, f, *fields);
}

net::awaitable<response_t> get_definition(context& ctx) {
    const auto resource = resource_of(ctx.params.at(0));
    if (!resource || ctx.svc.open311 == nullptr) {
        co_return not_found(ctx, open311_format::xml, "no such resource");
    }
    const auto& [code, f] = *resource;
    const app::service* s = app::find_service(code);
    if (s == nullptr) {
        co_return not_found(ctx, f, "unknown service_code \"" + code + "\"");
    }
    co_return answer(ctx, http::status::ok, formats::definition_document(f, *s, app::open311_attributes()));
}

// mend answers every request at once (realtime), so there are no tokens to look up.
net::awaitable<response_t> get_token(context& ctx) {
    const auto resource = resource_of(ctx.params.at(0));
    co_return not_found(ctx, resource ? resource->second : open311_format::xml, "no such token");
}

} // namespace

void add_open311_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/open311/v2/{resource}", access::open, get_resource});
    table.add({v::post, "/open311/v2/{resource}", access::open, post_resource});
    table.add({v::get, "/open311/v2/services/{code}", access::open, get_definition});
    table.add({v::get, "/open311/v2/tokens/{token}", access::open, get_token});
}

} // namespace mend::api
