// The webhook channel: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) to the endpoint
// of a contractor firm or an integration.
#pragma once

#include "app/notices/channel.hpp"
#include "app/notices/notices.hpp"
#include "notify/http_client.hpp"
#include "notify/settings.hpp"

#include <cstdint>

namespace mend::notify {

// "v1,<base64 of HMAC-SHA256(key, id.timestamp.body)>", where key is the base64 after "whsec_" in the secret.
// Empty when the secret is not of that form.
std::string webhook_signature(std::string_view secret, std::string_view id, std::int64_t timestamp,
                              std::string_view body);

// Idempotent: webhook-id is the notice's key on every attempt, so receivers drop repeats. A 410 disables the
// endpoint; no answer, a 408 or a 5xx is the endpoint's outage (it pauses, and a probe finds it back); 429 is
// retried after the wait it asks for; other 4xx are permanent. Rate-limit headers are honoured on every
// answer.
class webhook_channel final : public app::channel {
public:
    // `endpoints` and `clock` are owned by main and outlive this; `endpoints` gives each attempt the
    // endpoint's current secret, `clock` its timestamp.
    webhook_channel(const webhook_settings& s, app::notice_reads& endpoints, const app::clock& clock);

    std::string_view name() const override { return "webhook"; }
    app::channel_limits limits() const override;
    app::address_kind addressed_by() const override { return app::address_kind::url; }
    app::attempt_result send(const app::outgoing_notice& n) override;

private:
    webhook_settings settings_;
    app::notice_reads& endpoints_;
    const app::clock& clock_;
    http_client http_;
};

} // namespace mend::notify
