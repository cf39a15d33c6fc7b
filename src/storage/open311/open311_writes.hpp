// app::open311_store over the writer's connection: integrations, the requests they raised and their comments.
#pragma once

#include "app/open311.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class open311_writes final : public app::open311_store {
public:
    explicit open311_writes(connection& c)
        : c_(c) {}

    app::integration insert_integration(const app::new_integration& in, const std::string& key_hash,
                                        domain::instant now) override;
    std::vector<app::integration> integrations() override;
    std::optional<app::integration> integration_by_id(app::id_t id) override;
    void revoke_integration(app::id_t id, domain::instant now) override;
    std::optional<app::open311_request> request_by_sender(app::id_t integration_id,
                                                          std::string_view sender_id) override;
    std::optional<app::open311_request> request_by_service_id(std::string_view service_request_id) override;
    app::open311_request insert_request(app::open311_request r) override;
    void link_converted(app::id_t mention_id, app::id_t job_id) override;
    std::vector<app::property_record> homes_with_postcode(std::string_view postcode) override;
    std::optional<app::id_t> comment_event(app::id_t integration_id, std::string_view update_id) override;
    void insert_comment(app::id_t integration_id, const std::string& update_id, app::id_t event_id) override;

private:
    connection& c_; // the writer's, owned by the group writer
};

} // namespace mend::storage
