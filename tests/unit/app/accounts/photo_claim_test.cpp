#include "app/accounts/web.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

const std::string sha(64, 'a');

TEST(photo_claim, holds_only_for_its_uploader_its_photo_and_its_key) {
    const std::string key = new_secret_key();
    ASSERT_EQ(key.size(), secret_key_bytes);
    const std::string claim = photo_claim(key, 7, sha);
    EXPECT_EQ(claim.size(), 64U);
    EXPECT_TRUE(holds_claim(key, 7, sha, claim));
    EXPECT_FALSE(holds_claim(key, 8, sha, claim));                     // someone else
    EXPECT_FALSE(holds_claim(key, 7, std::string(64, 'b'), claim));    // another photo
    EXPECT_FALSE(holds_claim(new_secret_key(), 7, sha, claim));        // another server
    EXPECT_FALSE(holds_claim(key, 7, sha, ""));                        // none
    EXPECT_FALSE(holds_claim(key, 7, sha, claim.substr(0, 63) + "g")); // not hex
    EXPECT_FALSE(holds_claim("short", 7, sha, claim));
}

} // namespace
} // namespace mend::app
