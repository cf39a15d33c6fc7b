#include "log/log.hpp"

#include <boost/json/parse.hpp>
#include <chrono>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace {

using namespace mend;
using testing::HasSubstr;

// 2025-03-01T09:30:00.123Z
const auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1740821400123));

// Captures what is written while it lives; restores the default settings and sink after.
struct captured {
    explicit captured(const log::settings& chosen) {
        log::configure(chosen);
        log::set_sink([this](std::string_view line) { lines.emplace_back(line); });
    }
    ~captured() {
        log::set_sink(nullptr);
        log::configure({});
    }
    captured(const captured&) = delete;
    captured& operator=(const captured&) = delete;

    std::vector<std::string> lines;
};

TEST(log, logfmt_line_has_time_level_message_and_fields_in_order) {
    const auto line = log::format_line(log::format::logfmt, at, log::level::warn, "channel paused",
                                       {{"channel", "sms"}, {"seconds", 30}, {"retry", true}});
    EXPECT_EQ(line, "time=2025-03-01T09:30:00.123Z level=warn msg=\"channel paused\" channel=sms seconds=30 "
                    "retry=true");
}

TEST(log, logfmt_quotes_and_escapes_what_could_forge_a_field_or_a_line) {
    const auto line = log::format_line(log::format::logfmt, at, log::level::info, "request",
                                       {{"path", "/a b=c\"d\\e\nlevel=error"}, {"empty", ""}});
    EXPECT_THAT(line, HasSubstr(R"(path="/a b=c\"d\\e\nlevel=error")"));
    EXPECT_THAT(line, HasSubstr("empty=\"\""));
    EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(log, json_line_is_one_object_with_numbers_and_flags_bare) {
    const auto line =
        log::format_line(log::format::json, at, log::level::error, "request failed",
                         {{"request_id", std::uint64_t{42}}, {"target", "/x?\"q\"\n\x01"}, {"keep", false}});
    const auto value = boost::json::parse(line);
    const auto& object = value.as_object();
    EXPECT_EQ(object.at("time").as_string(), "2025-03-01T09:30:00.123Z");
    EXPECT_EQ(object.at("level").as_string(), "error");
    EXPECT_EQ(object.at("msg").as_string(), "request failed");
    EXPECT_EQ(object.at("request_id").as_int64(), 42);
    EXPECT_EQ(object.at("target").as_string(), "/x?\"q\"\n\x01");
    EXPECT_EQ(object.at("keep").as_bool(), false);
    EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(log, invalid_utf8_becomes_a_replacement_character_and_valid_utf8_passes) {
    const auto line = log::format_line(log::format::json, at, log::level::info, "m",
                                       {{"name", "Siân \xff\xc3"}, {"bad", "\xed\xa0\x80"}});
    const auto value = boost::json::parse(line); // throws on invalid UTF-8 or bad escapes
    EXPECT_EQ(value.as_object().at("name").as_string(), "Siân \xef\xbf\xbd\xef\xbf\xbd");
    EXPECT_EQ(value.as_object().at("bad").as_string(), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(log, long_values_are_cut) {
    const std::string huge(log::max_value_bytes * 4, 'x');
    const auto line = log::format_line(log::format::logfmt, at, log::level::info, "m", {{"v", huge}});
    EXPECT_LT(line.size(), log::max_value_bytes + 100);
    EXPECT_THAT(line, HasSubstr("...\""));
}

TEST(log, lines_below_the_minimum_level_are_not_written) {
    captured out({log::format::logfmt, log::level::warn, false});
    log::info("quiet");
    log::warn("loud", {{"n", 1}});
    log::error("louder");
    ASSERT_EQ(out.lines.size(), 2U);
    EXPECT_THAT(out.lines[0], HasSubstr("level=warn msg=loud n=1\n"));
    EXPECT_THAT(out.lines[1], HasSubstr("level=error msg=louder\n"));
    EXPECT_FALSE(log::enabled(log::level::info));
}

TEST(log, configured_format_and_access_are_used) {
    captured out({log::format::json, log::level::debug, true});
    log::debug("hello", {{"who", "tests"}});
    ASSERT_EQ(out.lines.size(), 1U);
    EXPECT_EQ(out.lines[0].back(), '\n');
    EXPECT_EQ(boost::json::parse(out.lines[0]).as_object().at("who").as_string(), "tests");
    EXPECT_TRUE(log::access_enabled());
}

TEST(log, names_parse_back) {
    log::level l{};
    log::format f{};
    EXPECT_TRUE(log::parse_level("debug", l));
    EXPECT_EQ(l, log::level::debug);
    EXPECT_TRUE(log::parse_level("error", l));
    EXPECT_EQ(log::level_name(l), "error");
    EXPECT_FALSE(log::parse_level("verbose", l));
    EXPECT_TRUE(log::parse_format("json", f));
    EXPECT_EQ(f, log::format::json);
    EXPECT_TRUE(log::parse_format("logfmt", f));
    EXPECT_EQ(f, log::format::logfmt);
    EXPECT_FALSE(log::parse_format("text", f));
}

} // namespace
