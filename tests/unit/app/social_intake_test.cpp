#include "app/social_intake.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

domain::instant at(std::string_view iso) {
    return *domain::parse_iso(iso);
}

std::vector<std::string> fields_of(const std::vector<problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) {
        out.push_back(p.field);
    }
    return out;
}

intake_form with_postcode(std::string postcode) {
    return {"", std::move(postcode), "1 Mill Lane", "ada@example.org", "", "email"};
}

TEST(social_intake, every_problem_is_named_by_its_field_in_the_order_of_the_page) {
    EXPECT_EQ(fields_of(intake_form_problems({"", "NOT A CODE", " ", "nobody", "123", "fax"})),
              (std::vector<std::string>{"address", "postcode", "email", "phone", "preferred"}));
    EXPECT_EQ(fields_of(intake_form_problems({"", "NW1 9AA", "1 Mill Lane", "ada@example.org", "", "phone"})),
              std::vector<std::string>{"phone"}); // the way chosen must be given
    EXPECT_EQ(fields_of(intake_form_problems(
                  {std::string(201, 'a'), "NW1 9AA", "1 Mill Lane", "", "07700 900456", "phone"})),
              std::vector<std::string>{"name"});
}

TEST(social_intake, postcodes_are_taken_in_the_uk_shape_in_any_case_and_spacing) {
    for (const char* good : {"NW1 9AA", "nw19aa", "SW1A 1AA", "M1 1AE", "B33 8TH", "DN55  1PT"}) {
        EXPECT_TRUE(intake_form_problems(with_postcode(good)).empty()) << good;
    }
    for (const char* bad : {"12345", "NW1", "NW1 9A1", "ABC DEF", "1W1 9AA", "NW1 9AA X"}) {
        EXPECT_EQ(fields_of(intake_form_problems(with_postcode(bad))), std::vector<std::string>{"postcode"})
            << bad;
    }
}

TEST(social_intake, the_token_is_kept_only_as_its_sha256_and_opens_the_item_it_was_made_for) {
    test::memory_store store;
    mention_record m;
    m.id = 1;
    m.network = "mastodon";
    m.reference = "S-K7QD-9XPT";
    store.state.inbox.mentions.push_back(m);
    const auto now = at("2030-03-04T10:00:00Z");

    const std::string token = write_and_wait(store, issue_intake_token, id_t{1}, now);
    ASSERT_EQ(token.size(), 69U);
    ASSERT_EQ(store.state.inbox.intake_tokens.size(), 1U);
    EXPECT_EQ(store.state.inbox.intake_tokens.begin()->first, intake_token_hash(token));
    EXPECT_EQ(intake_token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(with_intake_token("see https://x.example/social/{token} now", token),
              "see https://x.example/social/" + token + " now");

    const intake_form form{" Ada ", "nw1 9aa", " Flat 2, 14 Agar Grove ", "", "07700 900456", "phone"};
    const auto given = write_and_wait(store, give_intake_details, token, form, now + std::chrono::hours(1));
    ASSERT_TRUE(given) << given.error().message;
    const auto& kept = store.state.inbox.intake_details.at(1);
    EXPECT_EQ(kept.name, "Ada");
    EXPECT_EQ(kept.postcode, "NW1 9AA");
    EXPECT_EQ(kept.address, "Flat 2, 14 Agar Grove");
    EXPECT_EQ(kept.phone, "+447700900456");
    EXPECT_EQ(kept.preferred, contact_channel::phone);

    const std::string other = "mend_" + std::string(64, '0');
    EXPECT_EQ(write_and_wait(store, give_intake_details, other, form, now).error().code, errc::not_found);
    const auto late = write_and_wait(store, give_intake_details, token, form,
                                     now + intake_link_lifetime + std::chrono::hours(1));
    EXPECT_EQ(late.error().code, errc::not_found); // expired
    const intake_form bad{"", "", "", "", "", ""};
    EXPECT_EQ(write_and_wait(store, give_intake_details, token, bad, now).error().field, "address");
}

} // namespace
} // namespace mend::app
