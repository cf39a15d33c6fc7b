#include "domain/mention.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

TEST(mention, plain_text_drops_tags_and_decodes_entities) {
    EXPECT_EQ(plain_text("<p><span class=\"h-card\"><a href=\"https://x\">@<span>repairs</span></a></span> "
                         "my tap &amp; sink leak</p><p>since Monday<br>help</p>"),
              "@repairs my tap & sink leak\nsince Monday\nhelp");
}

TEST(mention, finds_references_standing_alone_in_any_case) {
    EXPECT_EQ(references_in("about k7qd-9xpt and K7QD-9XPT, also (ABCD-EFGH)"),
              (std::vector<std::string>{"K7QD-9XPT", "ABCD-EFGH"}));
    EXPECT_TRUE(references_in("AK7QD-9XPT K7QD-9XPTA K7QD-9XP").empty());
    EXPECT_TRUE(references_in("S-K7QD-9XPT is an intake, not a job").empty());
    EXPECT_TRUE(references_in("O0O0-1111 has letters that are never used").empty());
}

} // namespace
} // namespace mend::domain
