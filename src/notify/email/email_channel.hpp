// The email channel: SMTP through libcurl, STARTTLS required (plain text only on loopback, and only when the
// configuration says so).
#pragma once

#include "app/notices/channel.hpp"
#include "app/ports.hpp"
#include "notify/settings.hpp"

#include <string>

namespace mend::notify {

// The message as sent: headers (Message-ID from the notice's key, X-Mend-Reference; names quoted or encoded)
// and a UTF-8 text body in 7bit, quoted-printable or base64, so that no line is over 998 octets.
std::string email_message(const email_settings& s, const app::outgoing_notice& n, domain::instant sent_at);

// Not idempotent (SMTP has no such thing), though the stable Message-ID lets mail clients fold repeats.
// Replies 4yz are retried, 5yz are permanent; TLS or login trouble is a configuration failure; no answer, 421
// and 454 are the server's outage. Either of the last two pauses the channel until a probe finds it well.
class email_channel final : public app::channel {
public:
    // Throws std::runtime_error when the settings are unsafe (plain text off loopback) or incomplete. `clock`
    // (for the Date header) is owned by main and outlives this.
    email_channel(email_settings s, const app::clock& clock);

    std::string_view name() const override { return "email"; }
    app::channel_limits limits() const override;
    app::address_kind addressed_by() const override { return app::address_kind::email; }
    app::attempt_result send(const app::outgoing_notice& n) override;

private:
    email_settings settings_;
    const app::clock& clock_;
};

} // namespace mend::notify
