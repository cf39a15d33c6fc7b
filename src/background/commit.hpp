// Commits a unit of work from a background thread, waiting for it there.
#pragma once

#include "app/ports.hpp"

namespace mend::background {

// Submits `work` to the single writer and blocks the calling thread until its commit is durable; rethrows
// what the unit threw, or what submit() threw (a stopped writer). For loop threads, which hold up no one by
// waiting; never call it on the writer's thread or an HTTP thread.
void commit(app::writer& writer, app::writer::work work);

} // namespace mend::background
