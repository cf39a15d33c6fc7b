#include "background/gauge_loop.hpp"

namespace mend::background {

gauge_loop::gauge_loop(app::gauge_cache& cache, const app::time_services* time, app::notice_reads* notices,
                       const app::clock& clock, std::chrono::seconds interval)
    : cache_(cache)
    , time_(time)
    , notices_(notices)
    , clock_(clock)
    , interval_(interval)
    , loop_("gauge loop", interval_, [this] { return gather(); }) {}

gauge_loop::~gauge_loop() {
    stop();
}

void gauge_loop::start() {
    cache_.on_refresh([this] { loop_.wake(); });
    loop_.start();
}

void gauge_loop::stop() {
    cache_.on_refresh({});
    loop_.stop();
}

std::chrono::milliseconds gauge_loop::gather() {
    const auto generation = cache_.generation();
    cache_.store(app::read_gauges(time_, notices_, clock_.now()), generation);
    return interval_;
}

} // namespace mend::background
