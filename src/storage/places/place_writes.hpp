// app::place_store over the writer's connection: blocks and estates, inside the group writer's transaction.
#pragma once

#include "app/places.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class place_writes final : public app::place_store {
public:
    explicit place_writes(connection& c)
        : c_(c) {}

    std::optional<app::place_record> place_by_id(app::id_t id) override;
    std::optional<app::place_record> place_by_name(app::place_kind kind, std::string_view name) override;
    std::optional<app::place_record> place_by_uprn(std::string_view uprn) override;
    app::place_record insert_place(app::place_record place) override;
    std::optional<app::property_record> home_by_id(app::id_t property_id) override;
    bool lives_in(app::id_t user_id, app::id_t place_id) override;
    bool has_leaseholders(app::id_t place_id) override;
    std::optional<app::property_record> communal_home(app::id_t place_id) override;
    app::property_record insert_communal_home(app::id_t place_id, const std::string& uprn,
                                              const std::string& address) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
