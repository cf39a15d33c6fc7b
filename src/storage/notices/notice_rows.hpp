// Mapping between the outbox's rows and app values, for both the writer and the readers.
#pragma once

#include "app/notices/notices.hpp"
#include "storage/sqlite/connection.hpp"

#include <string>
#include <string_view>

namespace mend::storage {

// The columns read_notice expects, in order; append WHERE/ORDER BY to it.
inline constexpr std::string_view select_notice =
    "SELECT n.id, n.request_id, r.reference, n.event_id, n.event, n.audience, n.user_id, n.chain, "
    "n.chain_pos, "
    "n.channel, n.address, n.recipient_name, n.subject, n.body, n.params, n.state, n.attempts, "
    "n.next_attempt_at, n.provider_id, n.last_error, n.created_at, n.updated_at, n.trying_since "
    "FROM notices n JOIN requests r ON r.id = n.request_id ";

// select_notice reading the notices through the named index. The dispatcher's reads of pending notices in the
// order they fall due name notices_due: without statistics SQLite chose notices_state (state alone) and
// sorted every pending notice at each poll, 0.5 s a poll with 600,000 pending, a read long enough that the
// writer's RESTART checkpoint never finished and the log grew to GBs.
std::string select_notice_through(std::string_view index);

app::notice_record read_notice(SQLite::Statement& row);

inline constexpr std::string_view select_contact =
    "SELECT id, role, name, email, phone, handle, channels FROM users ";

app::contact read_contact(SQLite::Statement& row);

inline constexpr std::string_view select_endpoint =
    "SELECT id, contractor_id, name, url, secret, disabled_at IS NOT NULL FROM webhook_endpoints ";

app::webhook_endpoint read_endpoint(SQLite::Statement& row);

} // namespace mend::storage
