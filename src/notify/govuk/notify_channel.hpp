// The GOV.UK Notify channels: sms and notify_email over Notify's REST API (v2), authenticated with a JWT.
#pragma once

#include "app/notices/channel.hpp"
#include "app/ports.hpp"
#include "notify/http_client.hpp"
#include "notify/settings.hpp"

#include <cstdint>
#include <memory>
#include <optional>

namespace mend::notify {

struct notify_key {
    std::string service_id; // the key's issuer (iss)
    std::string secret;     // the HS256 key, as text
};

// Splits "{key_name}-{service_id}-{secret_key}" (the last two are 36-character UUIDs).
std::optional<notify_key> parse_notify_key(std::string_view api_key);

// header.payload.signature with {"typ":"JWT","alg":"HS256"} and {"iss":service_id,"iat":issued_at}.
std::string notify_jwt(const notify_key& key, std::int64_t issued_at);

// One Notify service shared by its two channels (connections, key).
class notify_client {
public:
    // Throws std::runtime_error when the API key does not have Notify's shape. `clock` (for the tokens'
    // times) is owned by main and outlives this.
    notify_client(govuk_notify_settings s, const app::clock& clock);

    // kind is "sms" or "email".
    app::attempt_result send(std::string_view kind, const app::outgoing_notice& n);

    const govuk_notify_settings& settings() const { return settings_; }

private:
    std::optional<app::attempt_result> look_up(const app::outgoing_notice& n);
    std::vector<std::string> headers() const;

    govuk_notify_settings settings_;
    notify_key key_;
    const app::clock& clock_;
    http_client http_;
};

// Idempotent through Notify's `reference`: before sending again after an ambiguous attempt it looks the
// reference up and, if Notify has it, takes that as the result. 201 is accepted (a delivery receipt follows);
// 403 and a wrong template are configuration failures; no answer or a 5xx is an outage (the channel pauses);
// 429 is retried; other 400s are permanent. Rate-limit headers are honoured on every answer.
class notify_channel final : public app::channel {
public:
    // kind: "sms" (channel "sms", addressed by phone) or "email" (channel "notify_email", by email).
    notify_channel(std::shared_ptr<notify_client> client, std::string kind);

    std::string_view name() const override;
    app::channel_limits limits() const override;
    app::address_kind addressed_by() const override;
    app::attempt_result send(const app::outgoing_notice& n) override;

private:
    std::shared_ptr<notify_client> client_;
    std::string kind_;
};

} // namespace mend::notify
