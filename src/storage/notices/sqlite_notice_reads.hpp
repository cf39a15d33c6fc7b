// app::notice_reads over the pool of read-only connections.
#pragma once

#include "app/notices/notices.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration.
class sqlite_notice_reads final : public app::notice_reads {
public:
    explicit sqlite_notice_reads(read_pool& pool)
        : pool_(pool) {}

    std::vector<app::notice_record> due_notices(domain::instant now, std::size_t limit,
                                                const std::vector<std::string>& closed) override;
    std::optional<app::notice_record> due_notice_of(const std::string& key, domain::instant now) override;
    std::optional<domain::instant> next_due() override;
    std::optional<app::notice_record> notice(app::id_t id) override;
    std::vector<app::notice_record> notices(const app::notice_filter& filter) override;
    std::vector<app::attempt_record> attempts_of(app::id_t notice_id) override;
    std::vector<app::alert_record> alerts_of(app::id_t job_id) override;
    std::optional<app::webhook_endpoint> webhook_endpoint_by_id(app::id_t id) override;
    std::vector<std::pair<std::string, std::int64_t>> notices_by_state() override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

} // namespace mend::storage
