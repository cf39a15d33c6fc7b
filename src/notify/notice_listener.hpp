// The listeners that write notices into the outbox: a change's, inside the change's transaction, and a clock
// escalation's, inside the overdue scan's.
#pragma once

#include "app/clocks.hpp"
#include "app/notices/notices.hpp"

namespace mend::notify {

// Runs on the writer thread. `policy` (and what it points to) is owned by main and outlives this.
class notice_listener final : public app::change_listener {
public:
    explicit notice_listener(const app::notice_policy& policy)
        : policy_(policy) {}

    void on_change(app::unit_of_work& uow, const app::change& c) override;

private:
    const app::notice_policy& policy_;
};

// Runs on the writer thread, in the overdue loop's scan. `policy` is owned by main and outlives this.
class escalation_notices final : public app::escalation_listener {
public:
    explicit escalation_notices(const app::notice_policy& policy)
        : policy_(policy) {}

    void on_escalation(app::unit_of_work& uow, const app::escalation& e) override;

private:
    const app::notice_policy& policy_;
};

app::millis now_millis();

} // namespace mend::notify
