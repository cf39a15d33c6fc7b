#include "app/reports.hpp"

#include "domain/calendar.hpp"
#include "domain/workflow.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace mend::app {

namespace {

std::optional<domain::instant> parse_bound(const std::string& text) {
    if (const auto day = domain::parse_date(text)) {
        return domain::uk_start_of_day(*day); // a date means the start of that day in the UK
    }
    return domain::parse_iso(text);
}

} // namespace

outcome<period> report_period(const domain::actor& who, const std::optional<std::string>& from,
                              const std::optional<std::string>& to) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers read reports", "", {}};
    }
    period p;
    for (auto [field, text, out] : {std::tuple{"from", &from, &p.from}, std::tuple{"to", &to, &p.to}}) {
        const auto value = text->has_value() ? parse_bound(**text) : std::nullopt;
        if (!value) {
            return invalid(field, std::string(field) + " is required: a date like 2026-04-01 or a time like "
                                                       "2026-04-01T00:00:00Z");
        }
        *out = *value;
    }
    if (p.to <= p.from) {
        return invalid("to", "to must be after from");
    }
    if (p.to - p.from > std::chrono::years{60}) { // rp02_builder counts seconds in 32 bits
        return invalid("to", "a report covers at most 60 years");
    }
    return p;
}

domain::rp02_report rp02(report_reads& reads, const period& p, const domain::clock_settings& settings) {
    domain::rp02_builder builder(p.from, p.to, settings);
    reads.scan_stories(
        p.from - domain::repeat_window, p.from, p.to,
        [&builder](const domain::job_facts& job, const domain::job_story& story) { builder.add(job, story); },
        [&builder](const domain::event& e) { builder.add_rating(e); },
        [&builder](const domain::job_facts& job, const std::vector<domain::event>& events) {
            builder.add(job, events);
        });
    auto report = builder.finish();
    name_repeats(reads, report);
    return report;
}

void name_repeats(report_reads& reads, domain::rp02_report& report) {
    std::vector<id_t> ids;
    for (const auto& r : report.repeats) {
        ids.insert(ids.end(), r.jobs.begin(), r.jobs.end());
    }
    if (ids.empty()) {
        return;
    }
    std::unordered_map<id_t, report_reads::job_label> labels;
    for (auto& label : reads.job_labels(ids)) {
        labels.emplace(label.id, std::move(label));
    }
    for (auto& r : report.repeats) {
        r.references.clear();
        for (const id_t job : r.jobs) {
            if (const auto found = labels.find(job); found != labels.end()) {
                r.uprn = found->second.uprn;
                r.references.push_back(found->second.reference);
            }
        }
    }
    std::sort(report.repeats.begin(), report.repeats.end(),
              [](const domain::repeat_repairs& a, const domain::repeat_repairs& b) {
                  return std::tie(a.uprn, a.category) < std::tie(b.uprn, b.category);
              });
}

} // namespace mend::app
