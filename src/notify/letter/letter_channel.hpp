// The letter channel: a printable HTML letter goes into the print queue, where officers list it, print it
// and mark it as posted (for tenants who are offline, and as every tenant's last resort).
#pragma once

#include "app/notices/channel.hpp"

namespace mend::notify {

// The queue is the outbox itself: "sending" a letter only marks it queued (sent); an officer marking it
// posted makes it delivered (app::mark_letter_posted). The HTML was rendered at enqueue time.
class letter_channel final : public app::channel {
public:
    std::string_view name() const override { return "letter"; }
    app::channel_limits limits() const override { return {0, app::length_unit::bytes, 0, true}; }
    app::address_kind addressed_by() const override { return app::address_kind::postal; }
    app::attempt_result send(const app::outgoing_notice& n) override;
};

} // namespace mend::notify
