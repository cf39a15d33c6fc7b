// Reading Open311's rows (integrations, requests) into app records; shared by the writes and the reads.
#pragma once

#include "app/open311.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <string_view>

namespace mend::storage {

// The columns read_integration expects, in order, then "FROM integrations ".
inline constexpr std::string_view select_integration =
    "SELECT id, kind, name, jurisdiction, user_id, created_at, revoked_at FROM integrations ";

// The columns read_request expects, in order, with the job's reference, from "open311_requests r".
inline constexpr std::string_view select_request =
    "SELECT r.id, r.integration_id, r.sender_id, r.service_request_id, r.request_id, r.mention_id, "
    "r.service_code, r.lat, r.long, r.address_string, r.first_name, r.last_name, r.email, r.phone, "
    "r.created_at, j.reference "
    "FROM open311_requests r LEFT JOIN requests j ON j.id = r.request_id ";

app::integration read_integration(SQLite::Statement& row);
app::open311_request read_request(SQLite::Statement& row);

} // namespace mend::storage
