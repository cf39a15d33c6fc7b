// Handlers of the social inbox API: parse, call one use case, map the result.
#include "app/social.hpp"

#include "api/json_mapping.hpp"
#include "api/routes.hpp"
#include "app/social_safety.hpp"
#include "domain/text.hpp"
#include "http/offload.hpp"
#include "http/responses.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

namespace mend::api {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// A text field of the body: absent is nullopt; present but not a string is a problem naming it.
app::outcome<std::optional<std::string>> text_of(const json::object& body, std::string_view key) {
    const auto* v = body.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return std::optional<std::string>();
    }
    if (!v->is_string()) {
        return app::invalid(std::string(key), std::string(key) + " must be a string");
    }
    return std::optional<std::string>(std::string(v->as_string()));
}

json::value optional_text(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

json::object mention_json(const app::mention_record& m) {
    json::object o{
        {"id", m.id},
        {"network", m.network},
        {"state", app::to_string(m.state)},
        {"reference", m.reference},
        {"job_reference", optional_text(m.job_reference)},
        {"author", m.post.author},
        {"author_url", m.post.author_url},
        {"status_id", m.post.status_id},
        {"status_url", m.post.status_url},
        {"text", m.post.text},
        {"posted_at", domain::format_iso(m.post.posted_at)},
        {"received_at", domain::format_iso(m.received_at)},
        {"dismiss_reason", optional_text(m.dismiss_reason)},
        {"in_reply_to", optional_text(m.post.in_reply_to)},
    };
    json::array flags;
    for (const auto& f : m.flags) {
        flags.push_back(json::value(f));
    }
    o["flags"] = std::move(flags);
    o["handled_by"] = m.handled_by ? json::value(*m.handled_by) : json::value(nullptr);
    return o;
}

json::object reply_json(const app::reply_record& r) {
    return {
        {"id", r.id},
        {"event", r.event},
        {"reference", r.reference},
        {"state", app::to_string(r.state)},
        {"in_reply_to", r.in_reply_to},
        {"body", r.body},
        {"attempts", r.attempts},
        {"provider_id", optional_text(r.provider_id)},
        {"last_error", optional_text(r.last_error)},
        {"created_at", domain::format_iso(r.created_at)},
        {"retried_at", r.retried_at ? json::value(domain::format_iso(*r.retried_at)) : json::value(nullptr)},
    };
}

// What the resident gave on the private intake page; null until they do.
json::value details_json(const std::optional<app::intake_details>& d) {
    if (!d) {
        return nullptr;
    }
    return json::object{{"name", d->name},
                        {"postcode", d->postcode},
                        {"address", d->address},
                        {"email", optional_text(d->email)},
                        {"phone", optional_text(d->phone)},
                        {"preferred", app::to_string(d->preferred)},
                        {"given_at", domain::format_iso(d->given_at)}};
}

json::array updates_json(const std::vector<app::social_update>& updates) {
    json::array out;
    for (const auto& u : updates) {
        json::object o{{"id", u.id},
                       {"mention_id", u.mention_id},
                       {"author", u.author},
                       {"status_id", u.status_id},
                       {"status_url", u.status_url},
                       {"text", u.text},
                       {"posted_at", domain::format_iso(u.posted_at)},
                       {"received_at", domain::format_iso(u.received_at)}};
        out.push_back(std::move(o));
    }
    return out;
}

std::optional<response_t> social_off(context& ctx) {
    if (ctx.svc.social == nullptr) {
        return error_for(ctx.req, http::status::not_found, "not_found",
                         "social intake is not configured on this server ([social.mastodon] base_url or "
                         "[social.bluesky] service_url)");
    }
    return std::nullopt;
}

// A JSON post to the inbox: refused when the inbox is off or the body is not a JSON object; else its body is
// read.
std::optional<response_t> read_social_post(context& ctx, json::object& body) {
    if (auto off = social_off(ctx)) {
        return off;
    }
    return read_json_object(ctx.req, body);
}

response_t no_mention(const request_t& req) {
    return error_for(req, http::status::not_found, "not_found", "no such mention");
}

// A post about one mention is refused when the inbox is off, the id is not one or the body is not a JSON
// object; else its id and body are read.
std::optional<response_t> read_mention_post(context& ctx, std::optional<app::id_t>& id, json::object& body) {
    if (auto off = social_off(ctx)) {
        return off;
    }
    id = parse_id(ctx.params.at(0));
    if (!id) {
        return no_mention(ctx.req);
    }
    return read_json_object(ctx.req, body);
}

// Answers an inbox action with the mention as it is now.
response_t answer(context& ctx, const app::outcome<app::mention_record>& result) {
    if (!result) {
        return problem_response(ctx.req, result.error());
    }
    if (ctx.svc.social->wake) {
        ctx.svc.social->wake(); // the reply in the thread goes out now rather than at the next look
    }
    return json_response(ctx.req, http::status::ok, mention_json(*result));
}

net::awaitable<response_t> list_mentions(context& ctx) {
    if (auto off = social_off(ctx)) {
        co_return std::move(*off);
    }
    app::mention_query q{query_param(ctx.url, "state"), query_param(ctx.url, "flagged"),
                         query_param(ctx.url, "limit"), query_param(ctx.url, "cursor")};
    auto page = app::list_mentions(ctx.svc.social->reads, *ctx.who, q);
    if (!page) {
        co_return problem_response(ctx.req, page.error());
    }
    json::array items;
    for (const auto& m : page->items) {
        items.push_back(mention_json(m));
    }
    json::object out{{"items", std::move(items)}};
    out["next_cursor"] = page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr);
    co_return json_response(ctx.req, http::status::ok, out);
}

net::awaitable<response_t> get_mention(context& ctx) {
    if (auto off = social_off(ctx)) {
        co_return std::move(*off);
    }
    const auto id = parse_id(ctx.params.at(0));
    if (!id) {
        co_return no_mention(ctx.req);
    }
    auto found = app::mention_detail(ctx.svc.social->reads, *ctx.who, *id);
    if (!found) {
        co_return problem_response(ctx.req, found.error());
    }
    auto out = mention_json(found->item);
    json::array replies;
    for (const auto& r : found->replies) {
        replies.push_back(reply_json(r));
    }
    out["replies"] = std::move(replies);
    out["updates"] = updates_json(found->updates);
    out["details"] = details_json(found->details);
    co_return json_response(ctx.req, http::status::ok, out);
}

net::awaitable<response_t> job_updates(context& ctx) {
    if (auto off = social_off(ctx)) {
        co_return std::move(*off);
    }
    auto found = app::job_updates(ctx.svc.social->reads, *ctx.who, ctx.params.at(0));
    if (!found) {
        co_return problem_response(ctx.req, found.error());
    }
    co_return json_response(ctx.req, http::status::ok, json::object{{"items", updates_json(*found)}});
}

net::awaitable<response_t> link_mention(context& ctx) {
    std::optional<app::id_t> id;
    json::object body;
    if (auto refused = read_mention_post(ctx, id, body)) {
        co_return std::move(*refused);
    }
    auto reference = text_of(body, "reference");
    if (!reference) {
        co_return problem_response(ctx.req, reference.error());
    }
    if (!*reference) {
        co_return problem_response(ctx.req,
                                   app::invalid("reference", "reference is required: the job to link to"));
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::link_mention, *ctx.who, *id, **reference,
                                             ctx.svc.social->policy, now);
    co_return answer(ctx, result);
}

net::awaitable<response_t> convert_mention(context& ctx) {
    std::optional<app::id_t> id;
    json::object body;
    if (auto refused = read_mention_post(ctx, id, body)) {
        co_return std::move(*refused);
    }
    app::convert_command cmd;
    for (const auto& [key, value] : body) {
        static constexpr std::array<std::string_view, 7> known{
            "uprn", "category", "description", "location", "priority", "hazard", "tenant_id"};
        if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end()) {
            co_return problem_response(ctx.req,
                                       app::invalid(std::string(key), std::string(key) + " is not a field "
                                                                                         "of a conversion"));
        }
        if (key == "tenant_id") {
            if (!value.is_int64()) {
                co_return problem_response(ctx.req, app::invalid("tenant_id", "tenant_id must be a user id"));
            }
            cmd.tenant_id = value.as_int64();
            continue;
        }
        auto text = text_of(body, key);
        if (!text) {
            co_return problem_response(ctx.req, text.error());
        }
        if (key == "uprn") {
            cmd.uprn = text->value_or("");
        } else if (key == "category") {
            cmd.category = text->value_or("");
        } else if (key == "description") {
            cmd.description = *text;
        } else if (key == "location") {
            cmd.location = text->value_or("");
        } else if (key == "priority") {
            cmd.priority = *text;
        } else {
            cmd.hazard = *text;
        }
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::convert_mention, *ctx.who, *id, cmd,
                                             ctx.svc.social->policy, now);
    co_return answer(ctx, result);
}

net::awaitable<response_t> dismiss_mention(context& ctx) {
    std::optional<app::id_t> id;
    json::object body;
    if (auto refused = read_mention_post(ctx, id, body)) {
        co_return std::move(*refused);
    }
    auto reason = text_of(body, "reason");
    if (!reason) {
        co_return problem_response(ctx.req, reason.error());
    }
    const std::string text = reason->value_or("");
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::dismiss_mention, *ctx.who, *id, text, now);
    co_return answer(ctx, result);
}

// {"text", "dry_run"?}: an officer's own words.
app::outcome<app::own_words> own_words_of(const json::object& body) {
    app::own_words words;
    for (const auto& [key, value] : body) {
        if (key == "dry_run") {
            if (!value.is_bool()) {
                return app::invalid("dry_run", "dry_run must be true or false");
            }
            words.dry_run = value.as_bool();
        } else if (key != "text") {
            return app::invalid(std::string(key), std::string(key) + " is not a field of a reply");
        }
    }
    auto text = text_of(body, "text");
    if (!text) {
        return text.error();
    }
    words.text = text->value_or("");
    return words;
}

// The replies as they go out (or would, on a dry run); the first one's text and length at the top.
response_t own_words_answer(context& ctx, const app::own_words& words,
                            const app::outcome<std::vector<app::reply_record>>& result) {
    if (!result) {
        return problem_response(ctx.req, result.error());
    }
    json::array replies;
    for (const auto& r : *result) {
        replies.push_back(reply_json(r));
    }
    const std::string text = result->empty() ? std::string() : result->front().body;
    json::object out{{"dry_run", words.dry_run},
                     {"text", text},
                     {"length", domain::code_points(text)},
                     {"replies", std::move(replies)}};
    if (!words.dry_run && ctx.svc.social->wake) {
        ctx.svc.social->wake();
    }
    return json_response(ctx.req, words.dry_run ? http::status::ok : http::status::created, out);
}

json::object approval_json(const app::approval_record& a) {
    json::object o{{"id", a.id},
                   {"state", app::to_string(a.state)},
                   {"text", a.text},
                   {"author_id", a.author_id},
                   {"author", a.author_name},
                   {"job_reference", optional_text(a.job_reference)},
                   {"reason", optional_text(a.reason)},
                   {"created_at", domain::format_iso(a.created_at)}};
    o["mention_id"] = a.mention_id ? json::value(*a.mention_id) : json::value(nullptr);
    o["decided_by"] = a.decided_by ? json::value(*a.decided_by) : json::value(nullptr);
    o["decided_at"] = a.decided_at ? json::value(domain::format_iso(*a.decided_at)) : json::value(nullptr);
    return o;
}

// With [social] require_approval, an officer's words (not a preview) wait for a second officer.
bool waits_for_approval(const context& ctx, const app::own_words& words) {
    return ctx.svc.social->policy.require_approval && !words.dry_run;
}

// 202: the words wait in the approval queue.
response_t approval_answer(context& ctx, const app::outcome<app::approval_record>& result) {
    if (!result) {
        return problem_response(ctx.req, result.error());
    }
    return json_response(ctx.req, http::status::accepted, json::object{{"approval", approval_json(*result)}});
}

using replies_outcome = app::outcome<std::vector<app::reply_record>>;
// A use case that says an officer's words about the mention or reply with an id.
using own_words_case = replies_outcome (*)(app::unit_of_work&, const domain::actor&, app::id_t,
                                           const app::own_words&, const app::social_policy&, domain::instant);

replies_outcome rewrite_as_list(app::unit_of_work& uow, const domain::actor& who, app::id_t reply_id,
                                const app::own_words& words, const app::social_policy& policy,
                                domain::instant now) {
    auto rewritten = app::rewrite_reply(uow, who, reply_id, words, policy, now);
    if (!rewritten) {
        return rewritten.error();
    }
    return std::vector<app::reply_record>{std::move(*rewritten)};
}

// POST .../{id}/... {"text", "dry_run"?}: parses, runs `use_case` on the writer, answers with the replies.
net::awaitable<response_t> say_own_words(context& ctx, own_words_case use_case) {
    std::optional<app::id_t> id;
    json::object body;
    if (auto refused = read_mention_post(ctx, id, body)) {
        co_return std::move(*refused);
    }
    const auto words = own_words_of(body);
    if (!words) {
        co_return problem_response(ctx.req, words.error());
    }
    const domain::instant now = ctx.svc.clock.now();
    if (use_case == app::reply_to_mention && waits_for_approval(ctx, *words)) {
        co_return approval_answer(ctx,
                                  co_await http::write(ctx.svc.writes, app::ask_approval, *ctx.who, id,
                                                       std::string(), *words, ctx.svc.social->policy, now));
    }
    const auto result =
        co_await http::write(ctx.svc.writes, use_case, *ctx.who, *id, *words, ctx.svc.social->policy, now);
    co_return own_words_answer(ctx, *words, result);
}

net::awaitable<response_t> reply_to_mention(context& ctx) {
    co_return co_await say_own_words(ctx, app::reply_to_mention);
}

net::awaitable<response_t> rewrite_reply(context& ctx) {
    co_return co_await say_own_words(ctx, rewrite_as_list);
}

net::awaitable<response_t> reply_about_job(context& ctx) {
    json::object body;
    if (auto refused = read_social_post(ctx, body)) {
        co_return std::move(*refused);
    }
    const auto words = own_words_of(body);
    if (!words) {
        co_return problem_response(ctx.req, words.error());
    }
    const std::string reference = ctx.params.at(0);
    const domain::instant now = ctx.svc.clock.now();
    if (waits_for_approval(ctx, *words)) {
        co_return approval_answer(ctx, co_await http::write(ctx.svc.writes, app::ask_approval, *ctx.who,
                                                            std::optional<app::id_t>(), reference, *words,
                                                            ctx.svc.social->policy, now));
    }
    const auto result = co_await http::write(ctx.svc.writes, app::reply_about_job, *ctx.who, reference,
                                             *words, ctx.svc.social->policy, now);
    co_return own_words_answer(ctx, *words, result);
}

json::object checklist_json(const app::checklist_status& s) {
    json::array items;
    if (s.current) {
        for (const auto& item : s.current->items) {
            items.push_back(json::value(item));
        }
    }
    json::object o{{"items", std::move(items)}, {"cleared", !s.current || s.completed_at.has_value()}};
    o["version"] = s.current ? json::value(s.current->version) : json::value(nullptr);
    o["completed_at"] =
        s.completed_at ? json::value(domain::format_iso(*s.completed_at)) : json::value(nullptr);
    return o;
}

response_t checklist_answer(context& ctx, http::status status) {
    auto found = app::read_checklist(ctx.svc.social->reads, *ctx.who);
    if (!found) {
        return problem_response(ctx.req, found.error());
    }
    return json_response(ctx.req, status, checklist_json(*found));
}

net::awaitable<response_t> get_checklist(context& ctx) {
    if (auto off = social_off(ctx)) {
        co_return std::move(*off);
    }
    co_return checklist_answer(ctx, http::status::ok);
}

net::awaitable<response_t> put_checklist(context& ctx) {
    json::object body;
    if (auto refused = read_social_post(ctx, body)) {
        co_return std::move(*refused);
    }
    const auto* items = body.if_contains("items");
    std::vector<std::string> list;
    if (items == nullptr || !items->is_array()) {
        co_return problem_response(ctx.req, app::invalid("items", "items must be an array of texts"));
    }
    for (const auto& item : items->as_array()) {
        if (!item.is_string()) {
            co_return problem_response(ctx.req, app::invalid("items", "items must be an array of texts"));
        }
        list.emplace_back(item.as_string());
    }
    const auto result =
        co_await http::write(ctx.svc.writes, app::set_checklist, *ctx.who, list, ctx.svc.clock.now());
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    co_return checklist_answer(ctx, http::status::ok);
}

net::awaitable<response_t> complete_checklist(context& ctx) {
    json::object body;
    if (auto refused = read_social_post(ctx, body)) {
        co_return std::move(*refused);
    }
    const auto* version = body.if_contains("version");
    if (version == nullptr || !version->is_int64()) {
        co_return problem_response(
            ctx.req, app::invalid("version", "version is required: the checklist version completed"));
    }
    const auto result = co_await http::write(ctx.svc.writes, app::complete_checklist, *ctx.who,
                                             static_cast<int>(version->as_int64()), ctx.svc.clock.now());
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    co_return checklist_answer(ctx, http::status::created);
}

net::awaitable<response_t> list_approvals(context& ctx) {
    if (auto off = social_off(ctx)) {
        co_return std::move(*off);
    }
    const auto listed =
        app::list_approvals(ctx.svc.social->reads, *ctx.who, query_param(ctx.url, "state").value_or(""));
    if (!listed) {
        co_return problem_response(ctx.req, listed.error());
    }
    json::array items;
    for (const auto& a : *listed) {
        items.push_back(approval_json(a));
    }
    co_return json_response(ctx.req, http::status::ok, json::object{{"items", std::move(items)}});
}

net::awaitable<response_t> approve_words(context& ctx) {
    std::optional<app::id_t> id;
    json::object body;
    if (auto refused = read_mention_post(ctx, id, body)) {
        co_return std::move(*refused);
    }
    const auto result = co_await http::write(ctx.svc.writes, app::approve_words, *ctx.who, *id,
                                             ctx.svc.social->policy, ctx.svc.clock.now());
    co_return own_words_answer(ctx, app::own_words{}, result);
}

net::awaitable<response_t> reject_words(context& ctx) {
    std::optional<app::id_t> id;
    json::object body;
    if (auto refused = read_mention_post(ctx, id, body)) {
        co_return std::move(*refused);
    }
    auto reason = text_of(body, "reason");
    if (!reason) {
        co_return problem_response(ctx.req, reason.error());
    }
    const auto result = co_await http::write(ctx.svc.writes, app::reject_words, *ctx.who, *id,
                                             reason->value_or(""), ctx.svc.clock.now());
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    co_return json_response(ctx.req, http::status::ok, approval_json(*result));
}

// A dead reply put back in the queue once.
net::awaitable<response_t> retry_reply(context& ctx) {
    std::optional<app::id_t> id;
    json::object body;
    if (auto refused = read_mention_post(ctx, id, body)) {
        co_return std::move(*refused);
    }
    const auto result =
        co_await http::write(ctx.svc.writes, app::retry_reply, *ctx.who, *id, ctx.svc.clock.now());
    if (!result) {
        co_return problem_response(ctx.req, result.error());
    }
    if (ctx.svc.social->wake) {
        ctx.svc.social->wake();
    }
    co_return json_response(ctx.req, http::status::ok, reply_json(*result));
}

// What needs a network (replies, officers' own words, the risk checklist, approvals) is not there without
// one; the inbox is (it holds Open311's reports that matched no home).
template <http::handler Run> net::awaitable<response_t> on_network(context& ctx) {
    if (ctx.svc.social == nullptr || !ctx.svc.social->has_network()) {
        co_return error_for(ctx.req, http::status::not_found, "not_found",
                            "no social network is configured on this server ([social.mastodon] base_url or "
                            "[social.bluesky] service_url)");
    }
    co_return co_await Run(ctx);
}

} // namespace

void add_social_routes(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/api/v1/social/mentions", access::bearer, list_mentions});
    table.add({v::get, "/api/v1/social/mentions/{id}", access::bearer, get_mention});
    table.add({v::post, "/api/v1/social/mentions/{id}/link", access::bearer, link_mention});
    table.add({v::post, "/api/v1/social/mentions/{id}/convert", access::bearer, convert_mention});
    table.add({v::post, "/api/v1/social/mentions/{id}/dismiss", access::bearer, dismiss_mention});
    table.add(
        {v::post, "/api/v1/social/mentions/{id}/replies", access::bearer, on_network<reply_to_mention>});
    table.add(
        {v::post, "/api/v1/requests/{ref}/public-replies", access::bearer, on_network<reply_about_job>});
    table.add({v::post, "/api/v1/social/replies/{id}/rewrite", access::bearer, on_network<rewrite_reply>});
    table.add({v::post, "/api/v1/social/replies/{id}/retry", access::bearer, on_network<retry_reply>});
    table.add({v::get, "/api/v1/requests/{ref}/social-updates", access::bearer, job_updates});
    table.add({v::get, "/api/v1/social/checklist", access::bearer, on_network<get_checklist>});
    table.add({v::put, "/api/v1/social/checklist", access::bearer, on_network<put_checklist>});
    table.add(
        {v::post, "/api/v1/social/checklist/completions", access::bearer, on_network<complete_checklist>});
    table.add({v::get, "/api/v1/social/approvals", access::bearer, on_network<list_approvals>});
    table.add({v::post, "/api/v1/social/approvals/{id}/approve", access::bearer, on_network<approve_words>});
    table.add({v::post, "/api/v1/social/approvals/{id}/reject", access::bearer, on_network<reject_words>});
}

} // namespace mend::api
