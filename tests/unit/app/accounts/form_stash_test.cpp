#include "app/accounts/form_stash.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

const domain::instant t0 = domain::from_unix(1'790'000'000);

form_stash::entry note_for(std::string path) {
    return {std::move(path), {{"action", "start"}, {"note", "Half a note about the boiler"}}};
}

TEST(form_stash, gives_the_text_back_once_and_only_on_its_own_page) {
    form_stash stash;
    const auto id = stash.keep(note_for("/jobs/K7QD-9XPT"), t0);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->size(), 64U);
    EXPECT_NE(stash.keep(note_for("/jobs/K7QD-9XPT"), t0), id);
    EXPECT_TRUE(stash.has(*id, t0));
    EXPECT_FALSE(stash.take(*id, "/jobs/OTHER-JOBX", 1, t0)); // another page: not filled in, and still kept
    EXPECT_FALSE(stash.take("not-an-id", "/jobs/K7QD-9XPT", 1, t0));
    const auto back = stash.take(*id, "/jobs/K7QD-9XPT", 1, t0 + std::chrono::minutes(5));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->fields.at(1).second, "Half a note about the boiler");
    EXPECT_FALSE(stash.take(*id, "/jobs/K7QD-9XPT", 1, t0));
    EXPECT_FALSE(stash.has(*id, t0));
}

TEST(form_stash, forgets_after_its_lifetime_and_holds_a_bounded_amount) {
    form_stash stash;
    const auto id = stash.keep(note_for("/repairs/new"), t0);
    EXPECT_FALSE(stash.take(*id, "/repairs/new", 1, t0 + form_stash::lifetime));
    EXPECT_EQ(stash.size(), 0U);

    const auto first = stash.keep(note_for("/repairs/new"), t0);
    for (std::size_t i = 0; i < form_stash::capacity; ++i) {
        stash.keep(note_for("/repairs/new"), t0);
    }
    EXPECT_EQ(stash.size(), form_stash::capacity);
    EXPECT_FALSE(stash.has(*first, t0)); // the oldest went first

    form_stash::entry huge{"/repairs/new", {{"description", std::string(form_stash::max_entry_bytes, 'x')}}};
    EXPECT_FALSE(stash.keep(huge, t0));
}

TEST(form_stash, gives_a_lapsed_sessions_form_back_to_its_owner_only) {
    form_stash stash;
    auto e = note_for("/repairs/new");
    e.owner = 7;
    e.files.push_back({"photos", "leak.jpg", std::string(1000, 'j')});
    const auto id = stash.keep(e, t0);
    ASSERT_TRUE(id);
    EXPECT_FALSE(stash.take(*id, "/repairs/new", 8, t0)); // someone else signed in on that browser
    const auto back = stash.take(*id, "/repairs/new", 7, t0);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->files.at(0).filename, "leak.jpg");

    auto anonymous = note_for("/repairs/new"); // files are kept only for a known writer
    anonymous.files.push_back({"photos", "leak.jpg", "j"});
    EXPECT_FALSE(stash.keep(anonymous, t0));
}

TEST(form_stash, forgets_the_oldest_files_to_make_room) {
    form_stash stash;
    auto big = note_for("/repairs/new");
    big.owner = 7;
    big.files.push_back({"photos", "a.jpg", std::string(form_stash::max_file_bytes / 2 + 1, 'j')});
    const auto first = stash.keep(big, t0);
    const auto second = stash.keep(big, t0);
    ASSERT_TRUE(first && second);
    EXPECT_FALSE(stash.has(*first, t0));
    EXPECT_TRUE(stash.has(*second, t0));
    EXPECT_TRUE(stash.take(*second, "/repairs/new", 7, t0));
    EXPECT_TRUE(stash.keep(big, t0)); // taking it gave its room back
}

} // namespace
} // namespace mend::app
