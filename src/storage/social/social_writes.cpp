#include "storage/social/social_writes.hpp"

#include "storage/social/social_rows.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

namespace mend::storage {

namespace {

void bind_reply(SQLite::Statement& q, const app::reply_record& r) {
    q.bind(1, r.mention_id);
    bind_optional(q, 2, r.job_id);
    q.bind(3, r.network);
    q.bind(4, r.event);
    q.bind(5, r.reference);
    q.bind(6, r.in_reply_to);
    q.bind(7, r.address);
    q.bind(8, r.body);
    q.bind(9, std::string(app::to_string(r.state)));
    q.bind(10, r.attempts);
    bind_millis(q, 11, r.next_attempt_at);
    q.bind(12, r.provider_id);
    q.bind(13, r.last_error);
    bind_millis(q, 14, r.created_at);
    bind_millis(q, 15, r.updated_at);
    bind_optional(q, 16, r.retried_by);
    bind_millis(q, 17, r.retried_at);
}

} // namespace

std::optional<std::string> social_writes::social_cursor(std::string_view network) {
    auto q = c_.prepare("SELECT last_id FROM social_cursors WHERE network = ?");
    q->bind(1, std::string(network));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return q->getColumn(0).getString();
}

void social_writes::set_social_cursor(std::string_view network, const std::string& last_id,
                                      domain::instant now) {
    auto q = c_.prepare("INSERT INTO social_cursors (network, last_id, updated_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (network) DO UPDATE SET last_id = excluded.last_id, "
                        "updated_at = excluded.updated_at");
    q->bind(1, std::string(network));
    q->bind(2, last_id);
    bind_millis(*q, 3, now);
    q->exec();
}

std::optional<app::mention_record> social_writes::insert_mention(app::mention_record m) {
    auto q = c_.prepare(
        "INSERT INTO social_mentions (network, notification_id, status_id, author, author_url, status_url, "
        "text, "
        "posted_at, state, reference, request_id, token_hash, dismiss_reason, handled_by, received_at, "
        "updated_at, in_reply_to, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (network, status_id) DO NOTHING");
    q->bind(1, m.network);
    q->bind(2, m.post.notification_id);
    q->bind(3, m.post.status_id);
    q->bind(4, m.post.author);
    q->bind(5, m.post.author_url);
    q->bind(6, m.post.status_url);
    q->bind(7, m.post.text);
    bind_millis(*q, 8, m.post.posted_at);
    q->bind(9, std::string(app::to_string(m.state)));
    q->bind(10, m.reference);
    bind_optional(*q, 11, m.job_id);
    q->bind(12, m.token_hash);
    q->bind(13, m.dismiss_reason);
    bind_optional(*q, 14, m.handled_by);
    bind_millis(*q, 15, m.received_at);
    bind_millis(*q, 16, m.updated_at);
    q->bind(17, m.post.in_reply_to);
    q->bind(18, join_flags(m.flags));
    if (q->exec() == 0) {
        return std::nullopt;
    }
    m.id = c_.db().getLastInsertRowid();
    return m;
}

std::optional<app::mention_record> social_writes::mention_by_id(app::id_t id) {
    static const std::string sql = std::string(select_mention) + "WHERE m.id = ?";
    auto q = c_.prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_mention(*q);
}

void social_writes::update_mention(const app::mention_record& m) {
    auto q = c_.prepare(
        "UPDATE social_mentions SET state = ?, request_id = ?, dismiss_reason = ?, handled_by = ?, "
        "updated_at = ? WHERE id = ?");
    q->bind(1, std::string(app::to_string(m.state)));
    bind_optional(*q, 2, m.job_id);
    q->bind(3, m.dismiss_reason);
    bind_optional(*q, 4, m.handled_by);
    bind_millis(*q, 5, m.updated_at);
    q->bind(6, m.id);
    q->exec();
}

bool social_writes::intake_reference_taken(std::string_view reference) {
    auto q = c_.prepare("SELECT 1 FROM social_mentions WHERE reference = ?");
    q->bind(1, std::string(reference));
    return q->executeStep();
}

std::optional<app::mention_record> social_writes::mention_by_reference(std::string_view reference) {
    static const std::string sql = std::string(select_mention) + "WHERE m.reference = ?";
    auto q = c_.prepare(sql);
    q->bind(1, std::string(reference));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_mention(*q);
}

std::optional<app::mention_record> social_writes::mention_in_thread(std::string_view network,
                                                                    std::string_view status_id) {
    static const std::string sql =
        std::string(select_mention) +
        "WHERE m.id = (SELECT id FROM social_mentions WHERE network = ?1 AND status_id = ?2 "
        "UNION ALL SELECT mention_id FROM social_replies WHERE network = ?1 AND provider_id = ?2 "
        "UNION ALL SELECT mention_id FROM social_updates WHERE network = ?1 AND status_id = ?2 LIMIT 1)";
    auto q = c_.prepare(sql);
    q->bind(1, std::string(network));
    q->bind(2, std::string(status_id));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_mention(*q);
}

bool social_writes::insert_update(const app::social_update& u) {
    auto q = c_.prepare("INSERT INTO social_updates (network, status_id, mention_id, request_id, author, "
                        "status_url, text, posted_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (network, status_id) DO NOTHING");
    q->bind(1, u.network);
    q->bind(2, u.status_id);
    q->bind(3, u.mention_id);
    bind_optional(*q, 4, u.job_id);
    q->bind(5, u.author);
    q->bind(6, u.status_url);
    q->bind(7, u.text);
    bind_millis(*q, 8, u.posted_at);
    bind_millis(*q, 9, u.received_at);
    return q->exec() > 0;
}

std::vector<app::mention_record> social_writes::mentions_of_job(app::id_t job_id) {
    static const std::string sql =
        std::string(select_mention) +
        "WHERE (m.request_id = ? AND m.state = 'converted') OR m.id IN (SELECT mention_id FROM followers "
        "WHERE request_id = ? AND kind = 'thread') ORDER BY m.id";
    auto q = c_.prepare(sql);
    q->bind(1, job_id);
    q->bind(2, job_id);
    std::vector<app::mention_record> out;
    while (q->executeStep()) {
        out.push_back(read_mention(*q));
    }
    return out;
}

app::reply_record social_writes::insert_reply(app::reply_record r) {
    auto q =
        c_.prepare("INSERT INTO social_replies (mention_id, request_id, network, event, reference, "
                   "in_reply_to, address, body, state, attempts, next_attempt_at, provider_id, last_error, "
                   "created_at, updated_at, retried_by, retried_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_reply(*q, r);
    q->exec();
    r.id = c_.db().getLastInsertRowid();
    return r;
}

std::optional<app::reply_record> social_writes::reply_by_id(app::id_t id) {
    static const std::string sql = std::string(select_reply) + "WHERE id = ?";
    auto q = c_.prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_reply(*q);
}

void social_writes::update_reply(const app::reply_record& r) {
    auto q =
        c_.prepare("UPDATE social_replies SET mention_id = ?, request_id = ?, network = ?, event = ?, "
                   "reference = ?, in_reply_to = ?, address = ?, body = ?, state = ?, attempts = ?, "
                   "next_attempt_at = ?, provider_id = ?, last_error = ?, created_at = ?, updated_at = ?, "
                   "retried_by = ?, retried_at = ? WHERE id = ?");
    bind_reply(*q, r);
    q->bind(18, r.id);
    q->exec();
}

std::vector<app::id_t> social_writes::pending_replies_made_before(std::string_view network,
                                                                  domain::instant cutoff, std::size_t limit) {
    auto q = c_.prepare(
        "SELECT id FROM social_replies WHERE state = 'pending' AND network = ? AND created_at <= ? "
        "ORDER BY id LIMIT ?");
    return ids_by_name_and_time(*q, network, cutoff, limit);
}

std::vector<app::id_t> social_writes::untried_notices(app::id_t job_id, app::id_t event_id,
                                                      std::string_view channel) {
    // By request first: notices_request is an index, and a job has few notices.
    auto q = c_.prepare("SELECT id FROM notices WHERE request_id = ? AND event_id = ? AND channel = ? "
                        "AND attempts = 0 AND state IN ('pending', 'standby') ORDER BY id");
    q->bind(1, job_id);
    q->bind(2, event_id);
    q->bind(3, std::string(channel));
    std::vector<app::id_t> out;
    while (q->executeStep()) {
        out.push_back(q->getColumn(0).getInt64());
    }
    return out;
}

} // namespace mend::storage
