// app::social_store over the writer's connection: mentions, the feed's cursor and replies, inside the group
// writer's transaction.
#pragma once

#include "app/social.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class social_writes final : public app::social_store {
public:
    explicit social_writes(connection& c)
        : c_(c) {}

    std::optional<std::string> social_cursor(std::string_view network) override;
    void set_social_cursor(std::string_view network, const std::string& last_id,
                           domain::instant now) override;
    std::optional<app::mention_record> insert_mention(app::mention_record m) override;
    std::optional<app::mention_record> mention_by_id(app::id_t id) override;
    void update_mention(const app::mention_record& m) override;
    bool intake_reference_taken(std::string_view reference) override;
    std::optional<app::mention_record> mention_by_reference(std::string_view reference) override;
    std::optional<app::mention_record> mention_in_thread(std::string_view network,
                                                         std::string_view status_id) override;
    bool insert_update(const app::social_update& u) override;
    // The staff checklist and the approval queue (safety_writes.cpp).
    std::optional<app::checklist> current_checklist() override;
    app::checklist add_checklist(app::checklist c) override;
    bool completed_checklist(app::id_t user_id, int version) override;
    void complete_checklist(app::id_t user_id, int version, domain::instant now) override;
    app::approval_record insert_approval(app::approval_record a) override;
    std::optional<app::approval_record> approval_by_id(app::id_t id) override;
    void update_approval(const app::approval_record& a) override;
    std::vector<app::mention_record> mentions_of_job(app::id_t job_id) override;
    app::reply_record insert_reply(app::reply_record r) override;
    std::optional<app::reply_record> reply_by_id(app::id_t id) override;
    void update_reply(const app::reply_record& r) override;
    std::vector<app::id_t> pending_replies_made_before(std::string_view network, domain::instant cutoff,
                                                       std::size_t limit) override;
    std::vector<app::id_t> untried_notices(app::id_t job_id, app::id_t event_id,
                                           std::string_view channel) override;
    // The private intake page (intake_writes.cpp).
    void insert_intake_token(app::id_t mention_id, const std::string& token_hash,
                             domain::instant now) override;
    std::optional<app::intake_token>
    intake_token_by_hash(const std::vector<std::string>& token_hashes) override;
    void save_intake_details(const app::intake_details& d) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
