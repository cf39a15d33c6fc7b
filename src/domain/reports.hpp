// The regulator's RP02, per-job satisfaction, completion times and repeat repairs, computed from jobs'
// immutable events. Pure: the events arrive job by job; only what the measures need is kept.
#pragma once

#include "domain/clocks.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mend::domain {

// What never changes about a job once reported (no action changes them).
struct job_facts {
    id_t id = 0;
    id_t home =
        0; // the home's id (a communal job's: its place's communal areas); app::name_repeats finds its uprn
    domain::category category = domain::category::other;
    instant reported_at{};
};

// What a job's events, up to the end of a period, say about its priority, target and completion. The storage
// keeps it for every job as its events are written (schema/0024_stored_keys.sql restates follow in SQL).
struct job_story {
    std::optional<priority> job_priority;
    std::optional<instant> target_due;
    std::optional<id_t> firm;
    // Plain values rather than optionals: GCC 12 at -O3 wrongly warns that an engaged optional may be unset.
    bool complete = false;
    instant completed{};
    std::optional<id_t> completed_by;

    void follow(const event& e);
};

struct share_measure {
    std::int64_t count = 0;
    std::int64_t meeting = 0;              // within target, or satisfied
    std::optional<double> percent() const; // none when there is nothing to count: "n/a", not 0
};

struct days_summary {
    std::int64_t count = 0;
    double median = 0; // days from report to completion; the mean of the middle two when the count is even
    double p90 = 0;    // nearest rank: the ceil(0.9 n)-th smallest
};

struct repeat_repairs {
    std::string uprn;
    domain::category category = domain::category::other;
    std::vector<std::string>
        references; // the repeats: jobs reported within 90 days of an earlier one's completion
    // What rp02_builder::finish gives: the home's id and the repeats' ids, in the jobs' order; the uprn and
    // the references are the words for them (app::rp02 reads them for the few homes with repeats).
    id_t home = 0;
    std::vector<id_t> jobs;
};

struct rp02_report {
    instant from{};
    instant to{};
    share_measure emergency;             // RP02 (1): emergency repairs completed in the period, within target
    share_measure non_emergency;         // RP02 (2): urgent and routine ones
    std::int64_t planned_excluded = 0;   // planned work is not a responsive repair
    std::int64_t targets_recomputed = 0; // completions whose events carry no target (triaged before targets)
    // Transactional satisfaction: the ratings tenants gave when their repair was done (4 or 5 of 5 is
    // satisfied). Not TP02/TP03, which come from perception surveys (domain/surveys.hpp).
    struct {
        share_measure repair;     // with the repair
        share_measure time_taken; // with the time it took
    } job_satisfaction;
    std::map<std::string, days_summary> by_category;
    std::map<std::string, days_summary> by_contractor; // the firm's id as text
    std::vector<repeat_repairs> repeats;
};

constexpr auto repeat_window = std::chrono::days{90};

// Feed every job with an event of interest in the period (see add); then finish.
class rp02_builder {
public:
    rp02_builder(instant from, instant to, const clock_settings& settings);

    // `events` in the job's order, only those before `to` (so a finished period's report never changes),
    // for every job completed from `from - repeat_window`, reported from `from`, or rated from `from`.
    void add(const job_facts& job, const std::vector<event>& events);
    // The same from what the job's events said (all of them before `to`), its ratings fed apart.
    void add(const job_facts& job, const job_story& story);
    void add_rating(const event& e);

    // The measures, with the repeats as homes' and jobs' ids (repeat_repairs::home and jobs), ordered by home
    // and category.
    rp02_report finish();

private:
    // What the repeats need of a job, small enough for a million of them: its home and category, and its
    // report (if in the period) and completion (if it could precede a report of the period) in seconds from
    // from_ - repeat_window, as the events keep them.
    struct mark {
        std::uint32_t home_key = 0; // home * 16 + category
        std::uint32_t job = 0;
        std::int32_t reported = none;
        std::int32_t completed = none;
    };
    static constexpr std::int32_t none = -1;

    std::int32_t since_origin(instant t) const;
    void find_repeats();

    instant from_, to_;
    const clock_settings& settings_;
    rp02_report out_;
    std::map<std::string, std::vector<double>> category_days_, contractor_days_;
    std::deque<mark> marks_; // a deque: no doubling copy of a million marks as it grows
};

// Median (mean of the middle two) and 90th percentile (nearest rank) of `values`, which it reorders.
days_summary summarise(std::vector<double> values);

} // namespace mend::domain
