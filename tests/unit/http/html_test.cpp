#include "http/html.hpp"

#include <gtest/gtest.h>

namespace mend::http_api {
namespace {

const std::string hostile = "<script>alert('x')</script> & \"quoted\"";
const std::string escaped = "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;quoted&quot;";

void expect_only_escaped(const std::string& html, const std::string& where) {
    EXPECT_EQ(html.find("<script>alert"), std::string::npos) << where << " shows user text as markup";
    EXPECT_NE(html.find(escaped), std::string::npos) << where << " does not show the user text at all";
}

mdata job_data() {
    mdata j;
    for (const char* key : {"reference", "status", "tag", "category", "location", "description", "reported",
                            "address", "contractor", "appointment", "hold", "priority", "updated"}) {
        j.set(key, hostile);
    }
    j.set("show_priority", true);
    return j;
}

TEST(html, user_text_is_escaped_in_every_page_that_shows_a_job) {
    mdata body;
    body.set("job", job_data());
    mdata event;
    event.set("what", "Repair reported");
    event.set("who", hostile);
    event.set("note", hostile);
    event.set("internal_note", hostile);
    event.set("reason", hostile);
    body.set("history", mlist{event});
    expect_only_escaped(render("job", body), "job");
    expect_only_escaped(render("track", body), "track");

    mdata lists;
    lists.set("open", mlist{job_data()});
    lists.set("has_open", true);
    expect_only_escaped(render("repairs", lists), "repairs");
    expect_only_escaped(render("work_orders", lists), "work_orders");

    mdata queue;
    queue.set("table_rows", mlist{job_data()});
    queue.set("has_table_rows", true);
    expect_only_escaped(render("queue", queue), "queue");

    mdata layout;
    layout.set("title", hostile);
    layout.set("landlord", hostile);
    layout.set("user_name", hostile);
    layout.set("signed_in", true);
    layout.set("body", "<p>trusted</p>");
    const auto page_html = render("layout", layout);
    expect_only_escaped(page_html, "layout");
    EXPECT_NE(page_html.find("<p>trusted</p>"), std::string::npos);
}

TEST(html, fields_show_errors_next_to_them_and_in_the_summary) {
    form_errors errors;
    errors.add("description", "Describe the problem");
    mdata body;
    body.set("f_description", field("description", "description", "Describe the problem", hostile, errors));
    body.set("error_summary", errors.summary());
    body.set("has_errors", true);
    body.set("f_category", field("category", "category", "What?", "", errors));
    const auto html = render("report", body);
    EXPECT_NE(html.find("<a href=\"#description\">Describe the problem</a>"), std::string::npos);
    EXPECT_NE(html.find("id=\"description-error\""), std::string::npos);
    EXPECT_NE(html.find("aria-describedby=\"description-error\""), std::string::npos);
    EXPECT_NE(html.find("govuk-textarea--error"), std::string::npos);
    EXPECT_NE(html.find(escaped), std::string::npos);
}

TEST(html, a_missing_template_is_an_error) {
    EXPECT_THROW(render("no_such_page", {}), std::runtime_error);
}

TEST(html, uk_time_follows_british_summer_time) {
    const auto winter = *domain::parse_iso("2026-01-15T09:30:00Z");
    EXPECT_EQ(uk_date_time(winter), "15 January 2026, 9:30am");
    const auto summer = *domain::parse_iso("2026-07-01T13:05:00Z");
    EXPECT_EQ(uk_date_time(summer), "1 July 2026, 2:05pm");
    EXPECT_EQ(from_uk_local("2026-07-01", "14:05"), summer);
    EXPECT_EQ(from_uk_local("2026-01-15", "09:30"), winter);
    EXPECT_EQ(uk_input_date(summer), "2026-07-01");
    EXPECT_EQ(uk_input_time(summer), "14:05");
    EXPECT_FALSE(from_uk_local("2026-02-30", "09:00"));
    EXPECT_FALSE(from_uk_local("2026-01-15", "24:00"));
    EXPECT_FALSE(from_uk_local("15/01/2026", "09:00"));
}

} // namespace
} // namespace mend::http_api
