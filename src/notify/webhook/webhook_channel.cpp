#include "notify/webhook/webhook_channel.hpp"

#include "domain/text.hpp"
#include "notify/crypto.hpp"

#include <boost/json.hpp>

namespace mend::notify {

namespace json = boost::json;

std::string webhook_signature(std::string_view secret, std::string_view id, std::int64_t timestamp,
                              std::string_view body) {
    constexpr std::string_view prefix = "whsec_";
    if (secret.rfind(prefix, 0) != 0) {
        return {};
    }
    const auto key = base64_decode(secret.substr(prefix.size()));
    if (!key) {
        return {};
    }
    std::string message(id);
    message += '.';
    message += std::to_string(timestamp);
    message += '.';
    message += body;
    return "v1," + domain::base64(hmac_sha256(*key, message));
}

webhook_channel::webhook_channel(const webhook_settings& s, app::notice_reads& endpoints,
                                 const app::clock& clock)
    : settings_(s)
    , endpoints_(endpoints)
    , clock_(clock)
    , http_(s.timeout_ms, s.ca_file) {}

app::channel_limits webhook_channel::limits() const {
    return {65536, app::length_unit::bytes, settings_.per_second, true};
}

app::attempt_result webhook_channel::send(const app::outgoing_notice& n) {
    using app::attempt_outcome;
    json::object params;
    if (auto parsed = json::parse(n.params); parsed.is_object()) {
        params = parsed.get_object();
    }
    const auto* endpoint_id = params.if_contains("endpoint_id");
    if (endpoint_id == nullptr || !endpoint_id->is_int64()) {
        return {attempt_outcome::permanent_failure, std::nullopt, "", "the notice names no webhook endpoint",
                false};
    }
    const auto endpoint = endpoints_.webhook_endpoint_by_id(endpoint_id->as_int64());
    if (!endpoint || endpoint->disabled) {
        return {attempt_outcome::permanent_failure, std::nullopt, "", "the webhook endpoint is disabled",
                false};
    }
    const domain::instant now = clock_.now();
    const std::int64_t timestamp = domain::to_unix(now);
    json::object data{
        {"reference", n.reference}, {"event", n.event}, {"subject", n.subject}, {"message", n.body}};
    for (const char* key : {"status", "action"}) {
        if (const auto* v = params.if_contains(key)) {
            data[key] = *v;
        }
    }
    const std::string body = json::serialize(
        json::object{{"type", "repair." + n.event}, {"timestamp", timestamp}, {"data", std::move(data)}});
    const std::string signature = webhook_signature(endpoint->secret, n.idempotency_key, timestamp, body);
    if (signature.empty()) {
        return {attempt_outcome::configuration_failure, std::nullopt, "",
                "the secret of webhook endpoint " + std::to_string(endpoint->id) + " is not whsec_<base64>",
                false};
    }
    const auto reply =
        http_.request("POST", endpoint->url,
                      {"Content-Type: application/json", std::string("User-Agent: mend/") + MEND_VERSION,
                       "webhook-id: " + n.idempotency_key, "webhook-timestamp: " + std::to_string(timestamp),
                       "webhook-signature: " + signature},
                      body);
    const auto wait = wait_asked_for(reply, now); // on every answer: a 2xx may say the limit is used up
    const std::string status = "HTTP " + std::to_string(reply.status);
    if (is_outage(reply)) {
        return {attempt_outcome::unavailable, wait, "", reply.status == 0 ? reply.transport_error : status,
                false};
    }
    if (reply.status >= 200 && reply.status < 300) {
        return {attempt_outcome::delivered, wait, reply.header("webhook-id").value_or(""), "", false};
    }
    if (reply.status == 410) {
        return {attempt_outcome::permanent_failure, std::nullopt, "",
                status + ": the endpoint is gone; disabled", true};
    }
    if (reply.status == 429) {
        return {attempt_outcome::retry_later, wait, "", status, false};
    }
    return {attempt_outcome::permanent_failure, std::nullopt, "",
            status + ": " + std::string(domain::cut_utf8(reply.body, 200)), false};
}

} // namespace mend::notify
