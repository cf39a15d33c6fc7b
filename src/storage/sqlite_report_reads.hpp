// app::report_reads over the pool of read-only connections.
#pragma once

#include "app/reports.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration (a whole scan holds one read snapshot).
class sqlite_report_reads final : public app::report_reads {
public:
    explicit sqlite_report_reads(read_pool& pool)
        : pool_(pool) {}

    void scan_histories(domain::instant completed_from, domain::instant from, domain::instant to,
                        const job_visitor& each) override;
    void scan_stories(domain::instant completed_from, domain::instant from, domain::instant to,
                      const story_visitor& each_story, const event_visitor& each_rating,
                      const job_visitor& each_history) override;
    std::vector<std::pair<std::string, domain::event>> events_page(domain::instant from, domain::instant to,
                                                                   app::id_t after_id, int limit) override;
    std::vector<app::job_export_row> jobs_page(domain::instant from, domain::instant to, app::id_t after_id,
                                               int limit) override;
    std::vector<domain::survey_response> survey_responses(domain::instant from, domain::instant to) override;
    std::vector<job_label> job_labels(const std::vector<app::id_t>& ids) override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

} // namespace mend::storage
