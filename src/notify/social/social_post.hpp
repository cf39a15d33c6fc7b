// What the social networks' channels (mastodon, bluesky) share: the text a notice is posted with, the privacy
// check on the recipient's name, its params, and what a refused call means.
#pragma once

#include "app/notices/channel.hpp"
#include "app/social.hpp"
#include "notify/http_client.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace mend::notify {

// The notice's body with the handle it answers first: a post that does not mention its reader reaches
// nobody's notifications (and a direct message nobody).
std::string addressed_text(const app::outgoing_notice& n);

// A permanent failure when `text` gives away the recipient's name (the handle itself is allowed).
std::optional<app::attempt_result> privacy_refusal(const app::outgoing_notice& n, const std::string& text);

// The notice's params: "in_reply_to" (the post answered) and "visibility" ("direct": for the resident alone).
struct post_params {
    std::string in_reply_to;
    std::string visibility;
};
post_params params_of(const app::outgoing_notice& n);

// "HTTP 400: ExpiredToken: Token has expired": the status and the body's {"error", "message"} (as Mastodon
// and XRPC write their errors), else the start of the body; the transport's error when nothing came back.
std::string error_text(const http_reply& reply);

// How long a reply asks us to wait (wait_asked_for), and at least a second, a minute when it does not say,
// when it says to wait: a 429, or no calls left (X-RateLimit-Remaining or RateLimit-Remaining 0).
std::optional<std::chrono::milliseconds> rate_limit_wait(const http_reply& reply, domain::instant now);

// What a post that did not land means: our credentials (401/403: the channel pauses), the network down (it
// pauses too), a rate limit (this post waits) or a refusal of this post for good.
app::attempt_result post_refused(const http_reply& reply, std::optional<std::chrono::milliseconds> wait);

// The same for a page of mentions that could not be read.
app::feed_page::status read_refused(const http_reply& reply);

} // namespace mend::notify
