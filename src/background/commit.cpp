#include "background/commit.hpp"

#include <future>
#include <memory>
#include <utility>

namespace mend::background {

// The callback owns the promise too: set_value() may still be running when get() returns here.
void commit(app::writer& writer, app::writer::work work) {
    auto finished = std::make_shared<std::promise<void>>();
    auto result = finished->get_future();
    writer.submit(std::move(work), [finished](std::exception_ptr failure) {
        if (failure) {
            finished->set_exception(failure);
        } else {
            finished->set_value();
        }
    });
    result.get();
}

} // namespace mend::background
