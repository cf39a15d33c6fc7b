// Rows of the staff checklist and the approval queue, for both the writer and the readers.
#pragma once

#include "app/social.hpp"
#include "storage/sqlite/connection.hpp"

#include <string_view>

namespace mend::storage {

inline constexpr std::string_view select_checklist =
    "SELECT version, items, set_by, created_at FROM social_checklists ORDER BY version DESC LIMIT 1";

// The current version, from a statement of select_checklist; empty when none is set.
std::optional<app::checklist> read_checklist(SQLite::Statement& q);

inline constexpr std::string_view select_approval =
    "SELECT a.id, a.mention_id, a.request_id, r.reference, a.text, a.author_id, u.name, a.state, "
    "a.decided_by, "
    "a.reason, a.created_at, a.decided_at FROM social_approvals a LEFT JOIN requests r ON r.id = "
    "a.request_id "
    "LEFT JOIN users u ON u.id = a.author_id ";

app::approval_record read_approval(SQLite::Statement& row);

} // namespace mend::storage
