// app::write_tx over the writer's connection, inside the batch transaction the group writer opened.
#pragma once

#include "app/accounts/web_ports.hpp"
#include "app/notices/notices.hpp"
#include "app/ports.hpp"
#include "app/social.hpp"
#include "storage/clocks/sqlite_clock_tx.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Used only on the writer thread, and only while a unit's savepoint is open.
class sqlite_write_tx final : public app::write_tx,
                              public sqlite_clock_tx,
                              public app::web_write_port,
                              public app::notice_store,  // the outbox, in sqlite_notice_store.cpp
                              public app::social_store { // the social inbox, in sqlite_social_store.cpp
public:
    explicit sqlite_write_tx(connection& c)
        : sqlite_clock_tx(c)
        , c_(c) {}

    std::optional<app::property_record> property_by_uprn(std::string_view uprn) override;
    std::optional<app::user_record> user_by_id(app::id_t id) override;
    std::optional<app::contractor_record> contractor_by_id(app::id_t id) override;
    std::optional<domain::job> job_by_reference(std::string_view reference) override;
    bool holds_home(app::id_t user_id, app::id_t property_id) override;

    domain::job insert_job(domain::job job) override;
    void update_job(const domain::job& job) override;
    domain::event append_event(domain::event e) override;

    app::user_record insert_user(app::user_record user, const std::string& token_hash) override;
    app::contractor_record insert_contractor(app::contractor_record firm) override;
    app::property_record insert_property(app::property_record home) override;
    void add_tenancy(app::id_t property_id, app::id_t user_id) override;

    // app::web_write_port (sqlite_web_write.cpp)
    void set_password_hash(app::id_t user_id, const std::string& hash) override;
    void insert_session(const std::string& id_hash, app::id_t user_id, const std::string& csrf,
                        domain::instant created, domain::instant expires) override;
    void delete_session(const std::string& id_hash) override;
    void delete_sessions_of(app::id_t user_id) override;
    void insert_tracking_token(app::id_t job_id, const std::string& token) override;
    void insert_photo(const app::photo_record& photo, app::id_t uploaded_by, domain::instant at) override;
    std::optional<app::id_t> tenant_of_property(app::id_t property_id) override;
    // app::notice_store
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
    std::vector<app::id_t> trying_since_before(std::string_view channel, domain::instant cutoff,
                                               std::size_t limit) override;
    void insert_attempt(const app::attempt_record& a) override;
    void raise_alert(const app::alert_record& a) override;

    // app::social_store
    std::optional<std::string> social_cursor(std::string_view network) override;
    void set_social_cursor(std::string_view network, const std::string& last_id,
                           domain::instant now) override;
    std::optional<app::mention_record> insert_mention(app::mention_record m) override;
    std::optional<app::mention_record> mention_by_id(app::id_t id) override;
    void update_mention(const app::mention_record& m) override;
    bool intake_reference_taken(std::string_view reference) override;
    std::vector<app::mention_record> mentions_of_job(app::id_t job_id) override;
    app::reply_record insert_reply(app::reply_record r) override;
    std::optional<app::reply_record> reply_by_id(app::id_t id) override;
    void update_reply(const app::reply_record& r) override;
    std::vector<app::id_t> pending_replies_made_before(std::string_view network, domain::instant cutoff,
                                                       std::size_t limit) override;
    std::vector<app::id_t> untried_notices(app::id_t job_id, app::id_t event_id,
                                           std::string_view channel) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
