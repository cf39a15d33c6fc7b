#include "formats/reports.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace mend::formats {
namespace {

namespace json = boost::json;

domain::rp02_report two_homes() {
    domain::rp02_report r;
    r.from = *domain::parse_iso("2026-04-01T00:00:00Z");
    r.to = *domain::parse_iso("2027-04-01T00:00:00Z");
    r.emergency = {4, 3};
    r.by_category["plumbing"] = {2, 1.5, 2.25};
    domain::repeat_repairs a;
    a.uprn = "100023336956";
    a.category = domain::category::plumbing;
    a.references = {"AB12-CD34", "EF56-GH78"};
    domain::repeat_repairs b;
    b.uprn = "odd \"uprn\"\n"; // escaped as JSON, whatever a home's uprn holds
    b.category = domain::category::damp_mould;
    b.references = {"JK90-LM12"};
    r.repeats = {a, b};
    return r;
}

// The repeats are written as text beside the rest's JSON tree: the whole is one JSON document.
TEST(rp02_json, the_text_is_one_document_with_every_repeat_and_the_measures) {
    const auto doc = json::parse(rp02_to_json(two_homes())).as_object();
    EXPECT_EQ(doc.at("from"), "2026-04-01T00:00:00Z");
    EXPECT_EQ(doc.at("rp02").at("emergency").at("count"), 4);
    EXPECT_EQ(doc.at("rp02").at("emergency").at("percent"), 75.0);
    EXPECT_EQ(doc.at("days_to_complete").at("by_category").at("plumbing").at("p90_days"), 2.25);
    const auto& repeats = doc.at("repeat_repairs").as_object();
    EXPECT_EQ(repeats.at("jobs"), 3);
    const auto& homes = repeats.at("homes").as_array();
    ASSERT_EQ(homes.size(), 2U);
    EXPECT_EQ(homes[0], json::parse(R"({"uprn":"100023336956","category":"plumbing",)"
                                    R"("references":["AB12-CD34","EF56-GH78"]})"));
    EXPECT_EQ(homes[1].at("uprn"), "odd \"uprn\"\n");
    EXPECT_EQ(homes[1].at("category"), "damp_mould");
    EXPECT_TRUE(doc.at("method").is_string());
}

TEST(rp02_json, no_repeats_is_an_empty_list) {
    domain::rp02_report r = two_homes();
    r.repeats.clear();
    const auto doc = json::parse(rp02_to_json(r)).as_object();
    EXPECT_EQ(doc.at("repeat_repairs"), json::parse(R"({"jobs":0,"homes":[]})"));
}

} // namespace
} // namespace mend::formats
