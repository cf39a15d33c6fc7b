#include "notify/templates.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace mend::notify {
namespace {

const app::template_vars vars{{"reference", "K7QD-9XPT"},
                              {"name", "Tom <Byrne>"},
                              {"category", "plumbing"},
                              {"address", "Flat 3"},
                              {"postcode", "E8 1AB"},
                              {"description", "Tap & sink"},
                              {"answer_url", "http://x/requests/K7QD-9XPT"}};

TEST(template_renderer, every_tenant_event_has_a_default_with_a_subject_and_the_reference) {
    const template_renderer r(std::nullopt);
    for (const char* event :
         {"reported", "triaged", "scheduled", "rescheduled", "on_hold", "completed", "resolved", "closed",
          "cancelled", "rejected", "duplicate", "firm_assigned", "firm_cancelled", "reopened", "changed"}) {
        const auto text = r.render(event, "email", vars);
        ASSERT_TRUE(text) << event;
        EXPECT_NE(text->subject.find("K7QD-9XPT"), std::string::npos) << event;
        EXPECT_EQ(text->body.find("Subject:"), std::string::npos) << event;
    }
    EXPECT_FALSE(r.render("no_such_event", "email", vars));
}

TEST(template_renderer, text_is_not_html_escaped_but_letters_are) {
    const template_renderer r(std::nullopt);
    const auto email = r.render("reported", "email", vars);
    ASSERT_TRUE(email);
    EXPECT_NE(email->body.find("Tom <Byrne>"), std::string::npos);
    EXPECT_NE(email->body.find("Tap & sink"), std::string::npos);
    const auto letter = r.render("reported", "letter", vars);
    ASSERT_TRUE(letter);
    app::notice_record n;
    n.recipient_name = "Tom <Byrne>";
    n.address = "Flat 3\nE8 1AB";
    n.reference = "K7QD-9XPT";
    n.subject = letter->subject;
    n.body = letter->body;
    const std::string page = r.lay_out("letter", n);
    EXPECT_NE(page.find("<!DOCTYPE html>"), std::string::npos);
    EXPECT_NE(page.find("Tom &lt;Byrne&gt;"), std::string::npos);
    EXPECT_EQ(page.find("Tom <Byrne>"), std::string::npos);
    EXPECT_EQ(r.lay_out("email", n), n.body);
}

TEST(template_renderer, channel_templates_win_and_a_directory_overrides_the_built_in_ones) {
    const auto dir = std::filesystem::temp_directory_path() / "mend-templates-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "sms");
    std::ofstream(dir / "sms" / "reported.mustache") << "Got it! Ref {{reference}}\n";
    const template_renderer built_in(std::nullopt);
    const template_renderer overridden(dir);
    EXPECT_EQ(built_in.render("reported", "sms", vars)->body,
              "We have your plumbing repair request. Your reference is K7QD-9XPT.");
    EXPECT_EQ(overridden.render("reported", "sms", vars)->body, "Got it! Ref K7QD-9XPT");
    std::ofstream(dir / "sms" / "closed.mustache") << "{{#broken}}\n";
    EXPECT_THROW(template_renderer{dir}, std::runtime_error);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace mend::notify
