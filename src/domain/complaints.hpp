// Complaints on the Housing Ombudsman's Complaint Handling Code (2024): a tenant's complaint about a repair,
// its two stages and their clocks in working days on the bank-holiday calendar, extensions within the Code's
// limits, and the figures of the Code's annual self-assessment. Pure: the app layer loads and stores them.
#pragma once

#include "domain/calendar.hpp"
#include "domain/clocks.hpp"
#include "domain/job.hpp"
#include "domain/reports.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mend::domain {

enum class complaint_status {
    stage1_received,     // logged; to be acknowledged within 5 working days
    stage1_acknowledged, // to be answered within 10 working days of the acknowledgement
    stage1_responded,    // answered; the tenant may escalate
    stage2_received,     // escalated; to be acknowledged within 5 working days
    stage2_acknowledged, // to be answered within 20 working days of the acknowledgement
    closed,              // the final response was sent, or the complaint was closed with a reason
};

enum class complaint_action { raise, acknowledge, extend, respond, escalate, link_job, close };

// How the complaint reached the landlord.
enum class complaint_channel { web, phone, letter, email, in_person, social };

// Each stage has two clocks: acknowledging and responding.
enum class complaint_step { acknowledge, respond };

template <> struct names<complaint_status> {
    static constexpr std::array<std::string_view, 6> list{"stage1_received",     "stage1_acknowledged",
                                                          "stage1_responded",    "stage2_received",
                                                          "stage2_acknowledged", "closed"};
};
template <> struct names<complaint_action> {
    static constexpr std::array<std::string_view, 7> list{"raise",    "acknowledge", "extend", "respond",
                                                          "escalate", "link_job",    "close"};
};
template <> struct names<complaint_channel> {
    static constexpr std::array<std::string_view, 6> list{"web",   "phone",     "letter",
                                                          "email", "in_person", "social"};
};
template <> struct names<complaint_step> {
    static constexpr std::array<std::string_view, 2> list{"acknowledge", "respond"};
};

// The Code's periods, in working days (Complaint Handling Code 2024, sections 5 and 6).
struct code_periods {
    int acknowledge = 5;       // 5.4 and 6.4: acknowledge within 5 working days of receipt or escalation
    int stage1_response = 10;  // 5.6: respond within 10 working days of the acknowledgement
    int stage2_response = 20;  // 6.6: respond within 20 working days of the acknowledgement
    int stage1_extension = 10; // 5.7: an extension of no more than 10 working days
    int stage2_extension = 20; // 6.8: an extension of no more than 20 working days

    int response(int stage) const { return stage == 1 ? stage1_response : stage2_response; }
    int extension(int stage) const { return stage == 1 ? stage1_extension : stage2_extension; }
};

struct complaint_clock {
    id_t id = 0; // 0 until stored
    id_t complaint_id = 0;
    int stage = 1;
    complaint_step step = complaint_step::acknowledge;
    instant started{};
    instant base_due{}; // the end of the last working day the Code allows
    std::string basis;  // how base_due was worked out, for people
    int extended_days = 0;
    std::optional<instant> extended_due;
    std::string extension_reason;
    std::optional<instant> met;
    std::optional<instant> stopped; // no longer owed: escalated, or the complaint was closed
    std::string stop_reason;
    int escalated = 0; // the highest level the overdue loop has reported: 0 none, 1 at risk, 2 breached

    instant due() const { return extended_due.value_or(base_due); }
    bool open() const { return !met && !stopped; }
    // The clock's timing as the clocks machinery reads it (state_of, at_risk_from): the extension moves its
    // due time and widens the allowed time the at-risk share is taken of.
    job_clock timing() const;
};

clock_state state_of(const complaint_clock& c, instant now, double at_risk_share);

struct complaint {
    id_t id = 0;
    std::string reference; // "C-" and a job-style reference
    id_t job_id = 0;       // the repair the complaint is about
    std::string job_reference;
    std::optional<id_t> complainant_id; // the tenant who complained
    std::string complainant_name;
    complaint_channel via = complaint_channel::web;
    std::string summary;        // the complaint in the tenant's words, as logged
    std::string outcome_wanted; // what the tenant wants to put it right
    complaint_status state = complaint_status::stage1_received;
    int stage = 1;         // 2 once escalated, closed or not
    instant received_at{}; // when the landlord received it: the stage 1 clock counts from here
    std::optional<instant> closed_at;
    id_t raised_by = 0;
    instant created_at{};
    instant updated_at{};
};

struct complaint_event {
    id_t id = 0;
    id_t complaint_id = 0;
    instant at{};
    id_t actor_id = 0;
    std::string actor_name;
    complaint_action action = complaint_action::raise;
    std::string note; // the response, the reason, or the summary, as the action has it
    event_data data;
};

// What an action does to a complaint and its clocks.
struct complaint_plan {
    std::optional<std::string> refusal; // why the action cannot be taken now
    std::string refusal_field;          // the field the refusal is about, when it is one
    complaint_status next = complaint_status::stage1_received;
    std::vector<complaint_clock> changed; // records to store: id 0 for new ones
};

// `clocks` are the complaint's clocks as stored; `at` is when the action counts from (received_at for a
// raise); `extension_days` is used by extend only. Refuses an action the complaint's state does not allow,
// and an extension past the Code's limit for the stage.
complaint_plan plan_complaint(const holiday_calendar& cal, const code_periods& periods, const complaint& c,
                              const std::vector<complaint_clock>& clocks, complaint_action a, instant at,
                              int extension_days = 0);

// The actions the complaint's state allows next, for officers (tenants may only escalate, when responded).
std::vector<complaint_action> complaint_actions(complaint_status s);

// The Code's annual self-assessment and the regulator's complaint measures (CH01, CH02) over a period.
struct complaint_stage_figures {
    std::int64_t received = 0;            // stage 1: raised in the period; stage 2: escalated in the period
    std::int64_t acknowledged = 0;        // acknowledged in the period
    share_measure acknowledged_in_time;   // of those acknowledged in the period, within the Code's 5 days
    share_measure responded_in_time;      // of those answered in the period, within the Code's time (with any
                                          // extension the Code allows): CH02
    std::int64_t extended = 0;            // answers in the period whose time was extended
    std::optional<double> per_1000_homes; // received per 1,000 homes: CH01; none when there are no homes
};

struct complaint_figures {
    instant from{};
    instant to{};
    std::int64_t homes = 0;
    complaint_stage_figures stage1;
    complaint_stage_figures stage2;
};

complaint_figures complaint_figures_of(const std::vector<complaint_clock>& clocks, std::int64_t homes,
                                       instant from, instant to);

} // namespace mend::domain
