// The `mend` command line: one subcommand a file (serve, migrate, user, contractor, property, webhook, demo,
// report, export), composed here.
#pragma once

namespace mend::cli {

// Returns the process exit code.
int run(int argc, char** argv);

} // namespace mend::cli
