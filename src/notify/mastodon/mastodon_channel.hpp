// The mastodon channel: replies and direct messages through the Mastodon REST API, and the mention feed the
// social poller reads (GET /api/v1/notifications?types[]=mention).
#pragma once

#include "app/notices/channel.hpp"
#include "app/social.hpp"
#include "notify/http_client.hpp"
#include "notify/settings.hpp"

#include <boost/json/array.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mend::notify {

class channel_set;

// How Mastodon counts a status: code points, except that every URL counts as `url_length` characters and a
// mention "@user@domain" counts as "@user".
std::size_t mastodon_length(std::string_view text, std::size_t url_length);

// How long a reply asks us to wait: a 429, or X-RateLimit-Remaining 0, until X-RateLimit-Reset (written as
// "2020-09-08T13:25:00.019685Z", as created_at is too), a minute when it does not say; a 5xx's Retry-After.
std::optional<std::chrono::milliseconds> mastodon_wait(const http_reply& reply, domain::instant now);

// The min_id of a Link header's rel="prev" URL (Mastodon's way to the newer page), if there is one.
std::optional<std::string> link_prev_min_id(std::string_view link);

// One account on one Mastodon server, shared by the channel and the feed. Thread-safe.
class mastodon_client {
public:
    // `clock` (for the rate limit's reset) is owned by main and outlives this.
    mastodon_client(mastodon_settings s, const app::clock& clock);

    app::attempt_result post_status(const app::outgoing_notice& n);
    app::feed_page mentions_after(const std::string& cursor);
    app::feed_page newest_mention();

    // Reads the server's status length limit (configuration.statuses of /api/v2/instance) unless it is known;
    // a failed read is tried again a minute later. Blocking: called before posting, never on the writer.
    void read_instance();
    // What was read; 500 and 23 until then. Never blocks on the network.
    std::size_t max_characters() const;
    std::size_t characters_per_url() const;

    const mastodon_settings& settings() const { return settings_; }

private:
    std::vector<std::string> headers() const;
    // Reads a page of notifications at `url`: its JSON array and Link header, or the page's failure in
    // `page`.
    std::optional<boost::json::array> read_notifications(const std::string& url, app::feed_page& page,
                                                         std::string& link);

    mastodon_settings settings_;
    const app::clock& clock_;
    http_client http_;
    mutable std::mutex mutex_; // guards the four below
    std::size_t max_characters_ = 500;
    std::size_t url_characters_ = 23;
    std::optional<std::chrono::steady_clock::time_point> instance_read_at_;
    bool instance_known_ = false;
};

// Posts with Idempotency-Key set to the notice's key, so a repeated attempt makes one status. A notice's
// params may carry "in_reply_to" (a status id: the post is a reply in that thread) and "visibility". 401 and
// 403 are configuration failures and no answer or a 5xx an outage (either pauses the channel); 422 (too long,
// a vanished thread) is permanent; 429 is retried after the rate-limit reset.
class mastodon_channel final : public app::channel {
public:
    explicit mastodon_channel(std::shared_ptr<mastodon_client> client);

    std::string_view name() const override { return "mastodon"; }
    app::channel_limits limits() const override;
    app::address_kind addressed_by() const override { return app::address_kind::handle; }
    app::attempt_result send(const app::outgoing_notice& n) override;

private:
    std::shared_ptr<mastodon_client> client_;
};

class mastodon_feed final : public app::mention_feed {
public:
    explicit mastodon_feed(std::shared_ptr<mastodon_client> client)
        : client_(std::move(client)) {}

    std::string_view network() const override { return "mastodon"; }
    app::feed_page mentions_after(const std::string& cursor) override {
        return client_->mentions_after(cursor);
    }
    app::feed_page newest() override { return client_->newest_mention(); }
    void prepare() override { client_->read_instance(); }

private:
    std::shared_ptr<mastodon_client> client_;
};

// The registry's one line: adds the mastodon channel when [social.mastodon] is configured. `clock` is owned
// by main and outlives the set.
void add_mastodon_channel(channel_set& set, const mastodon_settings& s, const app::clock& clock);

} // namespace mend::notify
