// app::social_reads over the pool of read-only connections.
#pragma once

#include "app/social.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration.
class sqlite_social_reads final : public app::social_reads {
public:
    explicit sqlite_social_reads(read_pool& pool)
        : pool_(pool) {}

    std::vector<app::mention_record> mentions(const app::mention_filter& filter) override;
    std::optional<app::mention_record> mention(app::id_t id) override;
    std::vector<app::reply_record> replies_of(app::id_t mention_id) override;
    std::vector<app::social_update> updates_of(app::id_t mention_id) override;
    std::vector<app::social_update> updates_of_job(std::string_view job_reference) override;
    std::optional<app::checklist> current_checklist() override;
    std::optional<domain::instant> checklist_completed_at(app::id_t user_id, int version) override;
    std::vector<app::approval_record> approvals(app::approval_state state, std::size_t limit) override;
    std::vector<app::reply_record> due_replies(std::string_view network, domain::instant now,
                                               std::size_t limit) override;
    std::optional<std::string> social_cursor(std::string_view network) override;
    std::optional<app::intake_token>
    intake_token_by_hash(const std::vector<std::string>& token_hashes) override;
    std::optional<app::intake_details> intake_details_of(app::id_t mention_id) override;
    app::mention_threads threads_of(const std::vector<app::id_t>& mention_ids) override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

} // namespace mend::storage
