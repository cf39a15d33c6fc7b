// The accounts' part of a unit of work (app/unit_of_work.hpp): users, contractor firms, homes and tenancies,
// passwords and sessions, and the tracking links and photos of jobs. Reads see the unit's own writes.
#pragma once

#include "app/accounts/web_ports.hpp"
#include "app/ports.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace mend::app {

class account_store {
public:
    virtual ~account_store() = default;
    virtual std::optional<user_record> user_by_id(id_t id) = 0;
    virtual std::optional<contractor_record> contractor_by_id(id_t id) = 0;
    virtual std::optional<property_record> property_by_uprn(std::string_view uprn) = 0;
    virtual bool holds_home(id_t user_id, id_t property_id) = 0;
    // How the user holds the home; empty when they do not.
    virtual std::optional<domain::home_tenure> tenure_of(id_t user_id, id_t property_id) = 0;
    // The first tenant who holds the home, for jobs raised by staff on a tenant's behalf.
    virtual std::optional<id_t> tenant_of_property(id_t property_id) = 0;

    virtual user_record insert_user(user_record user, const std::string& token_hash) = 0;
    virtual contractor_record insert_contractor(contractor_record firm) = 0;
    virtual property_record insert_property(property_record home) = 0;
    virtual void add_tenancy(id_t property_id, id_t user_id, domain::home_tenure tenure) = 0;
    // Sets the home's access notes (empty: none) and records who changed them, when; false: no such home.
    virtual bool set_access_notes(id_t property_id, const std::string& notes, id_t changed_by,
                                  domain::instant at) = 0;

    virtual void set_password_hash(id_t user_id, const std::string& hash) = 0;
    virtual void insert_session(const std::string& id_hash, id_t user_id, const std::string& csrf,
                                domain::instant created, domain::instant expires) = 0;
    virtual void delete_session(const std::string& id_hash) = 0;
    virtual void delete_sessions_of(id_t user_id) = 0;

    virtual void insert_tracking_token(id_t job_id, const std::string& token) = 0;
    virtual std::optional<std::string> tracking_token_of(id_t job_id) = 0;
    virtual void insert_photo(const photo_record& photo, id_t uploaded_by, domain::instant at) = 0;
};

} // namespace mend::app
