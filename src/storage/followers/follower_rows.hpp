// The columns of a follower, with a tenant's name and home and a thread's author and intake reference, and
// reading them back; shared by the writer's store and the reads.
#pragma once

#include "app/followers.hpp"

#include <SQLiteCpp/Statement.h>
#include <string_view>

namespace mend::storage {

// Ends with a space, so that WHERE or ORDER BY can follow. A tenant's home for a letter is the first one
// they hold.
inline constexpr std::string_view select_follower =
    "SELECT f.id, f.request_id, f.kind, f.user_id, f.mention_id, f.channel, f.address, "
    "CASE f.kind WHEN 'tenant' THEN COALESCE(u.name, '') WHEN 'thread' THEN COALESCE(m.author, '') "
    "ELSE f.name END, f.added_by, f.created_at, "
    "COALESCE((SELECT p.address || char(10) || p.postcode FROM tenancies t JOIN properties p "
    "ON p.id = t.property_id WHERE t.user_id = f.user_id ORDER BY p.id LIMIT 1), ''), "
    "COALESCE(m.reference, '') "
    "FROM followers f LEFT JOIN users u ON u.id = f.user_id "
    "LEFT JOIN social_mentions m ON m.id = f.mention_id ";

app::follower_record read_follower(SQLite::Statement& q);

} // namespace mend::storage
