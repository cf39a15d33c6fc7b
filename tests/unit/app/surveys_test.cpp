// Importing perception-survey responses: the whole file or nothing, each problem naming its line and column.
#include "app/surveys.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using domain::role;

class surveys_test : public ::testing::Test {
protected:
    outcome<survey_import> import(const domain::actor& who, std::string csv) {
        return write_and_wait(store, import_surveys, who, std::move(csv),
                              *domain::parse_iso("2027-01-10T12:00:00Z"));
    }

    test::memory_store store;
    domain::actor officer{2, role::officer, "Olivia", {}};
    domain::actor tenant{3, role::tenant, "Tara", {}};
};

TEST_F(surveys_test, columns_in_any_order_with_other_questions_ignored) {
    const auto done = import(officer, "\xEF\xBB\xBF"
                                      "Date,Respondent,TP04,Tenure,TP01,TP02,TP03\r\n"
                                      "2026-05-01,R1,5,LCRA,Very satisfied,4,n/a\r\n"
                                      "30/06/2026,R2,1,LCHO,2,\"fairly dissatisfied\",don't know\r\n");
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->rows, 2U);
    EXPECT_EQ(done->added, 2U);
    ASSERT_EQ(store.state.surveys.size(), 2U);
    const auto& r2 = store.state.surveys[1];
    EXPECT_EQ(r2.respondent, "R2");
    EXPECT_EQ(r2.tenure, domain::tenure::low_cost_home_ownership);
    EXPECT_EQ(domain::format_date(r2.responded_on), "2026-06-30");
    EXPECT_EQ(r2.tp01.scale, 2);
    EXPECT_EQ(r2.tp02.scale, 2);
    EXPECT_FALSE(r2.tp03.scale);

    // The same respondent and day again replaces, not adds.
    const auto again = import(officer, "respondent,tenure,date,tp01,tp02,tp03\nR1,LCRA,2026-05-01,1,1,1\n");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->added, 0U);
    ASSERT_EQ(store.state.surveys.size(), 2U);
    EXPECT_EQ(store.state.surveys[0].tp01.scale, 1);
}

TEST_F(surveys_test, one_bad_row_refuses_the_file_naming_its_line_and_column) {
    const std::string header = "respondent,tenure,date,tp01,tp02,tp03\n";
    const struct {
        std::string rows;
        std::string field;
        std::string says;
    } cases[] = {
        {"R1,LCRA,2026-05-01,5,5,5\nR2,LCRA,2026-05-02,5,7,5\n", "tp02", "Line 3, tp02"},
        {"R1,council,2026-05-01,5,5,5\n", "tenure", "Line 2, tenure"},
        {"R1,LCRA,2026-13-01,5,5,5\n", "date", "Line 2, date"},
        {"R1,LCRA,2027-02-01,5,5,5\n", "date", "in the future"},
        {",LCRA,2026-05-01,5,5,5\n", "respondent", "Line 2, respondent"},
    };
    for (const auto& c : cases) {
        const auto done = import(officer, header + c.rows);
        ASSERT_FALSE(done) << c.rows;
        EXPECT_EQ(done.error().field, c.field) << c.rows;
        EXPECT_NE(done.error().message.find(c.says), std::string::npos) << done.error().message;
    }
    EXPECT_TRUE(store.state.surveys.empty()); // not even the good first row of the first case

    const auto no_column = import(officer, "respondent,tenure,date,tp01,tp02\nR1,LCRA,2026-05-01,5,5\n");
    ASSERT_FALSE(no_column);
    EXPECT_EQ(no_column.error().field, "file");
    EXPECT_NE(no_column.error().message.find("tp03 is missing"), std::string::npos);
    EXPECT_FALSE(import(officer, header));
    EXPECT_FALSE(import(officer, ""));
}

TEST_F(surveys_test, only_staff_import) {
    const auto done = import(tenant, "respondent,tenure,date,tp01,tp02,tp03\nR1,LCRA,2026-05-01,5,5,5\n");
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, errc::forbidden);
}

} // namespace
} // namespace mend::app
