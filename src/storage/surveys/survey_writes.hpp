// app::survey_store over the writer's connection: perception-survey responses, inside the group writer's
// transaction.
#pragma once

#include "app/surveys.hpp"
#include "storage/sqlite/connection.hpp"

namespace mend::storage {

// Part of sqlite_unit. Used only on the writer thread, while a unit's savepoint is open.
class survey_writes final : public app::survey_store {
public:
    explicit survey_writes(connection& c)
        : c_(c) {}

    bool save_response(const domain::survey_response& r, domain::id_t imported_by,
                       domain::instant imported_at) override;

private:
    connection& c_; // the writer's connection; outlives this
};

} // namespace mend::storage
