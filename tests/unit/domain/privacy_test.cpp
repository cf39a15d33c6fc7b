#include "domain/privacy.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

personal_facts tenant() {
    return {"Tom Aldridge", "12 Acacia Avenue, Leeds", "LS1 1BB", "+44 7700 900123",
            "tom.aldridge@example.org"};
}

personal_fact leaked(std::string_view text) {
    const auto found = find_leak(text, tenant());
    EXPECT_TRUE(found) << text;
    return found ? found->fact : personal_fact::name;
}

TEST(privacy, public_text_with_reference_and_status_passes) {
    EXPECT_FALSE(
        find_leak("@tom@social.example Your repair K7QD-9XPT is now completed. Is it fixed? Tell us at "
                  "https://repairs.example/requests/K7QD-9XPT",
                  tenant()));
}

TEST(privacy, finds_the_name_in_any_case_and_spacing) {
    EXPECT_EQ(leaked("Dear TOM   ALDRIDGE, done"), personal_fact::name);
    EXPECT_EQ(leaked("Mr Aldridge's tap is fixed"), personal_fact::name);
    const auto why = find_leak("dear tom aldridge", tenant());
    ASSERT_TRUE(why);
    EXPECT_EQ(why->why.find("Aldridge"), std::string::npos) << "the reason must not quote the fact";
}

TEST(privacy, a_first_name_alone_is_not_a_leak) {
    EXPECT_FALSE(find_leak("Tom from the repairs team says hello", tenant()));
}

TEST(privacy, finds_the_address_by_its_first_line) {
    EXPECT_EQ(leaked("Fixed at 12 acacia avenue today"), personal_fact::address);
    EXPECT_EQ(leaked("Fixed at 12, Acacia Avenue."), personal_fact::address);
    EXPECT_FALSE(find_leak("We fixed a tap on an avenue in Leeds", tenant()));
}

TEST(privacy, finds_the_postcode_with_or_without_its_space) {
    EXPECT_EQ(leaked("near ls11bb"), personal_fact::postcode);
    EXPECT_EQ(leaked("near LS1 1BB."), personal_fact::postcode);
    EXPECT_EQ(leaked("near Ls1  1bB"), personal_fact::postcode);
}

TEST(privacy, finds_the_phone_however_it_is_written) {
    EXPECT_EQ(leaked("call 07700 900123"), personal_fact::phone);
    EXPECT_EQ(leaked("call +447700900123"), personal_fact::phone);
    EXPECT_EQ(leaked("call (07700) 900-123"), personal_fact::phone);
    EXPECT_FALSE(find_leak("call 0113 496 0000", tenant()));
}

TEST(privacy, finds_the_email_in_any_case) {
    EXPECT_EQ(leaked("mail TOM.Aldridge@Example.org"), personal_fact::email);
}

TEST(privacy, empty_facts_find_nothing) {
    EXPECT_FALSE(find_leak("anything at all 07700 900123", personal_facts{}));
}

} // namespace
} // namespace mend::domain
