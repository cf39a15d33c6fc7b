#include "app/holidays.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using domain::role;

domain::instant at(std::string_view iso) {
    return *domain::parse_iso(iso);
}

class holidays_test : public ::testing::Test {
protected:
    outcome<holidays_added> add(const domain::actor& who, std::string year, std::string dates) {
        return write_and_wait(store, add_holidays, who, holidays_form{std::move(year), std::move(dates)},
                              at("2028-02-01T10:00:00Z"));
    }

    test::memory_store store;
    domain::actor admin{1, role::admin, "Ada", {}};
    domain::actor officer{2, role::officer, "Olivia", {}};
};

TEST_F(holidays_test, an_admin_adds_a_whole_year_and_the_calendar_covers_it) {
    const auto added =
        add(admin, "2029", "2029-01-01 New Year's Day\r\n\n2029-03-30  Good Friday \n2029-04-02\n");
    ASSERT_TRUE(added) << added.error().message;
    ASSERT_EQ(added->days.size(), 3U);
    EXPECT_EQ(added->days[1].name, "Good Friday");
    EXPECT_EQ(added->days[2].name, "Bank holiday");
    EXPECT_EQ(added->complete_year, 2029);
    EXPECT_EQ(store.state.clocks.holidays.days.size(), 3U);
    EXPECT_EQ(store.state.clocks.holidays.complete_years, std::vector<int>{2029});

    const auto cal = domain::holiday_calendar::england_and_wales();
    ASSERT_TRUE(calendar_warning(cal, at("2028-02-01T10:00:00Z")));
    apply_holidays(cal, *added);
    EXPECT_TRUE(cal.is_holiday(*domain::parse_date("2029-03-30")));
    EXPECT_EQ(cal.covered_until(), *domain::parse_date("2029-12-31"));
    EXPECT_FALSE(calendar_warning(cal, at("2028-02-01T10:00:00Z")));
}

TEST_F(holidays_test, the_warning_says_when_and_what_to_do) {
    const auto cal = domain::holiday_calendar::england_and_wales();
    EXPECT_FALSE(calendar_warning(cal, at("2027-12-30T12:00:00Z")));
    EXPECT_EQ(
        *calendar_warning(cal, at("2028-01-01T00:30:00Z")),
        "The bank holiday calendar ends on 31 December 2028. Working-day deadlines after that count bank "
        "holidays as working days. An admin can add the bank holidays for 2029 on the Bank holidays page.");
    EXPECT_NE(calendar_warning(cal, at("2029-01-02T12:00:00Z"))->find("ended on 31 December 2028"),
              std::string::npos);
}

TEST_F(holidays_test, bad_input_names_the_field_and_line_and_adds_nothing) {
    struct bad_case {
        std::string year, dates, field, message;
    };
    const std::vector<bad_case> cases{
        {"", "", "dates", "Enter at least one date, like 2029-01-01 New Year's Day"},
        {"29", "2029-01-01", "year", "Enter a year like 2029, or leave it blank for single closure days"},
        {"", "2029-01-01 New Year's Day\n2029-02-30 Nonsense", "dates",
         "Line 2: start with a date like 2029-01-01"},
        {"", "01/01/2029", "dates", "Line 1: start with a date like 2029-01-01"},
        {"", "2029-01-01New Year", "dates", "Line 1: put a space between the date and its name"},
        {"2029", "2029-01-01\n2030-01-01", "dates", "Line 2: 2030-01-01 is not in 2029"},
    };
    for (const auto& c : cases) {
        const auto r = add(admin, c.year, c.dates);
        ASSERT_FALSE(r) << c.dates;
        EXPECT_EQ(r.error().field, c.field) << c.dates;
        EXPECT_EQ(r.error().message, c.message) << c.dates;
    }
    EXPECT_TRUE(store.state.clocks.holidays.days.empty());
    EXPECT_TRUE(store.state.clocks.holidays.complete_years.empty());
}

TEST_F(holidays_test, only_an_admin_adds_holidays) {
    const auto r = add(officer, "", "2029-01-01");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::forbidden);
    EXPECT_TRUE(store.state.clocks.holidays.days.empty());
}

} // namespace
} // namespace mend::app
