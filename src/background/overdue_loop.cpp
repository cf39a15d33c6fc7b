#include "background/overdue_loop.hpp"

#include "app/unit_of_work.hpp"
#include "log/log.hpp"

#include <string>

namespace mend::background {

overdue_loop::overdue_loop(app::writer& writes, const app::clock& clock, double at_risk_share,
                           std::chrono::seconds interval, std::vector<app::escalation_listener*> hooks,
                           const app::complaint_services* complaints)
    : writes_(writes)
    , clock_(clock)
    , at_risk_share_(at_risk_share)
    , interval_(interval)
    , hooks_(std::move(hooks))
    , complaints_(complaints)
    , loop_("overdue loop", interval_, [this] { return scan_once(); }) {}

void overdue_loop::start() {
    loop_.start();
}

void overdue_loop::stop() {
    loop_.stop();
}

std::chrono::milliseconds overdue_loop::scan_once() {
    const auto now = clock_.now();
    int escalated = 0;
    app::run_and_wait(writes_, [this, now, &escalated](app::unit_of_work& uow) {
        escalated = app::escalate_clocks(uow, now, at_risk_share_, hooks_);
        if (complaints_ != nullptr) {
            escalated += app::escalate_complaint_clocks(uow, *complaints_, now);
        }
        return true;
    });
    if (escalated > 0) {
        log::info("clocks escalated", {{"loop", "overdue loop"}, {"clocks", escalated}});
    }
    return interval_;
}

} // namespace mend::background
