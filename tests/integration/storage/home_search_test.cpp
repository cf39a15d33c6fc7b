// Phone intake's search (schema/0011_home_search.sql and sqlite_web_read_store::find_homes) on a real
// database file: prefixes, postcodes with and without the space, names, ranking, and changes made after the
// homes were added, whichever code makes them.
#include "app/accounts/admin.hpp"
#include "app/accounts/home_search.hpp"
#include "integration/storage/database_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <string>
#include <vector>

namespace mend::storage {
namespace {

class home_search_test : public database_fixture {
protected:
    void seed() override {
        officer = add_person("officer", "Olivia Officer");
        ada = add_person("tenant", "Ada Okonkwo");
        sam = add_person("tenant", "Sam Lee");
        zoe = add_person("tenant", "Zoë Grove");
        agar = add_home("100000000001", "12 Agar Grove", "NW1 9SL", ada.user_id);
        add_home("100000000002", "4 Lee Street", "E1 6AN", std::nullopt);
        oak = add_home("100000000003", "9 Oak Road", "N7 0AA", sam.user_id);
        add_home("100000000004", "1 Grove Terrace", "NW5 1LB", std::nullopt);
        add_home("100000000005", "Flat 2, 30 Camden Road", "NW1 9LR", zoe.user_id);
        add_home("100000000006", "7 Leeds Place", "N4 3RR", std::nullopt);
    }

    domain::actor add_person(const std::string& role, const std::string& name) {
        const auto created = unit(app::add_user, app::new_user{role, name, {}, "07700 900123", {}});
        return {created.user.id, created.user.role, created.user.name, created.user.contractor_id};
    }

    app::id_t add_home(const std::string& uprn, const std::string& address, const std::string& postcode,
                       std::optional<app::id_t> tenant) {
        return unit(app::add_property, app::new_property{uprn, address, postcode, tenant}).id;
    }

    // The addresses found, best first.
    std::vector<std::string> found(const std::string& text) {
        const auto homes = app::find_homes(db_->web_reads(), officer, text);
        EXPECT_TRUE(homes.has_value()) << text;
        std::vector<std::string> out;
        for (const auto& m : homes.value()) {
            out.push_back(m.home.address);
        }
        return out;
    }

    void run_sql(const std::string& sql) {
        SQLite::Database raw(dir_ / "mend.db", SQLite::OPEN_READWRITE);
        raw.exec(sql);
    }

    domain::actor officer, ada, sam, zoe;
    app::id_t agar = 0, oak = 0;
};

using addresses = std::vector<std::string>;

TEST_F(home_search_test, finds_a_home_by_prefixes_of_the_words_of_its_address) {
    EXPECT_EQ(found("agar gro"), addresses{"12 Agar Grove"});
    EXPECT_EQ(found("AGAR"), addresses{"12 Agar Grove"});
    EXPECT_EQ(found("camden 30"), addresses{"Flat 2, 30 Camden Road"});
    EXPECT_EQ(found("agar oak"), addresses{}); // every word must match
}

TEST_F(home_search_test, finds_a_postcode_with_or_without_its_space_and_by_its_start) {
    const addresses both{"12 Agar Grove", "Flat 2, 30 Camden Road"};
    auto nw1_9 = found("NW1 9");
    std::sort(nw1_9.begin(), nw1_9.end());
    EXPECT_EQ(nw1_9, both);
    EXPECT_EQ(found("nw1 9sl"), addresses{"12 Agar Grove"});
    EXPECT_EQ(found("NW19SL"), addresses{"12 Agar Grove"});
    EXPECT_EQ(found("nw19s"), addresses{"12 Agar Grove"});
    EXPECT_EQ(found("n7 0aa"), addresses{"9 Oak Road"});
}

TEST_F(home_search_test, a_whole_postcode_finds_that_postcode_and_not_the_districts_that_start_like_it) {
    add_home("100000000009", "3 Oak Lane", "N71 0AA", std::nullopt);
    add_home("100000000010", "0AA Street", "N7 6QQ", std::nullopt); // words of an address are no postcode
    EXPECT_EQ(found("n7 0aa"), addresses{"9 Oak Road"});
    EXPECT_EQ(found("N70AA"), addresses{"9 Oak Road"});
    EXPECT_EQ(found("N71 0AA"), addresses{"3 Oak Lane"});
    // Not a whole postcode: words by their beginnings, as before.
    auto n7 = found("n7");
    std::sort(n7.begin(), n7.end());
    EXPECT_EQ(n7, (addresses{"0AA Street", "3 Oak Lane", "9 Oak Road"}));
}

TEST_F(home_search_test, finds_a_home_by_its_tenants_name_and_returns_the_tenant) {
    const auto homes = app::find_homes(db_->web_reads(), officer, "okonk");
    ASSERT_TRUE(homes.has_value());
    ASSERT_EQ(homes->size(), 1U);
    EXPECT_EQ(homes->front().home.id, agar);
    ASSERT_EQ(homes->front().tenants.size(), 1U);
    EXPECT_EQ(homes->front().tenants.front().name, "Ada Okonkwo");
    EXPECT_EQ(homes->front().tenants.front().phone, "+447700900123"); // stored in E.164
    EXPECT_EQ(found("ada ok"), addresses{"12 Agar Grove"});
    EXPECT_EQ(found("zoe"), addresses{"Flat 2, 30 Camden Road"}); // diacritics folded
}

TEST_F(home_search_test, ranks_a_tenants_name_before_the_same_word_in_an_address) {
    const auto lee = found("lee");
    ASSERT_EQ(lee.size(), 3U);
    EXPECT_EQ(lee.front(), "9 Oak Road"); // Sam Lee's home, before 4 Lee Street and 7 Leeds Place
    const auto grove = found("grove");
    ASSERT_EQ(grove.size(), 3U);
    EXPECT_EQ(grove.front(), "Flat 2, 30 Camden Road"); // Zoë Grove's home
}

TEST_F(home_search_test, finds_homes_and_tenants_as_they_are_after_changes) {
    run_sql(
        "UPDATE properties SET address = '14 Agar Grove', postcode = 'NW1 9TA' WHERE uprn = '100000000001'");
    EXPECT_EQ(found("14 agar"), addresses{"14 Agar Grove"});
    EXPECT_EQ(found("NW19TA"), addresses{"14 Agar Grove"});
    EXPECT_EQ(found("NW1 9SL"), addresses{});

    run_sql("UPDATE users SET name = 'Ada Mensah' WHERE id = " + std::to_string(ada.user_id));
    EXPECT_EQ(found("mensah"), addresses{"14 Agar Grove"});
    EXPECT_EQ(found("okonkwo"), addresses{});

    run_sql("DELETE FROM tenancies WHERE user_id = " + std::to_string(sam.user_id));
    EXPECT_EQ(found("sam"), addresses{});
    run_sql("INSERT INTO tenancies (property_id, user_id) VALUES (" + std::to_string(oak) + ", " +
            std::to_string(sam.user_id) + ")");
    EXPECT_EQ(found("sam lee"), addresses{"9 Oak Road"});
}

TEST_F(home_search_test, refuses_an_empty_search_and_callers_who_are_not_staff) {
    const auto empty = app::find_homes(db_->web_reads(), officer, " -' ");
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().field, "q");
    EXPECT_EQ(app::find_homes(db_->web_reads(), ada, "agar").error().code, app::errc::forbidden);
    EXPECT_EQ(found("\"agar\" OR *"), addresses{}); // FTS5 syntax is only words: "agar", "or"
}

TEST_F(home_search_test, a_choice_stands_only_for_a_tenant_of_the_home) {
    const auto home = std::to_string(agar);
    const auto ok = app::choose_home(db_->web_reads(), officer, home, std::to_string(ada.user_id));
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->tenant->name, "Ada Okonkwo");
    EXPECT_EQ(app::choose_home(db_->web_reads(), officer, home, std::to_string(sam.user_id)).error().field,
              "tenant");
    EXPECT_EQ(app::choose_home(db_->web_reads(), officer, "12x", "").error().field, "home");
    EXPECT_TRUE(app::choose_home(db_->web_reads(), officer, std::to_string(oak), "").has_value());
}

} // namespace
} // namespace mend::storage
