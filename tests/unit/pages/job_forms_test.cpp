#include "pages/job_forms.hpp"

#include <gtest/gtest.h>

namespace mend::pages {
namespace {

using domain::clock_kind;

form fields(std::initializer_list<std::pair<std::string, std::string>> values) {
    form out;
    for (const auto& [name, value] : values) {
        out.push_back({name, value, "", "", false});
    }
    return out;
}

domain::job hazard_job(domain::hazard hz = domain::hazard::significant) {
    domain::job job;
    job.id = 7;
    job.reference = "K7QD-9XPT";
    job.state = domain::status::triaged;
    job.priority = domain::priority::urgent;
    job.hazard = hz;
    job.created_at = *domain::parse_iso("2026-11-19T10:00:00Z");
    return job;
}

domain::job_clock legal_clock(clock_kind kind, bool paused = false) {
    domain::job_clock c;
    c.id = static_cast<domain::id_t>(kind) + 1;
    c.job_id = 7;
    c.kind = kind;
    c.started = *domain::parse_iso("2026-11-19T10:00:00Z");
    c.base_due = *domain::parse_iso("2026-12-03T10:00:00Z");
    if (paused) {
        c.pauses.push_back(
            {*domain::parse_iso("2026-11-20T10:00:00Z"), std::nullopt, domain::pause_reason::no_access});
    }
    return c;
}

std::vector<std::string> ids(const form_errors& errors) {
    std::vector<std::string> out;
    for (const auto& item : errors.summary()) {
        out.push_back(item.get("href")->string_value());
    }
    return out;
}

TEST(job_forms, empty_time_forms_name_the_first_option_of_each_question) {
    const auto job = hazard_job();
    form_errors errors;
    check_action_form("investigation_concluded", {}, job, errors);
    EXPECT_EQ(ids(errors),
              (std::vector<std::string>{"#investigation_concluded-safety_work-required",
                                        "#investigation_concluded-further_works-within_5_working_days"}));
    // An emergency hazard has no separate safety work to ask about.
    form_errors emergency;
    check_action_form("investigation_concluded", {}, hazard_job(domain::hazard::emergency), emergency);
    EXPECT_EQ(ids(emergency),
              (std::vector<std::string>{"#investigation_concluded-further_works-within_5_working_days"}));

    form_errors rate;
    check_action_form("rate", {}, job, rate);
    EXPECT_EQ(ids(rate), (std::vector<std::string>{"#rate-repair_rating-5", "#rate-time_rating-5"}));
    EXPECT_EQ(rate.of_group("rate-repair_rating"), "Select how satisfied you are with the repair");

    form_errors pause;
    check_action_form("pause_clock", {}, job, pause);
    EXPECT_EQ(ids(pause), (std::vector<std::string>{"#pause_clock-reason-no_access"}));
    form_errors other;
    check_action_form("pause_clock", fields({{"reason", "other"}, {"reason_detail", "  "}}), job, other);
    EXPECT_EQ(ids(other), (std::vector<std::string>{"#pause_clock-reason_detail"}));
    form_errors fine;
    check_action_form("pause_clock", fields({{"reason", "no_access"}}), job, fine);
    check_action_form("resume_clock", {}, job, fine);
    check_action_form("summary_sent", {}, job, fine);
    EXPECT_TRUE(fine.empty());
}

TEST(job_forms, reprioritising_must_change_something_and_say_why) {
    const auto job = hazard_job();
    form_errors same;
    check_action_form("reprioritise", fields({{"priority", "urgent"}, {"hazard", "significant"}}), job, same);
    EXPECT_EQ(ids(same), (std::vector<std::string>{"#reprioritise-priority", "#reprioritise-reason"}));
    EXPECT_EQ(same.of("reprioritise-priority"),
              "Choose a different priority or hazard: the job is already Urgent with Significant hazard");
    form_errors hazard_only;
    check_action_form(
        "reprioritise",
        fields({{"priority", "urgent"}, {"hazard", "emergency"}, {"reason", "Child with asthma"}}), job,
        hazard_only);
    EXPECT_TRUE(hazard_only.empty());

    auto cmd = command_of(
        "reprioritise",
        fields({{"priority", "emergency"}, {"hazard", "significant"}, {"reason", "Child with asthma"}}));
    ASSERT_TRUE(cmd);
    EXPECT_EQ(cmd->priority, "emergency");
    EXPECT_EQ(cmd->hazard, "significant");
    EXPECT_EQ(cmd->reason, "Child with asthma");
}

TEST(job_forms, commands_carry_the_time_parameters_of_their_own_action_only) {
    auto concluded = command_of("investigation_concluded",
                                fields({{"safety_work", "required"}, {"further_works", "within_12_weeks"}}));
    ASSERT_TRUE(concluded);
    EXPECT_EQ(concluded->safety_work, "required");
    EXPECT_EQ(concluded->further_works, "within_12_weeks");
    EXPECT_FALSE(concluded->clock);

    auto pause = command_of("pause_clock", fields({{"clock", "safety_work"},
                                                   {"reason", "other"},
                                                   {"reason_detail", "Scaffold permit refused"},
                                                   {"internal_note", "Chase the council"}}));
    ASSERT_TRUE(pause);
    EXPECT_EQ(pause->clock, "safety_work");
    EXPECT_EQ(pause->reason, "other");
    EXPECT_EQ(pause->internal_note, "Why the clock is paused: Scaffold permit refused\nChase the council");
    auto all = command_of("resume_clock", fields({{"clock", ""}}));
    ASSERT_TRUE(all);
    EXPECT_FALSE(all->clock); // every paused clock

    auto rated = command_of("rate", fields({{"repair_rating", "5"}, {"time_rating", "2"}, {"note", "Tidy"}}));
    ASSERT_TRUE(rated);
    EXPECT_EQ(rated->repair_rating, 5);
    EXPECT_EQ(rated->time_rating, 2);
    EXPECT_FALSE(rated->safety_work);
    for (const char* bad : {"0", "6", "5x", ""}) {
        auto refused = command_of("rate", fields({{"repair_rating", "4"}, {"time_rating", bad}}));
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().field, "time_rating");
        EXPECT_EQ(field_id(refused.error().field, "rate"), "rate-time_rating-5");
    }
    // A rating field sent with another action is not passed on (the use case would refuse it).
    auto triage =
        command_of("triage", fields({{"priority", "urgent"}, {"repair_rating", "5"}, {"clock", "x"}}));
    ASSERT_TRUE(triage);
    EXPECT_FALSE(triage->repair_rating);
    EXPECT_FALSE(triage->clock);
}

TEST(job_forms, each_action_checks_the_inputs_of_what_it_needs) {
    const auto job = hazard_job();
    const std::vector<std::pair<std::string, std::vector<std::string>>> expected{
        {"triage", {"#triage-priority"}},
        {"assign", {"#assign-contractor"}},
        {"schedule", {"#schedule-date-day", "#schedule-start", "#schedule-end"}},
        {"hold", {"#hold-reason-no_access"}},
        {"reopen", {"#reopen-reason"}},
        {"cancel", {"#cancel-reason"}},
        {"reject", {"#reject-reason"}},
        {"mark_duplicate", {"#mark_duplicate-duplicate_of"}},
        {"accept", {}},
        {"complete", {}},
        {"close", {}},
    };
    for (const auto& [act, want] : expected) {
        form_errors errors;
        check_action_form(act, {}, job, errors);
        EXPECT_EQ(ids(errors), want) << act;
    }
    // Each reason in the words of its own action.
    form_errors reopen, cancel;
    check_action_form("reopen", {}, job, reopen);
    check_action_form("cancel", {}, job, cancel);
    EXPECT_EQ(reopen.of("reopen-reason"), "Tell us what is still wrong");
    EXPECT_EQ(cancel.of("cancel-reason"), "Enter a reason");
}

TEST(job_forms, commands_read_the_inputs_of_what_the_action_needs) {
    auto scheduled = command_of("schedule", fields({{"date-day", "3"},
                                                    {"date-month", "12"},
                                                    {"date-year", "2026"},
                                                    {"start", "9am"},
                                                    {"end", "13:00"},
                                                    {"expected_version", "4"}}));
    ASSERT_TRUE(scheduled);
    EXPECT_TRUE(scheduled->has_appointment);
    EXPECT_EQ(scheduled->appointment_start, "2026-12-03T09:00:00Z"); // GMT in December
    EXPECT_EQ(scheduled->expected_version, 4);
    auto backwards = command_of("schedule", fields({{"date-day", "3"},
                                                    {"date-month", "12"},
                                                    {"date-year", "2026"},
                                                    {"start", "1pm"},
                                                    {"end", "09:00"}}));
    ASSERT_FALSE(backwards);
    EXPECT_EQ(backwards.error().field, "appointment.end");

    auto assigned = command_of("assign", fields({{"contractor_id", "12"}}));
    ASSERT_TRUE(assigned);
    EXPECT_EQ(assigned->contractor_id, 12);
    EXPECT_FALSE(command_of("assign", fields({{"contractor_id", "twelve"}})));

    auto held = command_of("hold", fields({{"reason", "parts"}}));
    ASSERT_TRUE(held);
    EXPECT_EQ(held->reason, "parts");
    auto duplicate = command_of("mark_duplicate", fields({{"duplicate_of", "K7QD-9XPT"}}));
    ASSERT_TRUE(duplicate);
    EXPECT_EQ(duplicate->duplicate_of, "K7QD-9XPT");
    EXPECT_FALSE(duplicate->reason);
}

TEST(job_forms, use_case_fields_map_to_the_inputs_on_the_page) {
    EXPECT_EQ(field_id("hazard"), "hazard-none");                         // the report's radios
    EXPECT_EQ(field_id("hazard", "reprioritise"), "reprioritise-hazard"); // a select
    EXPECT_EQ(field_id("reason", "pause_clock"), "pause_clock-reason-no_access");
    EXPECT_EQ(field_id("reason", "hold"), "hold-reason-no_access");
    EXPECT_EQ(field_id("reason", "reprioritise"), "reprioritise-reason");
    EXPECT_EQ(field_id("further_works", "investigation_concluded"),
              "investigation_concluded-further_works-within_5_working_days");
    EXPECT_EQ(field_id("appointment.end", "schedule"), "schedule-end");
    EXPECT_EQ(field_id("", "rate"), "rate-form");
    EXPECT_EQ(field_id(""), "main-content");
}

TEST(job_forms, time_steps_are_offered_only_when_a_clock_gives_them_something_to_do) {
    const domain::clock_settings settings;
    const auto job = hazard_job();
    const auto now = *domain::parse_iso("2026-11-21T10:00:00Z");
    const auto offers = [&](domain::action a, const std::vector<domain::job_clock>& clocks) {
        return offered(a, job, clocks, settings, now);
    };
    const std::vector<domain::job_clock> investigating{legal_clock(clock_kind::investigate)};
    EXPECT_TRUE(offers(domain::action::investigation_concluded, investigating));
    EXPECT_TRUE(offers(domain::action::pause_clock, investigating));
    EXPECT_FALSE(offers(domain::action::resume_clock, investigating));
    EXPECT_FALSE(offers(domain::action::summary_sent, investigating));
    EXPECT_FALSE(offers(domain::action::safety_work_done, investigating));
    EXPECT_FALSE(offers(domain::action::works_started, investigating));
    EXPECT_TRUE(offers(domain::action::reprioritise, investigating)); // not a clock step

    auto met = legal_clock(clock_kind::investigate);
    met.met = now;
    const std::vector<domain::job_clock> concluded{met, legal_clock(clock_kind::written_summary),
                                                   legal_clock(clock_kind::safety_work, true),
                                                   legal_clock(clock_kind::further_works)};
    EXPECT_FALSE(offers(domain::action::investigation_concluded, concluded));
    EXPECT_TRUE(offers(domain::action::summary_sent, concluded));
    EXPECT_TRUE(offers(domain::action::safety_work_done, concluded));
    EXPECT_TRUE(offers(domain::action::works_started, concluded));
    EXPECT_TRUE(offers(domain::action::pause_clock, concluded));
    EXPECT_TRUE(offers(domain::action::resume_clock, concluded));
}

} // namespace
} // namespace mend::pages
