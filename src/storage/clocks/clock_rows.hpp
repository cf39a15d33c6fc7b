// Mapping between the clocks tables and domain clocks, and the queries both the reader and the writer need.
#pragma once

#include "app/clocks.hpp"
#include "storage/sqlite/connection.hpp"

#include <string>
#include <vector>

namespace mend::storage {

std::vector<domain::job_clock> find_clocks_of(connection& c, domain::id_t job_id);
// The clocks of several jobs with their pauses, in two queries whatever their number; by job, then clock id.
std::vector<domain::job_clock> find_clocks_of(connection& c, const std::vector<domain::id_t>& job_ids);

// The WHERE condition (on clocks c) of a clock in `state` at :now with :share, for at_risk and breached;
// it agrees with domain::state_of, which the integration tests check.
std::string clock_state_condition(domain::clock_state state);

// The columns read_clock_row expects, then r.reference, r.contractor_id; append WHERE/ORDER BY to it.
extern const std::string select_clock_rows;

// Reads one row of select_clock_rows, with its pauses.
app::job_clock_row read_clock_row(connection& c, SQLite::Statement& row);

} // namespace mend::storage
