#include "notify/notice_listener.hpp"

namespace mend::notify {

void notice_listener::on_change(app::unit_of_work& uow, const app::change& c) {
    app::enqueue_notices(uow, c, policy_, clock_.now());
}

void escalation_notices::on_escalation(app::unit_of_work& uow, const app::escalation& e) {
    app::enqueue_escalation(uow, e, policy_, clock_.now());
}

} // namespace mend::notify
