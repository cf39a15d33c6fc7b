// Mapping between the social inbox's rows and app values, for both the writer and the readers.
#pragma once

#include "app/social.hpp"
#include "storage/sqlite/connection.hpp"

#include <string_view>

namespace mend::storage {

// The columns read_mention expects, in order; append WHERE/ORDER BY to it.
inline constexpr std::string_view select_mention =
    "SELECT m.id, m.network, m.notification_id, m.status_id, m.author, m.author_url, m.status_url, m.text, "
    "m.posted_at, m.state, m.reference, m.request_id, r.reference, m.token_hash, m.dismiss_reason, "
    "m.handled_by, m.received_at, m.updated_at, m.in_reply_to, m.flags "
    "FROM social_mentions m LEFT JOIN requests r ON r.id = m.request_id ";

app::mention_record read_mention(SQLite::Statement& row);

inline constexpr std::string_view select_reply =
    "SELECT id, mention_id, request_id, network, event, reference, in_reply_to, address, body, state, "
    "attempts, "
    "next_attempt_at, provider_id, last_error, created_at, updated_at, retried_by, retried_at "
    "FROM social_replies ";

app::reply_record read_reply(SQLite::Statement& row);

inline constexpr std::string_view select_update =
    "SELECT id, network, status_id, mention_id, request_id, author, status_url, text, posted_at, received_at "
    "FROM social_updates ";

app::social_update read_update(SQLite::Statement& row);

inline constexpr std::string_view select_intake_token =
    "SELECT mention_id, issued_at FROM social_intake_tokens WHERE token_hash IN (SELECT value FROM "
    "json_each(?)) "
    "ORDER BY issued_at DESC LIMIT 1";

app::intake_token read_intake_token(SQLite::Statement& row);

inline constexpr std::string_view select_intake_details =
    "SELECT mention_id, name, postcode, address, email, phone, preferred, given_at FROM "
    "social_intake_details ";

app::intake_details read_intake_details(SQLite::Statement& row);

// A list of strings as one JSON array parameter, for `IN (SELECT value FROM json_each(?))`.
void bind_texts(SQLite::Statement& q, int index, const std::vector<std::string>& texts);

// Flags are kept as one comma-separated column.
std::string join_flags(const std::vector<std::string>& flags);

} // namespace mend::storage
