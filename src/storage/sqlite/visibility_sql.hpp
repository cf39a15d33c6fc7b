// The visibility rule as SQL: the one condition every query that lists or counts jobs uses.
#pragma once

#include "domain/visibility.hpp"

#include <SQLiteCpp/Statement.h>
#include <string>
#include <string_view>

namespace mend::storage {

// A condition over the jobs table (the requests table under `alias`) that holds for the jobs `visibility`
// lets its actor see; AND it into a WHERE clause. The text depends only on the scope, never on the ids, so a
// query built with it still has one text per shape and the connection prepares each shape once.
std::string visibility_condition(const domain::visibility& visibility, std::string_view alias);

// Binds the parameter the condition names (none for scope::all and scope::none).
void bind_visibility(SQLite::Statement& query, const domain::visibility& visibility);

} // namespace mend::storage
