#include "domain/text.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

TEST(text, trims_blanks_or_the_given_characters) {
    EXPECT_EQ(trim("  a b \r\n"), "a b");
    EXPECT_EQ(trim(" \t "), "");
    EXPECT_EQ(trim("\ta\t\n", " \t"), "a\t\n");
    EXPECT_EQ(trim_end("  a \n"), "  a");
    EXPECT_EQ(trim_end("\n\n"), "");
    EXPECT_TRUE(is_blank(" \r\n\t"));
    EXPECT_TRUE(is_blank(""));
    EXPECT_FALSE(is_blank(" x "));
}

TEST(text, counts_graphemes_as_bluesky_does_for_the_common_cases) {
    EXPECT_EQ(graphemes(""), 0U);
    EXPECT_EQ(graphemes("hello"), 5U);
    EXPECT_EQ(graphemes("caf\xc3\xa9"), 4U);                      // precomposed e-acute
    EXPECT_EQ(graphemes("cafe\xcc\x81"), 4U);                     // e and a combining acute
    EXPECT_EQ(graphemes("\xe2\x9d\xa4\xef\xb8\x8f"), 1U);         // a heart and its variation selector
    EXPECT_EQ(graphemes("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"), 1U); // thumbs up with a skin tone
    // Woman, zero-width joiner, laptop: one person at work.
    EXPECT_EQ(graphemes("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"), 1U);
    EXPECT_EQ(graphemes("\xf0\x9f\x87\xac\xf0\x9f\x87\xa7\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"), 2U); // two flags
    EXPECT_EQ(graphemes("a\xf0\x9f\x92\xa7"
                        "b"),
              3U);
    // As many as the cuts keep whole: cutting at n code points never splits one.
    const std::string family = "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7x";
    EXPECT_EQ(graphemes(cut_code_points(family, 2)), 0U);
    EXPECT_EQ(graphemes(family), 2U);
}

TEST(text, knows_a_uprn_by_its_shape) {
    EXPECT_TRUE(is_uprn("1"));
    EXPECT_TRUE(is_uprn("100023336956"));
    EXPECT_FALSE(is_uprn("1000233369561")) << "13 digits";
    EXPECT_FALSE(is_uprn(""));
    EXPECT_FALSE(is_uprn("10002 3"));
    EXPECT_FALSE(is_uprn("-1"));
}

TEST(text, knows_an_email_address_by_its_shape) {
    EXPECT_TRUE(is_email_address("nell@example.org"));
    EXPECT_TRUE(is_email_address("a.b+c@mail.example.co.uk"));
    for (const auto* bad :
         {"", "no-at-sign", "@example.org", "nell@localhost", "nell@example.", "nell @example.org",
          "nell@example.org\r\nBcc: c@d.org", "nell@example.org\tx", "nell@exam\x7fple.org"}) {
        EXPECT_FALSE(is_email_address(bad)) << bad;
    }
    EXPECT_FALSE(is_email_address(std::string(250, 'a') + "@b.org")) << "over 254 bytes";
}

TEST(text, splits_and_joins_comma_separated_lists) {
    EXPECT_EQ(split_list("sms,email,,letter,"), (std::vector<std::string>{"sms", "email", "letter"}));
    EXPECT_TRUE(split_list("").empty());
    EXPECT_TRUE(split_list(",,").empty());
    EXPECT_EQ(join_list({"sms", "email"}), "sms,email");
    EXPECT_EQ(join_list({"a"}, "; "), "a");
    EXPECT_EQ(join_list({}), "");
    EXPECT_EQ(split_list(join_list({"plumbing", "roofing"})),
              (std::vector<std::string>{"plumbing", "roofing"}));
}

TEST(text, changes_the_case_of_ascii_letters_only) {
    EXPECT_EQ(lower_case("Content-Type: É"), "content-type: É");
    EXPECT_TRUE(equals_ignoring_case("Form-Data", "form-data"));
    EXPECT_FALSE(equals_ignoring_case("form-data", "form-dat"));
    EXPECT_EQ(wire_words("on_hold"), "on hold");
}

TEST(text, cuts_utf8_only_between_code_points) {
    const std::string pounds = "\xc2\xa3\xc2\xa3"; // ££
    EXPECT_EQ(cut_utf8(pounds, 3), "\xc2\xa3");
    EXPECT_EQ(cut_utf8(pounds, 4), pounds);
    EXPECT_EQ(bytes_of_first(pounds, 1), 2U);
    EXPECT_EQ(bytes_of_first(pounds, 5), 4U);
    EXPECT_EQ(code_points("caf\xc3\xa9"), 4U);
}

TEST(text, cuts_never_split_a_grapheme) {
    const std::string thumbs = "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd";             // thumbs up, skin tone
    const std::string family = "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"; // woman ZWJ girl
    const std::string flag = "\xf0\x9f\x87\xac\xf0\x9f\x87\xa7";               // GB
    const std::string accent = "e\xcc\x81";                                    // e + combining acute
    EXPECT_EQ(cut_utf8("a" + thumbs, 6), "a");
    EXPECT_EQ(cut_utf8("a" + thumbs, 9), "a" + thumbs);
    EXPECT_EQ(cut_utf8(family + "x", 8), "");
    EXPECT_EQ(cut_utf8(flag + flag, 12), flag);
    EXPECT_EQ(cut_utf8("caf" + accent, 4), "caf");
    EXPECT_EQ(cut_code_points("ab" + thumbs + "c", 3), "ab");
    EXPECT_EQ(cut_code_points("ab" + thumbs + "c", 4), "ab" + thumbs);
    EXPECT_EQ(cut_code_points("plain", 3), "pla");
}

// The test vectors of RFC 4648, section 10.
TEST(text, base64_matches_rfc_4648) {
    EXPECT_EQ(base64(""), "");
    EXPECT_EQ(base64("f"), "Zg==");
    EXPECT_EQ(base64("fo"), "Zm8=");
    EXPECT_EQ(base64("foo"), "Zm9v");
    EXPECT_EQ(base64("foob"), "Zm9vYg==");
    EXPECT_EQ(base64("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64("\xff\xfe"), "//4=");
}

} // namespace
} // namespace mend::domain
