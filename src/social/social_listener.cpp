#include "social/social_listener.hpp"

#include <chrono>

namespace mend::social {

millis_t now_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void social_listener::on_change(app::unit_of_work& uow, const app::change& c) {
    app::follow_up_threads(uow, c, policy_, now_millis());
}

} // namespace mend::social
