// The columns of a place (a block or an estate) and of a home with its places, and reading them back; shared
// by the writer's store and the reads.
#pragma once

#include "app/places.hpp"
#include "storage/sqlite/connection.hpp"

#include <SQLiteCpp/Statement.h>
#include <string_view>

namespace mend::storage {

// Ends with a space, so that WHERE or ORDER BY can follow.
inline constexpr std::string_view select_place =
    "SELECT id, kind, name, address, uprn, estate_id FROM places ";

app::place_record read_place(SQLite::Statement& q);

// Ends with a space.
inline constexpr std::string_view select_home_with_places =
    "SELECT id, uprn, address, postcode, access_notes, block_id, estate_id FROM properties ";

app::property_record read_home_with_places(SQLite::Statement& q);

// Whether the user holds a home in the block or estate.
bool find_lives_in(connection& c, app::id_t user_id, app::id_t place_id);

} // namespace mend::storage
