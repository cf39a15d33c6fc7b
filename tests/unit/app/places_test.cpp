#include "app/accounts/admin.hpp"
#include "app/accounts/import.hpp"
#include "app/places.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

struct places_fixture : ::testing::Test {
    test::memory_store store;
    test::memory_unit uow{store.state};
    place_record estate;
    place_record block;
    place_record other_estate;

    void SetUp() override {
        estate = add_place(uow, {"estate", "Agar Estate", "Agar Grove, London"}).value();
        other_estate = add_place(uow, {"estate", "Maiden Estate", "Maiden Lane, London"}).value();
        block =
            add_place(uow, {"block", " Agar House ", "1-40 Agar Grove", "10002345678", estate.id}).value();
    }
};

TEST_F(places_fixture, a_place_has_a_kind_a_name_an_address_and_perhaps_a_uprn) {
    EXPECT_EQ(block.name, "Agar House") << "names are trimmed";
    EXPECT_EQ(block.uprn, "10002345678");
    EXPECT_EQ(block.estate_id, estate.id);
    EXPECT_FALSE(estate.uprn);
    const auto field_of = [&](const new_place& p) {
        auto r = add_place(uow, p);
        return r ? std::string("(added)") : r.error().field;
    };
    EXPECT_EQ(field_of({"tower", "T", "A"}), "kind");
    EXPECT_EQ(field_of({"block", "  ", "A"}), "name");
    EXPECT_EQ(field_of({"block", std::string(max_place_name + 1, 'x'), "A"}), "name");
    EXPECT_EQ(field_of({"block", "B", " "}), "address");
    EXPECT_EQ(field_of({"block", "B", "A", "12a"}), "uprn");
    EXPECT_EQ(field_of({"block", "B", "A", "10002345678"}), "uprn") << "another place has that UPRN";
    EXPECT_EQ(field_of({"block", "Agar House", "A"}), "name") << "a block of that name exists";
    EXPECT_EQ(field_of({"estate", "E", "A", "", estate.id}), "estate") << "estates lie on no estate";
    EXPECT_EQ(field_of({"block", "B", "A", "", block.id}), "estate") << "a block is no estate";
    EXPECT_EQ(field_of({"estate", "Agar House", "A"}), "(added)") << "names are unique per kind";
    EXPECT_EQ(add_place(uow, {"block", "Agar House", "A"}).error().code, errc::conflict);
}

TEST_F(places_fixture, only_admins_add_places_as_a_signed_in_caller) {
    const domain::actor officer{1, domain::role::officer, "O", {}};
    const domain::actor admin{2, domain::role::admin, "A", {}};
    EXPECT_EQ(add_place_as(uow, officer, {"block", "B", "A"}).error().code, errc::forbidden);
    EXPECT_TRUE(add_place_as(uow, admin, {"block", "B", "A"}));
}

TEST_F(places_fixture, a_home_in_a_block_is_on_the_blocks_estate) {
    const auto in_block = add_property(uow, {"100000000001", "Flat 1", "NW1 9AB", {}, {}, block.id});
    ASSERT_TRUE(in_block) << in_block.error().message;
    EXPECT_EQ(in_block->block_id, block.id);
    EXPECT_EQ(in_block->estate_id, estate.id);
    const auto on_estate =
        add_property(uow, {"100000000002", "2 Agar Grove", "NW1 9AC", {}, {}, {}, estate.id});
    ASSERT_TRUE(on_estate);
    EXPECT_FALSE(on_estate->block_id);
    EXPECT_EQ(on_estate->estate_id, estate.id);

    const auto refused = [&](std::optional<id_t> b, std::optional<id_t> e) {
        const auto r = add_property(uow, {"100000000009", "X", "NW1 9AD", {}, {}, b, e});
        return r ? std::string("(added)") : r.error().field;
    };
    EXPECT_EQ(refused(block.id, other_estate.id), "estate") << "the block lies on another estate";
    EXPECT_EQ(refused(estate.id, {}), "block") << "an estate is no block";
    EXPECT_EQ(refused({}, block.id), "estate") << "a block is no estate";
    EXPECT_EQ(refused(999, {}), "block");
    EXPECT_EQ(store.state.homes.size(), 2U) << "refused homes are not added";
}

TEST_F(places_fixture, the_homes_file_may_name_each_homes_block_and_estate) {
    const auto rows = parse_import(std::string(import_header) + ",block,estate\n" +
                                   "100000000001,Flat 1,NW1 9AB,,,,Agar House,\n"
                                   "100000000002,2 Agar Grove,NW1 9AC,,,,,Agar Estate\n"
                                   "100000000003,Flat 3,NW1 9AB,,,,Agar House,Maiden Estate\n"
                                   "100000000004,Flat 4,NW1 9AB,Ann Lee,,,Nowhere House,\n"
                                   "100000000005,5 Lane,NW1 9AE,,,\n");
    ASSERT_TRUE(rows) << rows.error().message;
    const auto refused = import_homes(uow, *rows);
    ASSERT_EQ(refused.size(), 3U);
    EXPECT_EQ(refused[0].line, 4U);
    EXPECT_NE(refused[0].message.find("another estate"), std::string::npos) << refused[0].message;
    EXPECT_EQ(refused[1].line, 5U);
    EXPECT_NE(refused[1].message.find("Nowhere House"), std::string::npos) << refused[1].message;
    EXPECT_EQ(refused[2].line, 6U);
    EXPECT_NE(refused[2].message.find("8 cells"), std::string::npos) << refused[2].message;
    EXPECT_TRUE(store.state.users.empty()) << "a refused row adds no tenant";
    ASSERT_EQ(store.state.homes.size(), 2U);
    const auto flat1 = uow.accounts().property_by_uprn("100000000001");
    ASSERT_TRUE(flat1);
    EXPECT_EQ(store.state.homes.at(flat1->id).block_id, block.id);
    EXPECT_EQ(store.state.homes.at(flat1->id).estate_id, estate.id);

    const auto plain =
        parse_import(std::string(import_header) + "\n100000000007,7 Lane,NW1 9AE,,,,Agar House,\n");
    ASSERT_TRUE(plain);
    EXPECT_EQ(import_homes(uow, *plain).size(), 1U) << "a six-column file's rows have six cells";
    EXPECT_FALSE(parse_import(std::string(import_header) + ",block\n1,2,3,,,,b\n")) << "both columns or none";
}

} // namespace
} // namespace mend::app
