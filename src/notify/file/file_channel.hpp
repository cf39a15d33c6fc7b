// The file channel: writes each rendered message to a directory; the default, so a new install needs no
// credentials.
#pragma once

#include "app/notices/channel.hpp"

#include <filesystem>

namespace mend::notify {

// Idempotent: a notice is always written to DIR/<idempotency key>.txt, atomically (write, then rename).
class file_channel final : public app::channel {
public:
    explicit file_channel(std::filesystem::path dir);

    std::string_view name() const override { return "file"; }
    app::channel_limits limits() const override;
    app::address_kind addressed_by() const override { return app::address_kind::none; }
    app::attempt_result send(const app::outgoing_notice& n) override;

private:
    std::filesystem::path dir_;
};

} // namespace mend::notify
