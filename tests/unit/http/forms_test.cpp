#include "http/forms.hpp"

#include <gtest/gtest.h>

namespace mend::http {
namespace {

const std::string type = "multipart/form-data; boundary=----b0undary";

std::string part(const std::string& headers, const std::string& data) {
    return "------b0undary\r\n" + headers + "\r\n\r\n" + data + "\r\n";
}

TEST(forms, an_id_is_a_whole_number_above_zero_and_nothing_else) {
    EXPECT_EQ(parse_id("42"), 42);
    EXPECT_FALSE(parse_id("0"));
    EXPECT_FALSE(parse_id("-3"));
    EXPECT_FALSE(parse_id("4a"));
    EXPECT_FALSE(parse_id(" 4"));
    EXPECT_FALSE(parse_id(""));
    EXPECT_FALSE(parse_id("99999999999999999999"));
}

TEST(forms, urlencoded_decodes_plus_and_percent) {
    auto f = parse_urlencoded("a=1&b=x+y%21&c=&d&csrf_token=abc%2B");
    ASSERT_TRUE(f);
    EXPECT_EQ(form_value(*f, "a"), "1");
    EXPECT_EQ(form_value(*f, "b"), "x y!");
    EXPECT_EQ(form_value(*f, "c"), "");
    EXPECT_EQ(form_value(*f, "csrf_token"), "abc+");
    EXPECT_EQ(form_value(*f, "missing"), "");
}

TEST(forms, urlencoded_refuses_broken_escapes) {
    EXPECT_FALSE(parse_urlencoded("a=%4"));
    EXPECT_FALSE(parse_urlencoded("a=%zz"));
}

TEST(forms, multipart_text_and_files) {
    const std::string body =
        part("Content-Disposition: form-data; name=\"csrf_token\"", "t0k") +
        part("Content-Disposition: form-data; name=\"description\"", "line 1\r\nline 2") +
        part("Content-Disposition: form-data; name=\"photos\"; filename=\"a \\\"b\\\".png\"\r\n"
             "Content-Type: image/png",
             std::string("\x89PNG\r\n\x1a\n\0\r\n--x", 15)) +
        part("Content-Disposition: form-data; name=\"photos\"; filename=\"\"", "") + "------b0undary--\r\n";
    auto f = parse_multipart(type, body);
    ASSERT_TRUE(f);
    ASSERT_EQ(f->size(), 4U);
    EXPECT_EQ(form_value(*f, "csrf_token"), "t0k");
    EXPECT_EQ(form_value(*f, "description"), "line 1\r\nline 2");
    const auto files = form_files(*f, "photos");
    ASSERT_EQ(files.size(), 2U);
    EXPECT_EQ(files[0]->filename, "a \"b\".png");
    EXPECT_EQ(files[0]->content_type, "image/png");
    EXPECT_EQ(files[0]->value.size(), 15U);
    EXPECT_EQ(files[1]->value, "");
    EXPECT_EQ(form_value(*f, "photos"), ""); // a file is not a text value
}

TEST(forms, multipart_is_strict) {
    const std::string ok = part("Content-Disposition: form-data; name=\"a\"", "1") + "------b0undary--";
    EXPECT_TRUE(parse_multipart(type, ok));
    EXPECT_FALSE(parse_multipart("multipart/form-data", ok)) << "no boundary";
    EXPECT_FALSE(parse_multipart("text/plain; boundary=----b0undary", ok)) << "wrong type";
    EXPECT_FALSE(parse_multipart(type, "preamble\r\n" + ok)) << "no preamble from browsers";
    EXPECT_FALSE(parse_multipart(type, part("Content-Disposition: form-data; name=\"a\"", "1")))
        << "no closing delimiter";
    EXPECT_FALSE(
        parse_multipart(type, part("Content-Disposition: attachment; name=\"a\"", "1") + "------b0undary--"));
    EXPECT_FALSE(parse_multipart(type, part("Content-Disposition: form-data", "1") + "------b0undary--"))
        << "no name";
    EXPECT_FALSE(
        parse_multipart(type, part("Content-Disposition: form-data; name=\"a", "1") + "------b0undary--"))
        << "unterminated quote";
    EXPECT_FALSE(parse_multipart(type, part("Bad header line", "1") + "------b0undary--"));
    std::string many;
    for (std::size_t i = 0; i <= max_form_parts; ++i) {
        many += part("Content-Disposition: form-data; name=\"p\"", "x");
    }
    EXPECT_FALSE(parse_multipart(type, many + "------b0undary--")) << "too many parts";
    EXPECT_FALSE(parse_multipart(type, part("X-Long: " + std::string(max_part_header, 'x') +
                                                "\r\nContent-Disposition: form-data; name=\"a\"",
                                            "1") +
                                           "------b0undary--"))
        << "part header too long";
}

TEST(forms, parse_form_by_content_type) {
    EXPECT_TRUE(parse_form("application/x-www-form-urlencoded; charset=UTF-8", "a=1"));
    EXPECT_FALSE(parse_form("application/json", "{}"));
}

TEST(forms, cookies) {
    EXPECT_EQ(cookie_value("a=1; mend_session=abc; b=2", "mend_session"), "abc");
    EXPECT_EQ(cookie_value("xmend_session=abc", "mend_session"), "");
    EXPECT_EQ(cookie_value("", "mend_session"), "");
}

} // namespace
} // namespace mend::http
