// SQLite's options for the whole process (storage::configure_sqlite_process, which cli::run calls first).
#include "storage/sqlite/connection.hpp"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <string>

namespace mend::storage {
namespace {

TEST(sqlite_process, memory_statistics_are_off_so_no_allocation_takes_sqlites_global_mutex) {
    if (!configure_sqlite_process()) {
        // ctest runs each test in a process of its own, where this is SQLite's first use.
        GTEST_SKIP() << "SQLite was already in use in this process (run the test alone, as ctest does)";
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "mend-process-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    const std::filesystem::path dir = pattern;
    {
        connection c(dir / "mend.db", connection::mode::read_write);
        c.execute("CREATE TABLE t (x TEXT)");
        c.execute("INSERT INTO t VALUES (hex(randomblob(5000)))");
        EXPECT_EQ(sqlite3_memory_used(), 0) << "SQLite counts (and so locks around) its allocations";
    }
    EXPECT_FALSE(configure_sqlite_process()) << "SQLite is in use now: its options are fixed";
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace mend::storage
