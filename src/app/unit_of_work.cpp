#include "app/unit_of_work.hpp"

#include <future>
#include <memory>

namespace mend::app {

std::optional<problem> unit_of_work::vet(const domain::actor& who, const domain::job* before,
                                         const domain::job& after, domain::event& proposed) {
    for (auto* listener : listeners_) {
        domain::event_data extra;
        if (auto p = listener->before_change(*this, {who, before, after, proposed}, extra)) {
            return p;
        }
        proposed.data.insert(proposed.data.end(), extra.begin(), extra.end());
    }
    return std::nullopt;
}

void unit_of_work::changed(const change& c) {
    for (auto* listener : listeners_) {
        listener->on_change(*this, c);
    }
}

// The callback owns the promise too: set_value() may still be running when get() returns here.
void run_and_wait(writer& w, const writer::work& work) {
    auto finished = std::make_shared<std::promise<void>>();
    auto result = finished->get_future();
    w.submit(work, [finished](const std::exception_ptr& failure) {
        if (failure) {
            finished->set_exception(failure);
        } else {
            finished->set_value();
        }
    });
    result.get();
}

} // namespace mend::app
