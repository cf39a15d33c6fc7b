#include "pages/date_input.hpp"

#include <gtest/gtest.h>

namespace mend::pages {
namespace {

TEST(date_input, reads_day_month_and_year_boxes_as_a_real_date) {
    EXPECT_EQ(date_of({"27", "3", "2027"}), "2027-03-27");
    EXPECT_EQ(date_of({" 04", "03 ", "2030"}), "2030-03-04");
    EXPECT_EQ(date_of({"29", "2", "2028"}), "2028-02-29");
    for (const date_parts& bad :
         {date_parts{"29", "2", "2027"}, date_parts{"31", "4", "2027"}, date_parts{"0", "3", "2027"},
          date_parts{"1", "13", "2027"}, date_parts{"1", "3", "27"}, date_parts{"1", "March", "2027"},
          date_parts{"", "3", "2027"}, date_parts{"-1", "3", "2027"}}) {
        EXPECT_EQ(date_of(bad), std::nullopt) << bad.day << "/" << bad.month << "/" << bad.year;
    }
}

TEST(date_input, says_which_box_is_wrong_in_govuk_words) {
    EXPECT_EQ(date_problem({"", "", ""}, "The date of the appointment"),
              std::pair(std::string("-day"), std::string("Enter the date of the appointment")));
    EXPECT_EQ(
        date_problem({"4", "", "2030"}, "The date of the appointment"),
        std::pair(std::string("-month"), std::string("The date of the appointment must include a month")));
    EXPECT_EQ(date_problem({"4", "3", ""}, "The date")->first, "-year");
    EXPECT_EQ(date_problem({"31", "2", "2030"}, "The date")->second,
              "The date must be a real date, like 27 3 2027");
    EXPECT_EQ(date_problem({"4", "3", "2030"}, "The date"), std::nullopt);
}

TEST(date_input, reads_times_as_people_type_them) {
    EXPECT_EQ(clock_time_of("09:00"), "09:00");
    EXPECT_EQ(clock_time_of("9:00"), "09:00");
    EXPECT_EQ(clock_time_of("14.30"), "14:30");
    EXPECT_EQ(clock_time_of("9am"), "09:00");
    EXPECT_EQ(clock_time_of("9 AM"), "09:00");
    EXPECT_EQ(clock_time_of("12am"), "00:00");
    EXPECT_EQ(clock_time_of("12pm"), "12:00");
    EXPECT_EQ(clock_time_of("2:15pm"), "14:15");
    for (const char* bad : {"", "9", "25:00", "9:60", "9:5", "13pm", "0am", "noon", "9:00:00", "-1:00"}) {
        EXPECT_EQ(clock_time_of(bad), std::nullopt) << bad;
    }
}

} // namespace
} // namespace mend::pages
