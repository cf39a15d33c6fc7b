#include "domain/reports.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <tuple>

namespace mend::domain {

namespace {

int rating(const event& e, std::string_view key) {
    const std::string text = data_value(e.data, key);
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

bool in(instant t, instant from, instant to) {
    return t >= from && t < to;
}

// Per-job satisfaction: the share of ratings of 4 or 5.
void count_rating(const event& e, rp02_report& out) {
    const int repair = rating(e, "repair_rating");
    const int time = rating(e, "time_rating");
    auto& [with_repair, with_time] = out.job_satisfaction;
    ++with_repair.count;
    with_repair.meeting += repair >= 4 ? 1 : 0;
    ++with_time.count;
    with_time.meeting += time >= 4 ? 1 : 0;
}

} // namespace

void job_story::follow(const event& e) {
    if (const auto p = parse<priority>(data_value(e.data, "priority"))) {
        job_priority = p; // set at report, triage or reprioritise
    }
    if (const auto due = parse_iso(data_value(e.data, "target_due"))) {
        target_due = due;
    }
    switch (e.action) {
    case action::assign: {
        const std::string text = data_value(e.data, "contractor_id");
        id_t id = 0;
        std::from_chars(text.data(), text.data() + text.size(), id);
        firm = id;
        break;
    }
    case action::decline:
        firm.reset();
        break;
    case action::complete:
        complete = true;
        completed = e.at;
        completed_by = firm;
        break;
    case action::reopen:
        complete = false; // not complete until it is completed again; the target stays the first one
        firm.reset();
        break;
    default:
        break;
    }
}

std::optional<double> share_measure::percent() const {
    if (count == 0) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(meeting) / static_cast<double>(count);
}

days_summary summarise(std::vector<double> values) {
    days_summary out;
    out.count = static_cast<std::int64_t>(values.size());
    if (values.empty()) {
        return out;
    }
    // Selected, not sorted: the middle, then the largest below it, then the 90th percentile above it.
    const auto n = static_cast<std::ptrdiff_t>(values.size());
    const auto middle = values.begin() + n / 2;
    std::nth_element(values.begin(), middle, values.end());
    out.median = n % 2 == 1 ? *middle : (*std::max_element(values.begin(), middle) + *middle) / 2.0;
    const auto rank = static_cast<std::ptrdiff_t>(std::ceil(0.9 * static_cast<double>(n)));
    const auto p90 = values.begin() + (std::max<std::ptrdiff_t>(rank, 1) - 1);
    std::nth_element(p90 < middle ? values.begin() : middle, p90, values.end());
    out.p90 = *p90;
    return out;
}

rp02_builder::rp02_builder(instant from, instant to, const clock_settings& settings)
    : from_(from)
    , to_(to)
    , settings_(settings) {
    out_.from = from;
    out_.to = to;
    if (to - from > std::chrono::years{60}) {
        throw std::invalid_argument("RP02 is computed for periods of up to 60 years");
    }
}

std::int32_t rp02_builder::since_origin(instant t) const {
    return static_cast<std::int32_t>(
        std::chrono::floor<std::chrono::seconds>(t - (from_ - repeat_window)).count());
}

void rp02_builder::add(const job_facts& job, const std::vector<event>& events) {
    job_story story;
    for (const auto& e : events) {
        if (e.at >= to_) {
            break;
        }
        story.follow(e);
        add_rating(e);
    }
    add(job, story);
}

void rp02_builder::add_rating(const event& e) {
    if (e.action == action::rate && in(e.at, from_, to_)) {
        count_rating(e, out_);
    }
}

void rp02_builder::add(const job_facts& job, const job_story& story) {
    // A completion before from_ - repeat_window cannot precede a report of the period by 90 days or less.
    // 16 bytes a mark: a home's id below 2^28 and a job's below 2^32, which a landlord's never reach.
    if (job.home < 0 || job.home >= (std::int64_t{1} << 28) || job.id < 0 || job.id > UINT32_MAX) {
        throw std::length_error("RP02 counts repeats for home ids below 2^28 and job ids below 2^32");
    }
    mark seen{static_cast<std::uint32_t>(job.home) * 16 + static_cast<std::uint32_t>(job.category),
              static_cast<std::uint32_t>(job.id)};
    if (in(job.reported_at, from_, to_)) {
        seen.reported = since_origin(job.reported_at);
    }
    if (story.complete && in(story.completed, from_ - repeat_window, to_)) {
        seen.completed = since_origin(story.completed);
    }
    if (seen.reported != none || seen.completed != none) {
        marks_.push_back(seen);
    }
    if (!story.complete) {
        return;
    }
    const instant completed = story.completed;
    if (!in(completed, from_, to_) || !story.job_priority) {
        return;
    }
    const priority level = *story.job_priority;
    if (level == priority::planned) {
        ++out_.planned_excluded;
        return;
    }
    const instant target_due =
        story.target_due ? *story.target_due
                         : compute_target(settings_.targets, settings_.calendar, level, job.reported_at).due;
    out_.targets_recomputed += story.target_due ? 0 : 1;
    share_measure& m = level == priority::emergency ? out_.emergency : out_.non_emergency;
    ++m.count;
    m.meeting += completed <= target_due ? 1 : 0;
    const double days = std::chrono::duration<double, std::ratio<86400>>(completed - job.reported_at).count();
    category_days_[std::string(to_string(job.category))].push_back(days);
    contractor_days_[story.completed_by ? std::to_string(*story.completed_by) : "none"].push_back(days);
}

// A job reported in the period repeats one of its home's jobs of the same category completed before it and at
// most 90 days before it.
void rp02_builder::find_repeats() {
    std::sort(marks_.begin(), marks_.end(), [](const mark& a, const mark& b) {
        return std::tie(a.home_key, a.job) < std::tie(b.home_key, b.job);
    });
    constexpr auto window = static_cast<std::int32_t>(std::chrono::seconds{repeat_window}.count());
    for (auto first = marks_.begin(); first != marks_.end();) {
        const auto last =
            std::find_if(first, marks_.end(), [&](const mark& m) { return m.home_key != first->home_key; });
        repeat_repairs r;
        for (auto j = first; j != last; ++j) {
            if (j->reported == none) {
                continue;
            }
            const bool repeat = std::any_of(first, last, [&](const mark& k) {
                return k.completed != none && k.job != j->job && k.completed < j->reported &&
                       k.completed >= j->reported - window;
            });
            if (repeat) {
                r.jobs.push_back(j->job);
            }
        }
        if (!r.jobs.empty()) {
            r.home = static_cast<id_t>(first->home_key / 16);
            r.category = static_cast<category>(first->home_key % 16);
            out_.repeats.push_back(std::move(r));
        }
        first = last;
    }
    marks_ = {};
}

rp02_report rp02_builder::finish() {
    for (auto& [key, days] : category_days_) {
        out_.by_category[key] = summarise(std::move(days));
    }
    for (auto& [key, days] : contractor_days_) {
        out_.by_contractor[key] = summarise(std::move(days));
    }
    find_repeats();
    return std::move(out_);
}

} // namespace mend::domain
