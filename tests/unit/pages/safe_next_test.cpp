#include "pages/pages.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace mend::pages {
namespace {

TEST(safe_next, only_a_path_of_this_site_passes) {
    for (const std::string& bad : std::vector<std::string>{
             "/\r\nSet-Cookie: evil=1", "/x\nSet-Cookie: evil=1", "/\t/evil.example", "//evil.example",
             "/\\evil.example", "https://evil.example", "/ /evil.example", "\t//evil.example", "", "/",
             std::string("/\0evil", 6), "/caf\xC3\xA9", std::string(3000, '/')}) {
        EXPECT_EQ(safe_next(bad), "/") << bad;
    }
    EXPECT_EQ(safe_next("/jobs/MR-1?tab=history"), "/jobs/MR-1?tab=history");
    EXPECT_EQ(safe_next("/repairs"), "/repairs");
}

} // namespace
} // namespace mend::pages
