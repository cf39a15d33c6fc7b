// The change listener that writes a change's notices into the outbox, inside the change's transaction.
#pragma once

#include "app/notices.hpp"

namespace mend::notify {

// Runs on the writer thread. `policy` (and what it points to) is owned by main and outlives this.
class notice_listener final : public app::change_listener {
public:
    explicit notice_listener(const app::notice_policy& policy)
        : policy_(policy) {}

    void on_change(app::write_tx& tx, const app::change& c) override;

private:
    const app::notice_policy& policy_;
};

app::millis now_millis();

} // namespace mend::notify
