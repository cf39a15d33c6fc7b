// app::notice_store over the writer's connection: contact details, notices, attempts and alerts, inside the
// group writer's transaction.
#pragma once

#include "app/notices/notices.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class notice_writes final : public app::notice_store {
public:
    explicit notice_writes(connection& c)
        : c_(c) {}

    std::optional<app::contact> contact_of(app::id_t user_id) override;
    void set_contact(app::id_t user_id, const std::optional<std::string>& handle,
                     const std::vector<std::string>& channels) override;
    std::vector<app::contact> officers() override;
    std::vector<app::contact> firm_users(app::id_t contractor_id) override;
    std::optional<std::vector<std::string>> job_channels(app::id_t job_id) override;
    void set_job_channels(app::id_t job_id, const std::vector<std::string>& channels) override;
    app::id_t last_event_of(app::id_t job_id) override;
    std::vector<app::webhook_endpoint> webhook_endpoints(std::optional<app::id_t> contractor_id) override;
    app::webhook_endpoint insert_webhook_endpoint(app::webhook_endpoint e, domain::instant now) override;
    void disable_webhook_endpoint(app::id_t id, const std::string& reason, domain::instant now) override;
    app::notice_record insert_notice(app::notice_record n) override;
    std::optional<app::notice_record> notice_by_id(app::id_t id) override;
    std::optional<app::notice_record> notice_by_provider_id(std::string_view provider_id) override;
    void update_notice(const app::notice_record& n) override;
    std::vector<app::notice_record> chain_of(app::id_t chain) override;
    void skip_standby_after(app::id_t chain, int pos, domain::instant now) override;
    void insert_attempt(const app::attempt_record& a) override;
    void raise_alert(const app::alert_record& a) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
