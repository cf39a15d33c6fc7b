// Mapping between the complaints' rows and domain values, for both the writer and the readers.
#pragma once

#include "domain/complaints.hpp"
#include "storage/sqlite/connection.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace mend::storage {

// The columns read_complaint expects, in order; append WHERE/ORDER BY to it.
inline constexpr std::string_view select_complaint =
    "SELECT k.id, k.reference, k.request_id, r.reference, k.complainant_id, COALESCE(u.name, ''), k.via, "
    "k.summary, k.outcome_wanted, k.status, k.stage, k.received_at, k.closed_at, k.raised_by, k.created_at, "
    "k.updated_at FROM complaints k JOIN requests r ON r.id = k.request_id "
    "LEFT JOIN users u ON u.id = k.complainant_id ";

domain::complaint read_complaint(SQLite::Statement& row);
inline constexpr int complaint_columns = 16; // how many select_complaint reads

// The columns read_complaint_clock expects, in order, then "FROM complaint_clocks c ".
inline constexpr std::string_view select_complaint_clock =
    "SELECT c.id, c.complaint_id, c.stage, c.step, c.started_at, c.base_due_at, c.basis, c.extended_days, "
    "c.due_at, c.extension_reason, c.met_at, c.stopped_at, c.stop_reason, c.escalated FROM complaint_clocks "
    "c ";

domain::complaint_clock read_complaint_clock(SQLite::Statement& row, int first = 0);

std::optional<domain::complaint> find_complaint(connection& c, std::string_view reference);
std::vector<domain::complaint_clock> find_complaint_clocks(connection& c, domain::id_t complaint_id);

} // namespace mend::storage
