// Pages for housing officers and admins that work through what came in or must go out by hand: the letter
// print queue and the social inbox. Each page answers 404 when its service is off.
#include "app/notices/health.hpp"
#include "app/notices/notices.hpp"
#include "app/social.hpp"
#include "domain/phone.hpp"
#include "http/offload.hpp"
#include "pages/pages.hpp"

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>

namespace mend::pages {

namespace net = boost::asio;

namespace {

// Tabs as a list of links; the current one carries aria-current.
mlist tabs(const std::string& base, const std::vector<std::pair<std::string, std::string>>& all,
           const std::string& current) {
    mlist out;
    for (const auto& [value, text] : all) {
        mdata t;
        std::string href = base;
        href.append("?state=").append(value);
        t.set("href", href);
        t.set("text", text);
        t.set("current", value == current);
        out.push_back(t);
    }
    return out;
}

// --- Letters to post ---

net::awaitable<response_t> letters(context& ctx) {
    if (!staff(ctx) || ctx.svc.notices == nullptr) {
        co_return not_found_page(ctx);
    }
    std::string state = query_value(ctx, "state");
    if (state != "posted") {
        state = "queued";
    }
    app::notice_query q;
    q.state = state == "queued" ? "sent" : "delivered";
    q.channel = "letter";
    const auto cursor = query_value(ctx, "cursor");
    if (!cursor.empty()) {
        q.cursor = cursor;
    }
    auto listed = app::list_notices(ctx.svc.notices->reads, *ctx.who, q);
    mdata body = page_data(ctx);
    body.set("tabs", tabs("/letters", {{"queued", "To post"}, {"posted", "Posted"}}, state));
    body.set("queued", state == "queued");
    mlist rows;
    if (listed) {
        for (const auto& n : listed->items) {
            mdata row;
            row.set("id", std::to_string(n.id));
            row.set("reference", n.reference);
            row.set("recipient", n.recipient_name);
            row.set("created", domain::uk_date_time_words(n.created_at));
            row.set("posted", domain::uk_date_time_words(n.updated_at));
            rows.push_back(row);
        }
        if (listed->next_cursor) {
            body.set("next", "/letters?state=" + state + "&cursor=" + *listed->next_cursor);
        }
    }
    body.set("table_rows", rows);
    body.set("has_table_rows", !rows.empty());
    const auto posted = query_value(ctx, "posted");
    if (!posted.empty() && parse_id(posted)) {
        body.set("done", "Letter " + posted + " marked as posted.");
    }
    co_return page(ctx, http::status::ok, state == "queued" ? "Letters to post" : "Posted letters", "letters",
                   body);
}

// The letter laid out for print, as the API gives it.
net::awaitable<response_t> letter(context& ctx) {
    if (!staff(ctx) || ctx.svc.notices == nullptr) {
        co_return not_found_page(ctx);
    }
    const auto id = parse_id(ctx.params.at(0));
    if (!id) {
        co_return not_found_page(ctx);
    }
    auto found = app::notice_detail(ctx.svc.notices->reads, *ctx.who, *id);
    if (!found || found->first.channel != "letter") {
        co_return not_found_page(ctx);
    }
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.keep_alive(ctx.req.keep_alive());
    res.body() = ctx.svc.notices->print ? ctx.svc.notices->print(found->first) : found->first.body;
    res.prepare_payload();
    co_return res;
}

net::awaitable<response_t> letter_posted(context& ctx) {
    if (!staff(ctx) || ctx.svc.notices == nullptr) {
        co_return not_found_page(ctx);
    }
    const auto id = parse_id(ctx.params.at(0));
    if (!id) {
        co_return not_found_page(ctx);
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::mark_letter_posted, *ctx.who, *id, now);
    if (!result) {
        if (result.error().code == app::errc::not_found) {
            co_return not_found_page(ctx);
        }
        co_return message_page(ctx, http::status::conflict, "This letter cannot be marked as posted",
                               result.error().message);
    }
    co_return redirect(ctx, "/letters?posted=" + std::to_string(*id));
}

// --- Social inbox ---

// What an officer typed into one mention's forms, kept when the page comes back with errors.
struct mention_input {
    app::id_t id = 0;
    std::string reference, uprn, category, description, reason, hazard;
};

std::string flag_label(const std::string& flag) {
    if (flag == "possible_hazard") {
        return "Possible hazard";
    }
    if (flag == "urgent_safety") {
        return "Urgent safety";
    }
    if (flag == "abusive") {
        return "Abusive";
    }
    return flag;
}

bool possible_hazard(const app::mention_record& m) {
    return std::find(m.flags.begin(), m.flags.end(), "possible_hazard") != m.flags.end();
}

// What became of a reply, in words, with the reason when it is stuck.
std::string reply_state_words(const app::reply_record& r) {
    switch (r.state) {
    case app::reply_state::sent:
        return "Posted";
    case app::reply_state::failed:
        return r.attempts == 0 ? "Refused before posting" : "Failed";
    case app::reply_state::dead:
        return "Given up";
    case app::reply_state::pending:
        return r.attempts > 0 || !r.last_error.empty() ? "Waiting to retry" : "Waiting to post";
    }
    return "";
}

mlist reply_rows(const std::vector<app::reply_record>& replies) {
    mlist out;
    for (const auto& r : replies) {
        mdata row;
        row.set("id", std::to_string(r.id));
        row.set("body", r.body);
        row.set("state", reply_state_words(r));
        row.set("stuck", r.state != app::reply_state::sent && r.state != app::reply_state::pending);
        set_text(row, "last_error", r.last_error);
        row.set("rewrite", r.state == app::reply_state::failed && r.attempts == 0);
        row.set("retry", r.state == app::reply_state::dead && !r.retried_at);
        set_text(row, "retried", r.retried_at ? domain::uk_date_time_words(*r.retried_at) : std::string());
        out.push_back(row);
    }
    return out;
}

mlist update_rows(const std::vector<app::social_update>& updates) {
    mlist out;
    for (const auto& u : updates) {
        mdata row;
        row.set("author", u.author);
        row.set("text", u.text);
        row.set("posted", domain::uk_date_time_words(u.posted_at));
        out.push_back(row);
    }
    return out;
}

std::string mention_state_of(const context& ctx) {
    const auto s = query_value(ctx, "state");
    return app::parse_mention_state(s) ? s : std::string("new");
}

// One mention with its three forms (link, convert, dismiss); the one the officer sent keeps what they typed,
// and opens where it has an error.
mdata mention_item(const app::mention_record& m, const mention_input& in, const form_errors& errors) {
    const bool mine = m.id == in.id;
    const std::string id = std::to_string(m.id);
    const auto keep = [mine](const std::string& v) {
        return mine ? v : std::string();
    };
    mdata item;
    item.set("id", id);
    item.set("author", m.post.author);
    item.set("text", m.post.text);
    item.set("posted", domain::uk_date_time_words(m.post.posted_at));
    // The inbox holds every unmatched report, whatever it came through.
    item.set("source",
             m.network == "open311" ? std::string("through Open311") : "on " + channel_name(m.network));
    item.set("reference", m.reference);
    set_text(item, "status_url", m.post.status_url);
    set_text(item, "job_reference", m.job_reference);
    set_text(item, "dismiss_reason", m.dismiss_reason);
    item.set("f_link", field("link-" + id + "-reference", "reference", "Job reference", keep(in.reference),
                             errors, "For example, R-K7QD-9XPT"));
    item.set("f_uprn", field("convert-" + id + "-uprn", "uprn", "UPRN of the home", keep(in.uprn), errors,
                             "Up to 12 digits"));
    auto cat = field("convert-" + id + "-category", "category", "Type of repair", "", errors);
    cat.set("blank", "Choose a type");
    cat.set("options", options(enum_options<domain::category>(), keep(in.category)));
    item.set("f_category", cat);
    item.set("f_description",
             field("convert-" + id + "-description", "description", "Description of the repair",
                   mine ? in.description : m.post.text, errors));
    item.set("f_reason", field("dismiss-" + id + "-reason", "reason", "Reason for dismissing",
                               keep(in.reason), errors, "For example, not about a repair"));
    item.set("open_link", !errors.of("link-" + id + "-reference").empty());
    item.set("open_convert", !errors.of("convert-" + id + "-uprn").empty() ||
                                 !errors.of("convert-" + id + "-category").empty() ||
                                 !errors.of("convert-" + id + "-description").empty());
    item.set("open_dismiss", !errors.of("dismiss-" + id + "-reason").empty());
    mlist flags;
    for (const auto& f : m.flags) {
        mdata tag;
        tag.set("label", flag_label(f));
        tag.set("hazard", f == "possible_hazard");
        flags.push_back(tag);
    }
    item.set("flags", flags);
    item.set("has_flags", !flags.empty());
    // A possible hazard is offered as a hazard job: the hazard comes pre-selected.
    auto hazard = field("convert-" + id + "-hazard", "hazard", "Hazard", "", errors);
    hazard.set("options", options(enum_options<domain::hazard>(),
                                  mine ? in.hazard : (possible_hazard(m) ? "significant" : "none")));
    item.set("f_hazard", hazard);
    item.set("hazard_offer", possible_hazard(m));
    return item;
}

// What the resident gave on the private intake page, with a search for their home.
mdata details_of(const app::intake_details& d) {
    mdata out;
    set_text(out, "name", d.name);
    out.set("address", d.address);
    out.set("postcode", d.postcode);
    set_text(out, "email", d.email);
    set_text(out, "phone", d.phone.empty() ? std::string() : domain::phone_words(d.phone));
    out.set("preferred", d.preferred == app::contact_channel::email ? "Email" : "Phone or text message");
    out.set("given", domain::uk_date_time_words(d.given_at));
    std::string search = "/intake?q=";
    for (const char ch : d.postcode) {
        search += ch == ' ' ? '+' : ch; // postcodes are letters, digits and one space
    }
    out.set("search", search);
    return out;
}

// The mentions `q` lists, each with its thread's replies, the resident's updates and the details they gave
// privately; the next page's link when there is one.
void add_mentions(context& ctx, const app::mention_query& q, const mention_input& in,
                  const form_errors& errors, mlist& items, mdata& body) {
    auto listed = app::list_mention_views(ctx.svc.social->reads, *ctx.who, q);
    if (!listed) {
        return;
    }
    for (const auto& v : listed->items) {
        auto item = mention_item(v.item, in, errors);
        item.set("replies", reply_rows(v.replies));
        item.set("updates", update_rows(v.updates));
        item.set("has_updates", !v.updates.empty());
        item.set("has_replies", !v.replies.empty());
        if (v.details) {
            item.set("details", details_of(*v.details));
        }
        items.push_back(item);
    }
    if (listed->next_cursor) {
        body.set("next", "/social?state=" + q.state.value_or("new") + "&cursor=" + *listed->next_cursor);
    }
}

// How one network is doing.
mdata channel_state(const context& ctx, const std::string& network) {
    mdata out;
    out.set("id", network);
    out.set("network", channel_name(network));
    // What an admin checks when the network refuses us: the key of its section that holds our credentials.
    const bool bluesky = network == "bluesky";
    out.set("credential", std::string(bluesky ? "app password" : "access token"));
    out.set("key", "social." + network + "." + (bluesky ? "app_password" : "access_token"));
    out.set("up", true);
    if (ctx.svc.notices == nullptr || ctx.svc.notices->health == nullptr) {
        return out;
    }
    for (const auto& c : ctx.svc.notices->health->conditions()) {
        if (c.channel != network || !c.address.empty()) {
            continue;
        }
        if (!c.up) {
            out.set("up", false);
            out.set("down", true);
            out.set("reason", c.reason);
            // 401 and 403: our credentials, which only an admin can mend; anything else mends itself.
            out.set("credentials", c.reason.rfind("HTTP 401", 0) == 0 || c.reason.rfind("HTTP 403", 0) == 0);
            set_text(out, "since", c.since ? domain::uk_date_time_words(*c.since) : std::string());
            set_text(out, "next_check",
                     c.next_probe ? domain::uk_date_time_words(*c.next_probe) : std::string());
        } else if (c.resting_until) {
            out.set("up", false);
            out.set("resting", true);
            out.set("until", domain::uk_date_time_words(*c.resting_until));
        }
    }
    return out;
}

// How each network is doing for mend: reading and posting, paused by the network's rate limit (until when),
// or down with the reason (our credentials refused, no answer) and when it is looked at again.
mlist channel_states(const context& ctx) {
    mlist out;
    for (const auto& network : ctx.svc.social->policy.networks) {
        out.push_back(channel_state(ctx, network.name));
    }
    return out;
}

response_t social_page(context& ctx, http::status status, const std::string& state, const mention_input& in,
                       const form_errors& errors) {
    mdata body = page_data(ctx);
    body.set(
        "tabs",
        tabs("/social",
             {{"new", "New"}, {"linked", "Linked"}, {"converted", "Converted"}, {"dismissed", "Dismissed"}},
             state));
    body.set("state", state);
    body.set("open", state == "new");
    const auto cursor = query_value(ctx, "cursor");
    mlist items;
    // Flagged items first (on the first page), then the others, oldest first.
    for (const char* flagged : {"true", "false"}) {
        app::mention_query q{state, std::string(flagged), std::nullopt, std::nullopt};
        if (!cursor.empty()) {
            if (std::string_view(flagged) == "true") {
                continue;
            }
            q.cursor = cursor;
        }
        add_mentions(ctx, q, in, errors, items, body);
    }
    body.set("mentions", items);
    body.set("has_mentions", !items.empty());
    const bool network = ctx.svc.social->has_network();
    body.set("has_network", network);
    if (network) {
        body.set("channel", channel_states(ctx));
    }
    const auto done = query_value(ctx, "done");
    if (done == "linked" || done == "converted" || done == "dismissed") {
        body.set("done", "Mention " + done + ".");
    } else if (done == "rewritten") {
        body.set("done", "The reply was rewritten and will be posted.");
    } else if (done == "retried") {
        body.set("done", "The reply will be tried again.");
    }
    return page(ctx, status, network ? "Social inbox" : "Inbox", "social", body, &errors);
}

// The inbox again, with one message next to one input of the form the officer sent.
response_t refuse_input(context& ctx, const mention_input& in, const std::string& form,
                        const std::string& input, const std::string& message) {
    form_errors errors;
    errors.add(form + "-" + std::to_string(in.id) + "-" + input, message);
    return social_page(ctx, http::status::unprocessable_entity, "new", in, errors);
}

net::awaitable<response_t> social(context& ctx) {
    if (!staff(ctx) || ctx.svc.social == nullptr) {
        co_return not_found_page(ctx);
    }
    co_return social_page(ctx, http::status::ok, mention_state_of(ctx), {}, {});
}

// The answer to one inbox action: back to the inbox, or the page again with the problem next to its field.
response_t inbox_answer(context& ctx, const app::outcome<app::mention_record>& result,
                        const mention_input& in, const std::string& form,
                        const std::vector<std::string>& fields, const char* done) {
    if (result) {
        if (ctx.svc.social->wake) {
            ctx.svc.social->wake(); // the reply in the thread goes out now rather than at the next look
        }
        return redirect(ctx, "/social?done=" + std::string(done));
    }
    const auto& p = result.error();
    if (p.code == app::errc::not_found && p.field.empty()) {
        return not_found_page(ctx);
    }
    const std::string at =
        std::find(fields.begin(), fields.end(), p.field) != fields.end() ? p.field : fields.front();
    return refuse_input(ctx, in, form, at, p.message);
}

// The mention a post is about, with what the officer typed; nothing when the inbox is off or the id is not
// one.
std::optional<mention_input> posted_mention(const context& ctx) {
    if (!staff(ctx) || ctx.svc.social == nullptr) {
        return std::nullopt;
    }
    const auto id = parse_id(ctx.params.at(0));
    if (!id) {
        return std::nullopt;
    }
    return mention_input{*id,
                         form_value(ctx.fields, "reference"),
                         form_value(ctx.fields, "uprn"),
                         form_value(ctx.fields, "category"),
                         form_value(ctx.fields, "description"),
                         form_value(ctx.fields, "reason"),
                         form_value(ctx.fields, "hazard")};
}

net::awaitable<response_t> link_mention(context& ctx) {
    const auto posted = posted_mention(ctx);
    if (!posted) {
        co_return not_found_page(ctx);
    }
    const mention_input& in = *posted;
    if (in.reference.empty()) {
        co_return refuse_input(ctx, in, "link", "reference", "Enter the job reference");
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::link_mention, *ctx.who, in.id, in.reference,
                                             ctx.svc.social->policy, now);
    co_return inbox_answer(ctx, result, in, "link", {"reference"}, "linked");
}

net::awaitable<response_t> convert_mention(context& ctx) {
    const auto posted = posted_mention(ctx);
    if (!posted) {
        co_return not_found_page(ctx);
    }
    const mention_input& in = *posted;
    const std::string prefix = "convert-" + std::to_string(in.id) + "-";
    form_errors errors;
    if (in.uprn.empty()) {
        errors.add(prefix + "uprn", "Enter the UPRN of the home");
    }
    if (in.category.empty()) {
        errors.add(prefix + "category", "Choose the type of repair");
    }
    if (in.description.empty()) {
        errors.add(prefix + "description", "Describe the repair");
    }
    if (!errors.empty()) {
        co_return social_page(ctx, http::status::unprocessable_entity, "new", in, errors);
    }
    app::convert_command cmd;
    cmd.uprn = in.uprn;
    cmd.category = in.category;
    cmd.description = in.description;
    if (!in.hazard.empty()) {
        cmd.hazard = in.hazard;
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::convert_mention, *ctx.who, in.id, cmd,
                                             ctx.svc.social->policy, now);
    co_return inbox_answer(ctx, result, in, "convert", {"uprn", "category", "description"}, "converted");
}

net::awaitable<response_t> dismiss_mention(context& ctx) {
    const auto posted = posted_mention(ctx);
    if (!posted) {
        co_return not_found_page(ctx);
    }
    const mention_input& in = *posted;
    if (in.reason.empty()) {
        co_return refuse_input(ctx, in, "dismiss", "reason", "Enter why you are dismissing this mention");
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result =
        co_await http::write(ctx.svc.writes, app::dismiss_mention, *ctx.who, in.id, in.reason, now);
    co_return inbox_answer(ctx, result, in, "dismiss", {"reason"}, "dismissed");
}

} // namespace

void add_inbox_pages(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/letters", access::session, letters});
    table.add({v::get, "/letters/{id}", access::session, letter});
    table.add({v::post, "/letters/{id}/posted", access::session, letter_posted});
    table.add({v::get, "/social", access::session, social});
    table.add({v::post, "/social/{id}/link", access::session, link_mention});
    table.add({v::post, "/social/{id}/convert", access::session, convert_mention});
    table.add({v::post, "/social/{id}/dismiss", access::session, dismiss_mention});
}

} // namespace mend::pages
