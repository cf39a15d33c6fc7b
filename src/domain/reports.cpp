#include "domain/reports.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

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
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    out.median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(n)));
    out.p90 = values[std::max<std::size_t>(rank, 1) - 1];
    return out;
}

rp02_builder::rp02_builder(instant from, instant to, const clock_settings& settings)
    : from_(from)
    , to_(to)
    , settings_(settings) {
    out_.from = from;
    out_.to = to;
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
    const home_key home{job.uprn, job.category};
    if (in(job.reported_at, from_, to_)) {
        reports_[home].push_back({job.reported_at, job.reference, job.id});
    }
    if (!story.complete) {
        return;
    }
    const instant completed = story.completed;
    completions_[home].push_back({completed, job.reference, job.id});
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

rp02_report rp02_builder::finish() {
    for (auto& [key, days] : category_days_) {
        out_.by_category[key] = summarise(std::move(days));
    }
    for (auto& [key, days] : contractor_days_) {
        out_.by_contractor[key] = summarise(std::move(days));
    }
    for (auto& [home, reported] : reports_) {
        // In the order of the jobs, however they arrived (from their stories, or with their events).
        std::sort(reported.begin(), reported.end(),
                  [](const completion& a, const completion& b) { return a.job < b.job; });
        const auto found = completions_.find(home);
        if (found == completions_.end()) {
            continue;
        }
        repeat_repairs r{home.first, home.second, {}};
        for (const auto& j : reported) {
            const bool repeat =
                std::any_of(found->second.begin(), found->second.end(), [&](const completion& k) {
                    return k.reference != j.reference && k.at < j.at && k.at >= j.at - repeat_window;
                });
            if (repeat) {
                r.references.push_back(j.reference);
            }
        }
        if (!r.references.empty()) {
            out_.repeats.push_back(std::move(r));
        }
    }
    return std::move(out_);
}

} // namespace mend::domain
