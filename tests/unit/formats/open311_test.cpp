#include "formats/open311.hpp"

#include <gtest/gtest.h>
#include <map>

namespace mend::formats {
namespace {

// The contract's table (§8), written out again: each state of a job and the extended status a client reads.
TEST(open311_status, every_state_maps_to_a_status_fixmystreet_knows) {
    const std::map<domain::status, std::string> want{
        {domain::status::reported, "OPEN"},
        {domain::status::triaged, "INVESTIGATING"},
        {domain::status::assigned, "ACTION_SCHEDULED"},
        {domain::status::scheduled, "ACTION_SCHEDULED"},
        {domain::status::in_progress, "IN_PROGRESS"},
        {domain::status::on_hold, "IN_PROGRESS"},
        {domain::status::completed, "FIXED"},
        {domain::status::resolved, "FIXED"},
        {domain::status::closed, "FIXED"},
        {domain::status::cancelled, "CANCELLED"},
        {domain::status::rejected, "NO_FURTHER_ACTION"},
        {domain::status::duplicate, "DUPLICATE"},
    };
    ASSERT_EQ(want.size(), domain::names<domain::status>::list.size());
    for (const auto& [state, status] : want) {
        EXPECT_EQ(open311_status(state), status) << domain::to_string(state);
    }
}

TEST(open311_status, the_plain_status_is_open_until_the_job_is_fixed_or_ended) {
    EXPECT_EQ(open311_plain_status(domain::status::reported), "open");
    EXPECT_EQ(open311_plain_status(domain::status::on_hold), "open");
    EXPECT_EQ(open311_plain_status(domain::status::completed), "closed");
    EXPECT_EQ(open311_plain_status(domain::status::cancelled), "closed");
}

TEST(xml_escape, escapes_markup_and_keeps_utf8) {
    EXPECT_EQ(xml_escape("a < b & c > d \"q\" 'a'"), "a &lt; b &amp; c &gt; d &quot;q&quot; &apos;a&apos;");
    EXPECT_EQ(xml_escape("Café £120 ✓ 😀"), "Café £120 ✓ 😀");
    EXPECT_EQ(xml_escape("line\nnext\ttab"), "line\nnext\ttab");
    EXPECT_EQ(xml_escape("</description><x>"), "&lt;/description&gt;&lt;x&gt;");
}

TEST(xml_escape, replaces_what_xml_cannot_carry) {
    EXPECT_EQ(xml_escape(std::string("a\x01"
                                     "b",
                                     3)),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(xml_escape(std::string("\0", 1)), "\xEF\xBF\xBD");
    EXPECT_EQ(xml_escape("\xC3"), "\xEF\xBF\xBD");                                 // a cut sequence
    EXPECT_EQ(xml_escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                 // an overlong one
    EXPECT_EQ(xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
}

TEST(open311_documents, an_error_is_an_errors_element_with_code_and_description) {
    const auto doc = errors_document(open311_format::xml, 403, "api_key is not valid & <bad>");
    EXPECT_EQ(doc.content_type, "text/xml; charset=utf-8");
    EXPECT_EQ(doc.body,
              "<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>403</code><description>"
              "api_key is not valid &amp; &lt;bad&gt;</description></error></errors>");
    const auto json = errors_document(open311_format::json, 404, "no such \"token\"");
    EXPECT_EQ(json.body, R"([{"code":"404","description":"no such \"token\""}])");
}

TEST(open311_documents, an_update_carries_its_id_status_and_time_with_a_zone) {
    app::open311_update u{"42", "K7QD-9XPT", domain::from_unix(1'800'000'000), domain::status::completed,
                          "Fixed <today>"};
    const auto doc = updates_document(open311_format::xml, {u});
    EXPECT_NE(
        doc.body.find("<request_update><update_id>42</update_id><service_request_id>K7QD-9XPT"
                      "</service_request_id><status>FIXED</status><updated_datetime>2027-01-15T08:00:00Z"
                      "</updated_datetime><description>Fixed &lt;today&gt;</description>"),
        std::string::npos)
        << doc.body;
}

} // namespace
} // namespace mend::formats
