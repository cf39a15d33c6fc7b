// Use cases for reports: the regulator's measures and the CSV exports, read from the immutable events.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"
#include "domain/reports.hpp"
#include "domain/surveys.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mend::app {

// One row of the jobs export: the job as it stands, with its target.
struct job_export_row {
    domain::job job;
    std::optional<domain::instant> target_due;
};

// Reads for reports; safe from any thread. Each call reads one consistent snapshot.
class report_reads {
public:
    virtual ~report_reads() = default;
    using job_visitor = std::function<void(const domain::job_facts&, const std::vector<domain::event>&)>;
    // Every job completed in [completed_from, to), reported in [from, to) or rated in [from, to), with its
    // events before `to` in order (notes left out), one job at a time.
    virtual void scan_histories(domain::instant completed_from, domain::instant from, domain::instant to,
                                const job_visitor& each) = 0;
    using story_visitor = std::function<void(const domain::job_facts&, const domain::job_story&)>;
    using event_visitor = std::function<void(const domain::event&)>;
    // The jobs scan_histories visits, each once, most without their events: a job whose events are all before
    // `to` as the story kept while they were written (each_story), with its ratings in [from, to) apart
    // (each_rating); a job with events from `to` on with its events, as scan_histories gives them
    // (each_history).
    virtual void scan_stories(domain::instant completed_from, domain::instant from, domain::instant to,
                              const story_visitor& each_story, const event_visitor& each_rating,
                              const job_visitor& each_history) = 0;
    // Keyset pages, so an export never holds more than one page: events at [from, to) and jobs reported in
    // it.
    virtual std::vector<std::pair<std::string, domain::event>>
    events_page(domain::instant from, domain::instant to, id_t after_id, int limit) = 0;
    virtual std::vector<job_export_row> jobs_page(domain::instant from, domain::instant to, id_t after_id,
                                                  int limit) = 0;
    // Perception-survey responses made on UK days starting in [from, to), in the order they were given (day,
    // then import).
    virtual std::vector<domain::survey_response> survey_responses(domain::instant from,
                                                                  domain::instant to) = 0;
    struct job_label {
        id_t id = 0;
        std::string reference;
        std::string uprn; // its home's
    };
    // The reference and home of each job of `ids` that exists, in no particular order.
    virtual std::vector<job_label> job_labels(const std::vector<id_t>& ids) = 0;
};

struct period {
    domain::instant from{};
    domain::instant to{};
};

// "from" and "to" as dates (2026-04-01, the start of that UK day) or ISO 8601 times; `to` is exclusive.
// Only staff may read reports.
outcome<period> report_period(const domain::actor& who, const std::optional<std::string>& from,
                              const std::optional<std::string>& to);

domain::rp02_report rp02(report_reads& reads, const period& p, const domain::clock_settings& settings);

// Gives the repeats rp02_builder::finish found their words (each home's uprn, each job's reference) and puts
// them in the order of the homes' uprns.
void name_repeats(report_reads& reads, domain::rp02_report& report);

} // namespace mend::app
