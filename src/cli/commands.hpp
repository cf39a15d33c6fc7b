// The `mend` command line: serve, migrate, and the set-up commands (user, contractor, property, demo).
#pragma once

namespace mend::cli {

// Returns the process exit code.
int run(int argc, char** argv);

} // namespace mend::cli
