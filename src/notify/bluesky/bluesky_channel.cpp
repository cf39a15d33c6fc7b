#include "notify/bluesky/bluesky_channel.hpp"

#include "domain/text.hpp"
#include "notify/crypto.hpp"
#include "notify/registry.hpp"
#include "notify/social/social_post.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdint>

namespace mend::notify {

namespace json = boost::json;
using app::attempt_outcome;

namespace {

constexpr std::size_t page_size = 100; // listNotifications' maximum
constexpr int max_pages = 10;          // read back at most this far for the notifications after a cursor
constexpr std::string_view post_collection = "app.bsky.feed.post";

std::string text_field(const json::object& o, std::string_view key) {
    if (const auto* v = o.if_contains(key); v != nullptr && v->is_string()) {
        return std::string(v->as_string());
    }
    return {};
}

const json::object* object_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

std::string encoded(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

// The last path segment of an at:// URI: the record key.
std::string record_key_of(std::string_view uri) {
    const auto slash = uri.rfind('/');
    return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

bool word_start(std::string_view text, std::size_t at) {
    return at == 0 || text[at - 1] == ' ' || text[at - 1] == '\n' || text[at - 1] == '(';
}

json::object facet(std::size_t start, std::size_t end, json::object feature) {
    return {{"index", {{"byteStart", start}, {"byteEnd", end}}},
            {"features", json::array{std::move(feature)}}};
}

// A session's refusal of our token: 401, or a 400 whose error is ExpiredToken.
bool token_refused(const http_reply& reply) {
    if (reply.status == 401) {
        return true;
    }
    return reply.status == 400 && error_text(reply).find(": ExpiredToken") != std::string::npos;
}

std::optional<json::object> object_of(const http_reply& reply) {
    boost::system::error_code ec;
    auto v = json::parse(reply.body, ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    return std::move(v.as_object());
}

// What is refused before anything is sent: the recipient's name, a link meant for the resident alone (there
// are no direct messages), a text over 300 graphemes.
std::optional<app::attempt_result> refused_before_posting(const app::outgoing_notice& n,
                                                          const std::string& text,
                                                          const std::string& visibility) {
    if (auto refused = privacy_refusal(n, text)) {
        return refused;
    }
    if (visibility == "direct" && text.find("://") != std::string::npos) {
        return app::attempt_result{
            attempt_outcome::permanent_failure, std::nullopt, "",
            "Bluesky has no direct messages: a text with a link meant for the resident alone is not posted "
            "in public",
            false};
    }
    if (const auto length = domain::graphemes(text); length > bluesky_max_graphemes) {
        return app::attempt_result{attempt_outcome::permanent_failure, std::nullopt, "",
                                   "the text is " + std::to_string(length) + " graphemes; Bluesky allows 300",
                                   false};
    }
    return std::nullopt;
}

// The reply refs of a post answering `parent` (a post view of getPosts): the parent itself, and the root of
// its thread (the parent's own root when it is a reply, else the parent).
json::object reply_refs(const json::object& parent) {
    const json::object parent_ref{{"uri", text_field(parent, "uri")}, {"cid", text_field(parent, "cid")}};
    json::object root_ref = parent_ref;
    if (const auto* own = object_field(parent, "record")) {
        if (const auto* reply = object_field(*own, "reply")) {
            if (const auto* root = object_field(*reply, "root")) {
                root_ref = *root;
            }
        }
    }
    return {{"root", std::move(root_ref)}, {"parent", parent_ref}};
}

} // namespace

json::array bluesky_facets(std::string_view text, std::string_view handle, std::string_view did) {
    json::array out;
    if (!did.empty() && !handle.empty()) {
        for (auto at = text.find(handle); at != std::string_view::npos; at = text.find(handle, at + 1)) {
            const auto end = at + handle.size();
            if (word_start(text, at) && (end == text.size() || text[end] == ' ' || text[end] == '\n')) {
                out.emplace_back(
                    facet(at, end, {{"$type", "app.bsky.richtext.facet#mention"}, {"did", did}}));
                break;
            }
        }
    }
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (!word_start(text, at) || (text.substr(at, 7) != "http://" && text.substr(at, 8) != "https://")) {
            continue;
        }
        auto end = std::min(text.find_first_of(" \n", at), text.size());
        // A sentence's full stop or a closing bracket after a link is not part of it.
        while (end > at && std::string_view(".,;:!?)").find(text[end - 1]) != std::string_view::npos) {
            --end;
        }
        out.emplace_back(facet(
            at, end,
            {{"$type", "app.bsky.richtext.facet#link"}, {"uri", std::string(text.substr(at, end - at))}}));
        at = end;
    }
    return out;
}

std::string bluesky_record_key(std::string_view idempotency_key) {
    const std::string hash = hmac_sha256("mend bluesky record key", idempotency_key);
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        bits = (bits << 8U) | static_cast<unsigned char>(hash[i]);
    }
    constexpr std::uint64_t since_2023_us = 1'672'531'200'000'000ULL;
    constexpr std::uint64_t spread_us = std::uint64_t{1} << 40U; // about 12.7 days
    const std::uint64_t micros = since_2023_us + ((bits >> 10U) % spread_us);
    const std::uint64_t tid = ((micros << 10U) | (bits & 0x3FFU)) & ~(std::uint64_t{1} << 63U);
    constexpr std::string_view alphabet = "234567abcdefghijklmnopqrstuvwxyz";
    std::string out(13, '2');
    for (std::size_t i = 0; i < 13; ++i) {
        out[12 - i] = alphabet[(tid >> (5U * i)) & 0x1FU];
    }
    return out;
}

std::string bluesky_cursor_of(const json::object& notification) {
    return text_field(notification, "indexedAt") + " " + text_field(notification, "uri");
}

std::optional<app::mention> bluesky_mention_of(const json::object& notification) {
    const std::string reason = text_field(notification, "reason");
    const auto* record = object_field(notification, "record");
    const auto* author = object_field(notification, "author");
    if ((reason != "mention" && reason != "reply") || record == nullptr || author == nullptr) {
        return std::nullopt;
    }
    app::mention m;
    m.notification_id = bluesky_cursor_of(notification);
    m.status_id = text_field(notification, "uri");
    m.author = text_field(*author, "handle");
    m.author_url = "https://bsky.app/profile/" + m.author;
    m.status_url = m.author_url + "/post/" + record_key_of(m.status_id);
    m.text = text_field(*record, "text");
    m.posted_at = domain::parse_iso(text_field(*record, "createdAt")).value_or(domain::instant{});
    if (const auto* reply = object_field(*record, "reply")) {
        if (const auto* parent = object_field(*reply, "parent")) {
            m.in_reply_to = text_field(*parent, "uri");
        }
    }
    if (m.status_id.empty() || m.author.empty()) {
        return std::nullopt;
    }
    return m;
}

bluesky_client::bluesky_client(bluesky_settings s, const app::clock& clock)
    : settings_(std::move(s))
    , clock_(clock)
    , http_(settings_.timeout_ms, "") {
    while (!settings_.service_url.empty() && settings_.service_url.back() == '/') {
        settings_.service_url.pop_back();
    }
}

bluesky_client::session bluesky_client::current() const {
    std::lock_guard lock(mutex_);
    return session_;
}

http_reply bluesky_client::send(const std::string& nsid, const std::string& query,
                                const std::optional<std::string>& body, const std::string& token) {
    std::vector<std::string> headers{"User-Agent: mend/" MEND_VERSION, "Accept: application/json"};
    if (!token.empty()) {
        headers.push_back("Authorization: Bearer " + token);
    }
    std::string url = settings_.service_url + "/xrpc/" + nsid;
    if (!query.empty()) {
        url += "?" + query;
    }
    if (!body) {
        return http_.request("GET", url, headers, "");
    }
    headers.emplace_back("Content-Type: application/json");
    return http_.request("POST", url, headers, *body);
}

std::optional<http_reply> bluesky_client::open_session(bool refresh) {
    const auto keep = [this](const http_reply& reply) {
        const auto o = object_of(reply);
        if (!o) {
            return false;
        }
        std::lock_guard lock(mutex_);
        session_ = {text_field(*o, "accessJwt"), text_field(*o, "refreshJwt"), text_field(*o, "did")};
        return !session_.access.empty() && !session_.did.empty();
    };
    if (const auto old = current(); refresh && !old.refresh.empty()) {
        const auto reply = send("com.atproto.server.refreshSession", "", std::string(), old.refresh);
        if (reply.status == 200 && keep(reply)) {
            return std::nullopt;
        }
        if (is_outage(reply)) {
            return reply;
        }
    }
    const json::object login{{"identifier", settings_.identifier}, {"password", settings_.app_password}};
    auto reply = send("com.atproto.server.createSession", "", json::serialize(login), "");
    if (reply.status == 200 && keep(reply)) {
        return std::nullopt;
    }
    if (reply.status == 200) {
        reply.status = 502; // a session without a token or a DID: the service is not well
        reply.body = R"({"error":"InvalidSession","message":"createSession gave no accessJwt or did"})";
    }
    return reply;
}

http_reply bluesky_client::call(const std::string& nsid, const std::string& query,
                                const std::optional<std::string>& body) {
    if (current().access.empty()) {
        if (auto refused = open_session(false)) {
            return *refused;
        }
    }
    auto reply = send(nsid, query, body, current().access);
    if (!token_refused(reply)) {
        return reply;
    }
    if (auto refused = open_session(true)) {
        return *refused;
    }
    return send(nsid, query, body, current().access);
}

std::optional<json::object> bluesky_client::post_at(const std::string& uri,
                                                    std::optional<app::attempt_result>& refused) {
    const auto reply = call("app.bsky.feed.getPosts", "uris=" + encoded(uri), std::nullopt);
    if (reply.status != 200) {
        refused = post_refused(reply, rate_limit_wait(reply, clock_.now()));
        return std::nullopt;
    }
    const auto o = object_of(reply);
    const auto* posts = o ? o->if_contains("posts") : nullptr;
    if (posts != nullptr && posts->is_array() && !posts->as_array().empty() &&
        posts->as_array().front().is_object()) {
        return posts->as_array().front().as_object();
    }
    refused = app::attempt_result{attempt_outcome::permanent_failure, std::nullopt, "",
                                  "the post answered (" + uri + ") is not there any more", false};
    return std::nullopt;
}

std::optional<std::string> bluesky_client::did_of(const std::string& handle,
                                                  std::optional<app::attempt_result>& refused) {
    const auto reply = call("com.atproto.identity.resolveHandle", "handle=" + encoded(handle), std::nullopt);
    const auto o = reply.status == 200 ? object_of(reply) : std::nullopt;
    if (o && !text_field(*o, "did").empty()) {
        return text_field(*o, "did");
    }
    refused = post_refused(reply, rate_limit_wait(reply, clock_.now()));
    return std::nullopt;
}

app::attempt_result bluesky_client::post(const app::outgoing_notice& n) {
    const std::string text = addressed_text(n);
    const auto params = params_of(n);
    if (auto refused = refused_before_posting(n, text, params.visibility)) {
        return *refused;
    }
    const std::string rkey = bluesky_record_key(n.idempotency_key);
    if (n.maybe_sent_before) {
        if (auto landed = posted_before(rkey)) {
            return *landed;
        }
    }
    json::object record{
        {"$type", post_collection}, {"text", text}, {"createdAt", domain::format_iso(clock_.now())}};
    std::optional<app::attempt_result> refused;
    const auto did = addressee(n.address, params.in_reply_to, record, refused);
    if (refused) {
        return *refused;
    }
    if (auto facets = bluesky_facets(text, n.address, did); !facets.empty()) {
        record["facets"] = std::move(facets);
    }
    return create(std::move(record), rkey);
}

std::string bluesky_client::addressee(const std::string& address, const std::string& in_reply_to,
                                      json::object& record, std::optional<app::attempt_result>& refused) {
    const std::string handle = address.empty() || address[0] != '@' ? address : address.substr(1);
    if (!in_reply_to.empty()) {
        const auto parent = post_at(in_reply_to, refused);
        if (!parent) {
            return {};
        }
        record["reply"] = reply_refs(*parent);
        if (const auto* author = object_field(*parent, "author");
            author != nullptr && text_field(*author, "handle") == handle) {
            return text_field(*author, "did");
        }
    }
    if (handle.empty()) {
        return {};
    }
    return did_of(handle, refused).value_or("");
}

app::attempt_result bluesky_client::create(json::object record, const std::string& rkey) {
    // The session's DID is known once a call has been made (getPosts or resolveHandle, else now).
    if (current().did.empty()) {
        if (auto failed = open_session(false)) {
            return post_refused(*failed, rate_limit_wait(*failed, clock_.now()));
        }
    }
    const json::object body{{"repo", current().did},
                            {"collection", post_collection},
                            {"rkey", rkey},
                            {"record", std::move(record)}};
    const auto reply = call("com.atproto.repo.createRecord", "", json::serialize(body));
    const auto wait = rate_limit_wait(reply, clock_.now());
    if (reply.status == 200) {
        const auto o = object_of(reply);
        // The post landed; a wait asked for now is for the next one (the channel rests until then).
        return {attempt_outcome::delivered, wait, o ? text_field(*o, "uri") : "", "", false};
    }
    if (reply.status == 400) {
        // Refused: perhaps because an attempt we never heard back from made the record already.
        if (auto landed = posted_before(rkey)) {
            return *landed;
        }
    }
    return post_refused(reply, wait);
}

std::optional<app::attempt_result> bluesky_client::posted_before(const std::string& rkey) {
    const auto who = current().did;
    const std::string query = "repo=" + encoded(who.empty() ? settings_.identifier : who) +
                              "&collection=" + std::string(post_collection) + "&rkey=" + rkey;
    const auto found = call("com.atproto.repo.getRecord", query, std::nullopt);
    if (found.status != 200) {
        return std::nullopt;
    }
    const auto o = object_of(found);
    return app::attempt_result{attempt_outcome::delivered, std::nullopt, o ? text_field(*o, "uri") : "", "",
                               false};
}

std::optional<json::object> bluesky_client::read_notifications(const std::string& page_cursor,
                                                               std::size_t limit, app::feed_page& page) {
    std::string query = "reasons=mention&reasons=reply&limit=" + std::to_string(limit);
    if (!page_cursor.empty()) {
        query += "&cursor=" + encoded(page_cursor);
    }
    const auto reply = call("app.bsky.notification.listNotifications", query, std::nullopt);
    page.retry_after = rate_limit_wait(reply, clock_.now());
    if (reply.status != 200) {
        page.error = error_text(reply);
        page.result = read_refused(reply);
        return std::nullopt;
    }
    auto o = object_of(reply);
    const auto* list = o ? o->if_contains("notifications") : nullptr;
    if (list == nullptr || !list->is_array()) {
        page.result = app::feed_page::status::retry_later;
        page.error = "listNotifications gave no notifications array";
        return std::nullopt;
    }
    return o;
}

app::feed_page bluesky_client::newest_mention() {
    app::feed_page page;
    const auto o = read_notifications("", 1, page);
    if (!o) {
        return page;
    }
    page.next_cursor.assign(1, '0'); // "0": none yet (assigning the literal upsets g++ 12's -Wrestrict)
    for (const auto& item : o->at("notifications").as_array()) {
        if (item.is_object()) {
            page.next_cursor = std::max(page.next_cursor, bluesky_cursor_of(item.as_object()));
        }
    }
    return page;
}

app::feed_page bluesky_client::mentions_after(const std::string& cursor) {
    // Notifications come newest first, and a cursor reads older ones: read back until the cursor, then take
    // the oldest page of what is newer.
    app::feed_page page;
    std::vector<json::object> newer;
    std::string page_cursor;
    for (int i = 0; i < max_pages; ++i) {
        const auto o = read_notifications(page_cursor, page_size, page);
        if (!o) {
            return page;
        }
        bool reached = false;
        for (const auto& item : o->at("notifications").as_array()) {
            if (!item.is_object()) {
                continue;
            }
            if (bluesky_cursor_of(item.as_object()) <= cursor) {
                reached = true;
                break;
            }
            newer.push_back(item.as_object());
        }
        page_cursor = text_field(*o, "cursor");
        if (reached || page_cursor.empty() || o->at("notifications").as_array().empty() || page.retry_after) {
            break;
        }
    }
    std::sort(newer.begin(), newer.end(), [](const json::object& a, const json::object& b) {
        return bluesky_cursor_of(a) < bluesky_cursor_of(b);
    });
    if (newer.size() > page_size) {
        newer.resize(page_size);
    }
    for (const auto& item : newer) {
        if (auto m = bluesky_mention_of(item)) {
            page.items.push_back(std::move(*m));
        }
        page.next_cursor = bluesky_cursor_of(item);
    }
    return page;
}

app::channel_limits bluesky_channel::limits() const {
    // The outbox fits texts in code points; a grapheme is one or more of them, so a text fitted to 300 is
    // never over Bluesky's 300 graphemes.
    return {bluesky_max_graphemes, app::length_unit::characters, client_->settings().per_second, true};
}

void add_bluesky_channel(channel_set& set, const bluesky_settings& s, const app::clock& clock) {
    if (s.enabled) {
        set.add(std::make_unique<bluesky_channel>(std::make_shared<bluesky_client>(s, clock)));
    }
}

} // namespace mend::notify
