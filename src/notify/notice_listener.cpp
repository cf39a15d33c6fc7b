#include "notify/notice_listener.hpp"

#include <chrono>

namespace mend::notify {

app::millis now_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void notice_listener::on_change(app::unit_of_work& uow, const app::change& c) {
    app::enqueue_notices(uow, c, policy_, now_millis());
}

void escalation_notices::on_escalation(app::unit_of_work& uow, const app::escalation& e) {
    app::enqueue_escalation(uow, e, policy_, now_millis());
}

} // namespace mend::notify
