#include "domain/phone.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

TEST(phone, takes_a_uk_mobile_in_every_common_form_to_e164) {
    for (const char* typed :
         {"07700 900456", "07700900456", "+44 7700 900456", "+447700900456", "447700900456", "44 7700 900456",
          "(07700) 900456", "+44 (0)7700 900456", "0044 7700 900456", "07700-900-456", " 07700.900.456 ",
          "+44 (0) 7700 900456"}) {
        EXPECT_EQ(phone_e164(typed), "+447700900456") << typed;
    }
}

TEST(phone, takes_uk_landlines_of_nine_and_ten_digits) {
    EXPECT_EQ(phone_e164("020 7946 0000"), "+442079460000");
    EXPECT_EQ(phone_e164("(01632) 960 001"), "+441632960001");
    EXPECT_EQ(phone_e164("016977 3456"), "+44169773456");
}

TEST(phone, keeps_another_country_written_with_its_code) {
    EXPECT_EQ(phone_e164("+353 85 123 4567"), "+353851234567");
    EXPECT_EQ(phone_e164("00353 85 123 4567"), "+353851234567");
}

TEST(phone, refuses_what_is_not_a_phone_number) {
    for (const char* typed :
         {"", " ", "+", "0", "7700 900456", "07700 90045", "07700 9004567", "0770O 900456",
          "07700 900456 ext 2", "+44 07700 9004567", "+44 0 0770 090045", "00", "+0123456789", "+1234567",
          "+1234567890123456", "07700+900456", "tenant@example.org", "447700900", "00441234"}) {
        EXPECT_EQ(phone_e164(typed), std::nullopt) << typed;
    }
}

TEST(phone, reads_uk_numbers_as_people_write_them) {
    EXPECT_EQ(phone_words("+447700900456"), "07700 900456");
    EXPECT_EQ(phone_words("+442079460018"), "020 7946 0018");
    EXPECT_EQ(phone_words("+441632960001"), "01632 960001");
    EXPECT_EQ(phone_words("+44169773456"), "+44169773456");
    EXPECT_EQ(phone_words("+353851234567"), "+353851234567");
}

} // namespace
} // namespace mend::domain
