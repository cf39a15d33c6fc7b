#include "social/social_listener.hpp"

namespace mend::social {

void social_listener::on_change(app::write_tx& tx, const app::change& c) {
    app::follow_up_threads(tx, c, policy_, clock_.now());
}

} // namespace mend::social
