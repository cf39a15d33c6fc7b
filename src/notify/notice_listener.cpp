#include "notify/notice_listener.hpp"

namespace mend::notify {

void notice_listener::on_change(app::write_tx& tx, const app::change& c) {
    app::enqueue_notices(tx, c, policy_, clock_.now());
}

void escalation_notices::on_escalation(app::write_tx& tx, const app::escalation& e) {
    app::enqueue_escalation(tx, e, policy_, clock_.now());
}

} // namespace mend::notify
