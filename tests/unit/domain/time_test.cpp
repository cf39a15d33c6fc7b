#include "domain/reference.hpp"
#include "domain/time.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

TEST(time, formats_and_parses_utc) {
    const auto t = parse_iso("2026-12-01T08:30:15Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_iso(*t), "2026-12-01T08:30:15Z");
}

TEST(time, applies_offsets_and_writes_whole_seconds) {
    EXPECT_EQ(format_iso(*parse_iso("2026-06-01T09:00:00+01:00")), "2026-06-01T08:00:00Z");
    EXPECT_EQ(format_iso(*parse_iso("2026-06-01T09:00:00.123-02:30")), "2026-06-01T11:30:00Z");
    EXPECT_EQ(format_iso(*parse_iso("2026-06-01T09:00Z")), "2026-06-01T09:00:00Z");
}

TEST(time, keeps_fractions_to_the_millisecond_as_mastodon_writes_them) {
    EXPECT_EQ(to_unix_millis(*parse_iso("1970-01-01T00:00:01.5Z")), 1500);
    EXPECT_EQ(to_unix_millis(*parse_iso("2020-09-08T13:25:00.019685Z")), 1599571500019);
    EXPECT_EQ(to_unix_millis(*parse_iso("2020-09-08T13:25:00Z")), 1599571500000);
    EXPECT_FALSE(parse_iso("yesterday"));
    EXPECT_EQ(to_unix(*parse_iso("2020-09-08T13:25:00.999Z")), 1599571500); // stored seconds round down
    EXPECT_EQ(whole_seconds(from_unix_millis(1599571500999)), from_unix(1599571500));
}

TEST(time, refuses_what_is_not_a_date_and_time) {
    for (const char* bad :
         {"", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01", "2026-01-01T25:00:00Z",
          "2026-01-01T00:00:00", "tomorrow", "2026-01-01T00:00:00Zjunk"}) {
        EXPECT_FALSE(parse_iso(bad)) << bad;
    }
}

TEST(reference, has_the_documented_shape_and_normalises) {
    const std::string ref = make_reference(0x123456789abcULL);
    ASSERT_EQ(ref.size(), 9U);
    EXPECT_EQ(ref[4], '-');
    EXPECT_EQ(normalise_reference(ref), ref);
    std::string lower = ref;
    for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    EXPECT_EQ(normalise_reference(lower), ref);
    EXPECT_EQ(normalise_reference("ABCD-EFG0"), ""); // 0 is not in the alphabet
    EXPECT_EQ(normalise_reference("ABCDEFGH"), "");
}

} // namespace
} // namespace mend::domain
