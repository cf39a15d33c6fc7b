// Clocks on a job: its repair target and the legal clocks of Awaab's Law (Hazards in Social Housing
// (Prescribed Requirements) (England) Regulations 2025), and how the job's events start, meet, pause and stop
// them. Pure: the app layer loads and stores the records.
#pragma once

#include "domain/job.hpp"
#include "domain/targets.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mend::domain {

enum class clock_kind {
    repair_target,   // the priority's target (RP02): met by complete
    make_safe,       // emergency hazard: relevant safety work within 24 hours of becoming aware
    investigate,     // within 24 hours of becoming aware (emergency hazard) or 10 working days (significant)
    written_summary, // to the tenant within 3 working days of the investigation concluding
    safety_work,     // relevant safety work within 5 working days of the investigation concluding
    further_works,   // begun within 5 working days of it concluding, or physically started within 12 weeks
};

enum class pause_reason { no_access, consent_refused, moved_out, other };

enum class clock_state { running, at_risk, breached, paused, met, met_late, stopped };

// The six steps of Awaab's Law, the officer's settling of a step no longer owed and the record of when the
// landlord became aware: they meet, pause, resume, stop and move the legal clocks and never change the job's
// state.
inline constexpr std::array<action, 8> clock_actions{action::investigation_concluded,
                                                     action::summary_sent,
                                                     action::safety_work_done,
                                                     action::works_started,
                                                     action::pause_clock,
                                                     action::resume_clock,
                                                     action::settle_clock,
                                                     action::record_awareness};

constexpr bool is_clock_action(action a) {
    return std::find(clock_actions.begin(), clock_actions.end(), a) != clock_actions.end();
}

// What an investigation found still to be done, recorded with investigation_concluded.
enum class safety_work_need { required, not_required };
enum class further_works_need { within_5_working_days, within_12_weeks, none };

template <> struct names<clock_kind> {
    static constexpr std::array<std::string_view, 6> list{"repair_target",   "make_safe",   "investigate",
                                                          "written_summary", "safety_work", "further_works"};
};
template <> struct names<pause_reason> {
    static constexpr std::array<std::string_view, 4> list{"no_access", "consent_refused", "moved_out",
                                                          "other"};
};
template <> struct names<clock_state> {
    static constexpr std::array<std::string_view, 7> list{"running", "at_risk",  "breached", "paused",
                                                          "met",     "met_late", "stopped"};
};
template <> struct names<safety_work_need> {
    static constexpr std::array<std::string_view, 2> list{"required", "not_required"};
};
template <> struct names<further_works_need> {
    static constexpr std::array<std::string_view, 3> list{"within_5_working_days", "within_12_weeks", "none"};
};

struct clock_pause {
    instant from{};
    std::optional<instant> to; // empty while the pause lasts
    pause_reason reason = pause_reason::other;
};

struct job_clock {
    id_t id = 0; // 0 until stored
    id_t job_id = 0;
    clock_kind kind = clock_kind::repair_target;
    instant started{};
    instant base_due{}; // before pauses
    std::string basis;  // how base_due was worked out
    std::vector<clock_pause> pauses;
    std::optional<instant> met;
    std::optional<instant> stopped; // the job ended (cancelled, rejected, duplicate) or the hazard was
                                    // reclassified: the clock no longer applies
    std::string stop_reason;
    int escalated = 0; // the highest level the overdue loop has reported: 0 none, 1 at risk, 2 breached

    // Ended pauses push the due time back by their length; a pause still going stops the clock meanwhile.
    std::chrono::seconds paused_for() const;
    instant due() const { return base_due + paused_for(); }
    std::optional<instant> paused_since() const;
    bool open() const { return !met && !stopped; }
};

struct clock_settings {
    target_policy targets{};
    holiday_calendar calendar = holiday_calendar::england_and_wales();
    double at_risk_share = 0.25; // at risk once this share of the allowed time (or less) is left
};

// From the record and the time now; at risk from due - share x (base_due - started).
clock_state state_of(const job_clock& c, instant now, double at_risk_share);
instant at_risk_from(const job_clock& c, double at_risk_share);

// What an accepted action does to the job's clocks.
struct clock_plan {
    std::optional<std::string> refusal; // why the action cannot be taken now (an invalid transition)
    std::vector<job_clock> changed;     // records to store: id 0 for new ones
    event_data data;                    // facts to record on the action's event (due times, what paused)
};

// `e` is the event about to be recorded: its action, time and data (the action's own parameters). `before` is
// null for a report.
clock_plan plan_clocks(const clock_settings& settings, const std::vector<job_clock>& existing,
                       const job* before, const job& after, const event& e);

// Legal clocks are the law's deadlines; the repair target is the landlord's own.
constexpr bool is_legal(clock_kind k) {
    return k != clock_kind::repair_target;
}

// The last UK day a clock allows when it runs to the end of a day (its due time is a UK midnight), as the
// law's periods in days do; empty for a deadline at a time of day.
std::optional<date> last_day(const job_clock& c);

// The value of `key` in an event's data, or empty.
std::string data_value(const event_data& data, std::string_view key);

} // namespace mend::domain
