#include "pages/clock_view.hpp"
#include "pages/html.hpp"

#include <gtest/gtest.h>

namespace mend::pages {
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

TEST(html, user_text_is_escaped_in_the_time_forms_the_deadlines_and_the_rating) {
    form_errors errors;
    errors.add("pause_clock-reason_detail", hostile);
    mdata reprioritise;
    reprioritise.set("is_reprioritise", true);
    reprioritise.set("f_reason", field("reprioritise-reason", "reason", "Why change it?", hostile, errors));
    mdata pause;
    pause.set("is_pause_clock", true);
    // The reason in words is revealed under the "other" option (reveal_with).
    auto why = field("pause_clock-reason", "reason", "Why pause it?", "", errors);
    auto reasons = options({{"other", "Other reason"}}, "other");
    reveal_with(reasons, "other",
                field("pause_clock-reason_detail", "reason_detail", "If other, say why", hostile, errors));
    why.set("options", reasons);
    pause.set("f_pause_reason", why);
    auto which = field("pause_clock-clock", "clock", "Which legal clock?", "", errors);
    which.set("options", options({{"safety_work", hostile}}, ""));
    pause.set("f_clock", which);
    mdata rate;
    rate.set("f_note", field("rate-note", "note", "Anything else?", hostile, errors));
    auto stars = field("rate-repair_rating", "repair_rating", "How satisfied?", "", errors);
    stars.set("options", options({{"5", hostile}}, "5"));
    rate.set("f_repair_rating", stars);

    // A clock whose free text (its basis, why it stopped) is hostile, in both views.
    domain::job_clock c;
    c.kind = domain::clock_kind::investigate;
    c.basis = hostile;
    c.stopped = *domain::parse_iso("2026-11-20T10:00:00Z");
    c.stop_reason = hostile;
    domain::job job;
    job.priority = domain::priority::urgent;
    const auto now = *domain::parse_iso("2026-11-21T10:00:00Z");
    mdata event;
    event.set("what", "Priority changed");
    domain::event e;
    e.action = domain::action::reprioritise;
    e.data = {{"previous_priority", "urgent"}, {"priority", hostile}};
    event.set("details", event_details(e, false));
    event.set("reason", hostile);

    mdata body;
    body.set("forms", mlist{reprioritise, pause});
    body.set("has_forms", true);
    body.set("can_rate", rate);
    body.set("time", time_view({c}, job, false, now, {}));
    body.set("history", mlist{event});
    body.set("error_summary", errors.summary());
    body.set("has_errors", true);
    const auto html = render("job", body);
    expect_only_escaped(html, "job (staff)");
    EXPECT_NE(html.find("Stopped 20 November 2026, 10am: " + escaped), std::string::npos);
    EXPECT_NE(html.find("Priority: Urgent to " + escaped), std::string::npos);
    EXPECT_NE(html.find("id=\"pause_clock-reason_detail-error\""), std::string::npos);

    mdata tenant_body;
    domain::job_clock target = c;
    target.kind = domain::clock_kind::repair_target;
    target.stopped.reset();
    domain::job_clock legal = c;
    legal.stopped.reset();
    legal.pauses.push_back({now, std::nullopt, domain::pause_reason::other});
    tenant_body.set("job", job_data());
    tenant_body.set("time", time_view({target, legal}, job, true, now, {}));
    tenant_body.set("history", mlist{event});
    expect_only_escaped(render("job", tenant_body), "job (tenant)");

    mdata row = job_data();
    row.set("overdue", true);
    mdata queue;
    queue.set("table_rows", mlist{row});
    queue.set("has_table_rows", true);
    auto box = field("overdue", "overdue", "Only overdue jobs", "", errors, hostile);
    box.set("checked", true);
    queue.set("f_overdue", box);
    const auto queue_html = render("queue", queue);
    expect_only_escaped(queue_html, "queue");
    EXPECT_NE(queue_html.find("mend-overdue\">Overdue</strong>"), std::string::npos);
    EXPECT_NE(queue_html.find("value=\"true\" checked"), std::string::npos);
}

TEST(html, a_radio_group_shows_its_error_though_the_summary_names_its_first_option) {
    form_errors errors;
    errors.add("rate-repair_rating-5", "Select how satisfied you are with the repair");
    auto group = field("rate-repair_rating", "repair_rating", "How satisfied?", "", errors);
    group.set("options", options({{"5", "Very satisfied"}, {"4", "Fairly satisfied"}}, ""));
    mdata rate;
    rate.set("f_repair_rating", group);
    // The note below the group has no error of its own, and must not borrow the group's.
    rate.set("f_note", field("rate-note", "note", "Anything else?", "", errors));
    mdata body;
    body.set("can_rate", rate);
    const auto html = render("job", body);
    EXPECT_NE(html.find("<p id=\"rate-repair_rating-error\" class=\"govuk-error-message\">"),
              std::string::npos);
    EXPECT_NE(html.find("id=\"rate-repair_rating-5\""), std::string::npos);
    EXPECT_EQ(html.find("rate-note-error"), std::string::npos);
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

} // namespace
} // namespace mend::pages
