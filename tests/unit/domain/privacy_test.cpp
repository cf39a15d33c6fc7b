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

TEST(privacy, the_handle_answered_is_no_leak_but_the_name_elsewhere_is) {
    const personal_facts tara{"Tara Okonkwo", "", "", "", ""};
    const std::string handle = "@tara.okonkwo@social.example";
    EXPECT_FALSE(find_leak(handle + " Repair K7QD-9XPT is fixed.", tara, handle));
    EXPECT_FALSE(find_public_leak(handle + " Repair K7QD-9XPT is fixed.", tara, handle));
    EXPECT_TRUE(find_leak(handle + " Repair K7QD-9XPT for Tara Okonkwo is fixed.", tara, handle));
    EXPECT_TRUE(find_leak(handle + " Mrs Okonkwo, it is fixed.", tara, handle));
    EXPECT_TRUE(find_leak(handle + " Repair K7QD-9XPT is fixed.", tara)); // no handle answered: a leak
}

TEST(privacy, details_of_anyone_are_found_by_their_shape) {
    EXPECT_EQ(find_details("Ring my partner on 07700 900321")->fact, personal_fact::phone);
    EXPECT_EQ(find_details("ring +44 20 7946 0018 today")->fact, personal_fact::phone);
    EXPECT_EQ(find_details("write to jo.bloggs@mail.example")->fact, personal_fact::email);
    EXPECT_EQ(find_details("near NW1 9AB")->fact, personal_fact::postcode);
    EXPECT_EQ(find_details("near nw19ab.")->fact, personal_fact::postcode);
    EXPECT_EQ(find_details("or knock at 14 Agar Grove")->fact, personal_fact::address);
    EXPECT_EQ(find_details("knock at 3a, long acre road")->fact, personal_fact::address);
    const std::string handle = "@tom@social.example";
    EXPECT_FALSE(find_details(handle + " Repair K7QD-9XPT (S-AB12-CD3E) is fixed on 4 December 2026. "
                                       "Not fixed? Tell us at https://repairs.example/track/"
                                       "0123456789abcdef0123456789abcdef",
                              handle));
    EXPECT_FALSE(find_details("Repair K7QD-9XPT has 2 visits booked; the heating is back on in your block"));
}

TEST(privacy, empty_facts_find_nothing) {
    EXPECT_FALSE(find_leak("anything at all 07700 900123", personal_facts{}));
}

} // namespace
} // namespace mend::domain
