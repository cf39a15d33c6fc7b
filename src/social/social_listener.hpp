// The change listener that answers a job's changes in its social threads, inside the change's transaction.
#pragma once

#include "app/social.hpp"

namespace mend::social {

using millis_t = app::millis;

// Runs on the writer thread, after the outbox's listener (see app::follow_up_threads). `policy` is owned by
// main and outlives this.
class social_listener final : public app::change_listener {
public:
    explicit social_listener(const app::social_policy& policy)
        : policy_(policy) {}

    void on_change(app::unit_of_work& uow, const app::change& c) override;

private:
    const app::social_policy& policy_;
};

// Unix milliseconds now: the social outbox's clock.
millis_t now_millis();

} // namespace mend::social
