// The listeners that write notices into the outbox: a change's, inside the change's transaction, and a clock
// escalation's, inside the overdue scan's.
#pragma once

#include "app/clocks.hpp"
#include "app/notices/notices.hpp"

namespace mend::notify {

// Runs on the writer thread. `policy` (and what it points to) and `clock` are owned by main and outlive this.
class notice_listener final : public app::change_listener {
public:
    notice_listener(const app::notice_policy& policy, const app::clock& clock)
        : policy_(policy)
        , clock_(clock) {}

    void on_change(app::unit_of_work& uow, const app::change& c) override;

private:
    const app::notice_policy& policy_;
    const app::clock& clock_;
};

// Runs on the writer thread, in the overdue loop's scan. `policy` and `clock` are owned by main and outlive
// this.
class escalation_notices final : public app::escalation_listener {
public:
    escalation_notices(const app::notice_policy& policy, const app::clock& clock)
        : policy_(policy)
        , clock_(clock) {}

    void on_escalation(app::unit_of_work& uow, const app::escalation& e) override;

private:
    const app::notice_policy& policy_;
    const app::clock& clock_;
};

} // namespace mend::notify
