// mend: wiring only; the commands live in src/cli.
#include "cli/commands.hpp"

#include <malloc.h>

int main(int argc, char** argv) {
    // glibc otherwise gives the top of a thread's heap back to the kernel as soon as 128 KiB lie free there,
    // and its threshold moves with the largest block freed: the writer thread, which frees a batch's memory
    // after each commit, then took most of its time in page faults for the memory it had just given back (30%
    // of mend bench-limit's samples; reports/s 2.8 times lower). A fixed 4 MiB keeps a batch's memory (1 MiB
    // measured as fast) and bounds what each thread's heap may hold unused.
    // Before any thread starts, so mallopt's lack of thread safety does not matter here.
    mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024); // NOLINT(concurrency-mt-unsafe)
    return mend::cli::run(argc, argv);
}
