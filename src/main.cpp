// mend: wiring only; the commands live in src/cli.
#include "cli/commands.hpp"

int main(int argc, char** argv) {
    return mend::cli::run(argc, argv);
}
