// The change listener that answers a job's changes in its social threads, inside the change's transaction.
#pragma once

#include "app/social.hpp"

namespace mend::social {

// Runs on the writer thread, after the outbox's listener (see app::follow_up_threads). `policy` and `clock`
// are owned by main and outlive this.
class social_listener final : public app::change_listener {
public:
    social_listener(const app::social_policy& policy, const app::clock& clock)
        : policy_(policy)
        , clock_(clock) {}

    void on_change(app::unit_of_work& uow, const app::change& c) override;

private:
    const app::social_policy& policy_;
    const app::clock& clock_;
};

} // namespace mend::social
