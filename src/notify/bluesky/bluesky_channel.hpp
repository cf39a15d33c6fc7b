// The bluesky channel: replies in a resident's thread and posts to a handle through the AT Protocol's XRPC
// API (com.atproto.repo.createRecord of app.bsky.feed.post records), and the mention feed the social poller
// reads (app.bsky.notification.listNotifications, reasons mention and reply). No direct messages: they are
// not part of the public API.
#pragma once

#include "app/notices/channel.hpp"
#include "app/social.hpp"
#include "notify/http_client.hpp"
#include "notify/settings.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mend::notify {

class channel_set;

// Bluesky's limit on a post's text, in graphemes (domain::graphemes counts them).
inline constexpr std::size_t bluesky_max_graphemes = 300;

// The richtext facets of `text`: each http(s) link (app.bsky.richtext.facet#link) and, when `did` is known,
// `handle` ("@name.example") where it first stands as a word (#mention), at byte offsets into the UTF-8.
boost::json::array bluesky_facets(std::string_view text, std::string_view handle, std::string_view did);

// A record key for a post, the same for every attempt with the same idempotency key: a TID (13 characters
// of base32-sortable) whose time is 2023-01-01 plus up to 12 days and whose bits come from the key's hash.
std::string bluesky_record_key(std::string_view idempotency_key);

// How the feed orders notifications: indexedAt, then the post's URI (listNotifications lists newest first).
std::string bluesky_cursor_of(const boost::json::object& notification);

// The mention a notification of reason "mention" or "reply" tells of; empty for any other or an incomplete
// one.
std::optional<app::mention> bluesky_mention_of(const boost::json::object& notification);

// One account on one AT Protocol service (its PDS), shared by the channel and the feed. Thread-safe.
//
// Session: com.atproto.server.createSession with the identifier and app password before the first call; a
// call refused for its token (401, or {"error": "ExpiredToken"}) refreshes the session with
// com.atproto.server.refreshSession (else creates a new one) and is made once more.
class bluesky_client {
public:
    // `clock` (for the rate limit's reset) is owned by main and outlives this.
    bluesky_client(bluesky_settings s, const app::clock& clock);

    app::attempt_result post(const app::outgoing_notice& n);
    app::feed_page mentions_after(const std::string& cursor);
    app::feed_page newest_mention();

    const bluesky_settings& settings() const { return settings_; }

private:
    struct session {
        std::string access;
        std::string refresh;
        std::string did;
    };

    // One XRPC call (GET with `query`, or POST of a JSON `body`) with the session's token.
    http_reply call(const std::string& nsid, const std::string& query,
                    const std::optional<std::string>& body);
    http_reply send(const std::string& nsid, const std::string& query, const std::optional<std::string>& body,
                    const std::string& token);
    // Opens a session (refreshing the current one first when `refresh`); the refusal when it could not.
    std::optional<http_reply> open_session(bool refresh);
    session current() const;
    // One page of notifications before `page_cursor` (the newest when empty), or its failure in `page`.
    std::optional<boost::json::object> read_notifications(const std::string& page_cursor, std::size_t limit,
                                                          app::feed_page& page);
    // The post at `uri` (app.bsky.feed.getPosts), or the refusal.
    std::optional<boost::json::object> post_at(const std::string& uri,
                                               std::optional<app::attempt_result>& refused);
    // The DID the mention of `address` ("@handle") names, and `record`'s reply refs when it answers
    // `in_reply_to`: the answered post's author when that is them, else the handle resolved. Empty with
    // `refused` set when a call failed; empty when there is nobody to mention.
    std::string addressee(const std::string& address, const std::string& in_reply_to,
                          boost::json::object& record, std::optional<app::attempt_result>& refused);
    // Makes the post (com.atproto.repo.createRecord) under record key `rkey`.
    app::attempt_result create(boost::json::object record, const std::string& rkey);
    // The post with record key `rkey` that an earlier attempt made (com.atproto.repo.getRecord), if there is
    // one.
    std::optional<app::attempt_result> posted_before(const std::string& rkey);
    // The DID of a handle (com.atproto.identity.resolveHandle), or the refusal.
    std::optional<std::string> did_of(const std::string& handle, std::optional<app::attempt_result>& refused);

    bluesky_settings settings_;
    const app::clock& clock_;
    http_client http_;
    mutable std::mutex mutex_; // guards session_
    session session_;
};

// Posts with a record key derived from the notice's key; a repeated attempt that may have landed looks the
// record up first (com.atproto.repo.getRecord), so one notice makes one post. 401 and 403 (after the session
// was renewed once) are configuration failures and no answer or a 5xx an outage (either pauses the channel);
// 429 waits for the RateLimit-Reset; 400 (a vanished thread, a text over 300 graphemes) is permanent.
class bluesky_channel final : public app::channel {
public:
    explicit bluesky_channel(std::shared_ptr<bluesky_client> client)
        : client_(std::move(client)) {}

    std::string_view name() const override { return "bluesky"; }
    app::channel_limits limits() const override;
    app::address_kind addressed_by() const override { return app::address_kind::handle; }
    app::attempt_result send(const app::outgoing_notice& n) override { return client_->post(n); }

private:
    std::shared_ptr<bluesky_client> client_;
};

class bluesky_feed final : public app::mention_feed {
public:
    explicit bluesky_feed(std::shared_ptr<bluesky_client> client)
        : client_(std::move(client)) {}

    std::string_view network() const override { return "bluesky"; }
    app::feed_page mentions_after(const std::string& cursor) override {
        return client_->mentions_after(cursor);
    }
    app::feed_page newest() override { return client_->newest_mention(); }
    void prepare() override {} // the limit is Bluesky's, not the server's

private:
    std::shared_ptr<bluesky_client> client_;
};

// The registry's one line: adds the bluesky channel when [social.bluesky] is configured. `clock` is owned by
// main and outlives the set.
void add_bluesky_channel(channel_set& set, const bluesky_settings& s, const app::clock& clock);

} // namespace mend::notify
