// app::account_store over the writer's connection: users, firms, homes, tenancies, passwords, sessions,
// tracking links and photos, inside the group writer's transaction.
#pragma once

#include "app/accounts/account_store.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class account_writes final : public app::account_store {
public:
    explicit account_writes(connection& c)
        : c_(c) {}

    std::optional<app::user_record> user_by_id(app::id_t id) override;
    std::optional<app::contractor_record> contractor_by_id(app::id_t id) override;
    std::optional<app::property_record> property_by_uprn(std::string_view uprn) override;
    bool holds_home(app::id_t user_id, app::id_t property_id) override;
    std::optional<domain::home_tenure> tenure_of(app::id_t user_id, app::id_t property_id) override;
    std::optional<app::id_t> tenant_of_property(app::id_t property_id) override;

    app::user_record insert_user(app::user_record user, const std::string& token_hash) override;
    app::contractor_record insert_contractor(app::contractor_record firm) override;
    app::property_record insert_property(app::property_record home) override;
    void add_tenancy(app::id_t property_id, app::id_t user_id, domain::home_tenure tenure) override;
    bool set_access_notes(app::id_t property_id, const std::string& notes, app::id_t changed_by,
                          domain::instant at) override;

    void set_password_hash(app::id_t user_id, const std::string& hash) override;
    void insert_session(const std::string& id_hash, app::id_t user_id, const std::string& csrf,
                        domain::instant created, domain::instant expires) override;
    void delete_session(const std::string& id_hash) override;
    void delete_sessions_of(app::id_t user_id) override;

    void insert_tracking_token(app::id_t job_id, const std::string& token) override;
    std::optional<std::string> tracking_token_of(app::id_t job_id) override;
    void insert_photo(const app::photo_record& photo, app::id_t uploaded_by, domain::instant at) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
