#include "social/social_listener.hpp"

namespace mend::social {

void social_listener::on_change(app::unit_of_work& uow, const app::change& c) {
    app::follow_up_threads(uow, c, policy_, clock_.now());
}

} // namespace mend::social
