#include "notify/social/social_post.hpp"

#include "domain/privacy.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace mend::notify {

namespace json = boost::json;

namespace {

std::string text_of(const json::object& o, std::string_view key) {
    if (const auto* v = o.if_contains(key); v != nullptr && v->is_string()) {
        return std::string(v->as_string());
    }
    return {};
}

} // namespace

std::string addressed_text(const app::outgoing_notice& n) {
    std::string text = n.body.substr(std::min(n.body.size(), n.body.find_first_not_of(" \n")));
    if (!n.address.empty() && text.find(n.address) == std::string::npos) {
        text = n.address + " " + text;
    }
    return text;
}

std::optional<app::attempt_result> privacy_refusal(const app::outgoing_notice& n, const std::string& text) {
    if (n.recipient_name.empty()) {
        return std::nullopt;
    }
    domain::personal_facts facts;
    facts.name = n.recipient_name;
    if (const auto leak = domain::find_leak(text, facts, n.address)) {
        return app::attempt_result{app::attempt_outcome::permanent_failure, std::nullopt, "",
                                   "privacy: " + leak->why + "; the notice was not posted", false};
    }
    return std::nullopt;
}

post_params params_of(const app::outgoing_notice& n) {
    post_params out;
    boost::system::error_code ec;
    const auto params = json::parse(n.params.empty() ? "{}" : n.params, ec);
    if (!ec && params.is_object()) {
        out.in_reply_to = text_of(params.as_object(), "in_reply_to");
        out.visibility = text_of(params.as_object(), "visibility");
    }
    return out;
}

std::string error_text(const http_reply& reply) {
    if (reply.status == 0) {
        return reply.transport_error;
    }
    std::string out = "HTTP " + std::to_string(reply.status) + ": ";
    boost::system::error_code ec;
    const auto v = json::parse(reply.body, ec);
    if (!ec && v.is_object()) {
        const std::string error = text_of(v.as_object(), "error");
        const std::string message = text_of(v.as_object(), "message");
        if (!error.empty()) {
            return out + error + (message.empty() ? "" : ": " + std::string(domain::cut_utf8(message, 200)));
        }
    }
    return out + std::string(domain::cut_utf8(reply.body, 200));
}

std::optional<std::chrono::milliseconds> rate_limit_wait(const http_reply& reply, domain::instant now) {
    const auto asked = wait_asked_for(reply, now);
    const std::optional<std::string> none("0");
    const bool exhausted =
        reply.header("x-ratelimit-remaining") == none || reply.header("ratelimit-remaining") == none;
    if (reply.status != 429 && !exhausted) {
        return asked; // a 5xx may give a Retry-After
    }
    // Asked to wait, but not for how long: a minute is polite.
    return std::max(std::chrono::milliseconds(1000), asked.value_or(std::chrono::seconds(60)));
}

app::attempt_result post_refused(const http_reply& reply, std::optional<std::chrono::milliseconds> wait) {
    using app::attempt_outcome;
    const std::string error = error_text(reply);
    if (reply.status == 401 || reply.status == 403) {
        return {attempt_outcome::configuration_failure, wait, "", error, false};
    }
    if (is_outage(reply)) {
        return {attempt_outcome::unavailable, wait, "", error, false};
    }
    if (reply.status == 429) {
        return {attempt_outcome::retry_later, wait, "", error, false};
    }
    return {attempt_outcome::permanent_failure, std::nullopt, "", error, false};
}

app::feed_page::status read_refused(const http_reply& reply) {
    if (reply.status == 401 || reply.status == 403) {
        return app::feed_page::status::configuration_failure;
    }
    if (is_outage(reply)) {
        return app::feed_page::status::unavailable;
    }
    return app::feed_page::status::retry_later;
}

} // namespace mend::notify
