// The words of a phone intake search, as the search takes them (app/accounts/home_search.hpp).
#include "app/accounts/home_search.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using words = std::vector<std::string>;

TEST(search_words, splits_on_anything_but_letters_and_digits_and_lowers_the_case) {
    EXPECT_EQ(search_words("Agar gro"), (words{"agar", "gro"}));
    EXPECT_EQ(search_words("  NW1 9"), (words{"nw1", "9"}));
    EXPECT_EQ(search_words("o'Conn-ell, flat 2"), (words{"o", "conn", "ell", "flat", "2"}));
    EXPECT_EQ(search_words("\"x\" OR y*"), (words{"x", "or", "y"}));
    EXPECT_EQ(search_words("Zoë"), (words{"zo\xc3\xab"}));
    EXPECT_EQ(search_words(" -'* "), words{});
}

TEST(search_words, keeps_at_most_eight_words) {
    EXPECT_EQ(search_words("a b c d e f g h i j").size(), 8U);
}

} // namespace
} // namespace mend::app
