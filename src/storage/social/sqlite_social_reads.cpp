#include "storage/social/sqlite_social_reads.hpp"

#include "storage/social/safety_rows.hpp"
#include "storage/social/social_rows.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

namespace mend::storage {

std::vector<app::mention_record> sqlite_social_reads::mentions(const app::mention_filter& filter) {
    std::string sql(select_mention);
    sql += "WHERE m.id > ?";
    if (filter.state) {
        sql += " AND m.state = ?";
    }
    if (filter.flagged) {
        sql += *filter.flagged ? " AND m.flags != ''" : " AND m.flags = ''";
    }
    sql += " ORDER BY m.id LIMIT ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    int i = 1;
    q->bind(i++, filter.after_id.value_or(0));
    if (filter.state) {
        q->bind(i++, std::string(app::to_string(*filter.state)));
    }
    q->bind(i, filter.limit + 1);
    std::vector<app::mention_record> out;
    while (q->executeStep()) {
        out.push_back(read_mention(*q));
    }
    return out;
}

std::optional<app::mention_record> sqlite_social_reads::mention(app::id_t id) {
    static const std::string sql = std::string(select_mention) + "WHERE m.id = ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_mention(*q);
}

std::vector<app::reply_record> sqlite_social_reads::replies_of(app::id_t mention_id) {
    static const std::string sql = std::string(select_reply) + "WHERE mention_id = ? ORDER BY id";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, mention_id);
    std::vector<app::reply_record> out;
    while (q->executeStep()) {
        out.push_back(read_reply(*q));
    }
    return out;
}

std::vector<app::social_update> sqlite_social_reads::updates_of(app::id_t mention_id) {
    static const std::string sql = std::string(select_update) + "WHERE mention_id = ? ORDER BY id";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, mention_id);
    std::vector<app::social_update> out;
    while (q->executeStep()) {
        out.push_back(read_update(*q));
    }
    return out;
}

std::vector<app::social_update> sqlite_social_reads::updates_of_job(std::string_view job_reference) {
    static const std::string sql =
        std::string(select_update) +
        "WHERE request_id = (SELECT id FROM requests WHERE reference = ?) ORDER BY id";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, std::string(job_reference));
    std::vector<app::social_update> out;
    while (q->executeStep()) {
        out.push_back(read_update(*q));
    }
    return out;
}

std::vector<app::reply_record> sqlite_social_reads::due_replies(std::string_view network, domain::instant now,
                                                                std::size_t limit) {
    static const std::string sql = std::string(select_reply) +
                                   "WHERE state = 'pending' AND network = ? AND next_attempt_at <= ? "
                                   "ORDER BY next_attempt_at, id LIMIT ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, std::string(network));
    q->bind(2, domain::to_unix_millis(now));
    q->bind(3, static_cast<std::int64_t>(limit));
    std::vector<app::reply_record> out;
    while (q->executeStep()) {
        out.push_back(read_reply(*q));
    }
    return out;
}

std::optional<app::checklist> sqlite_social_reads::current_checklist() {
    auto c = pool_.borrow();
    auto q = c->prepare(std::string(select_checklist));
    return read_checklist(*q);
}

std::optional<domain::instant> sqlite_social_reads::checklist_completed_at(app::id_t user_id, int version) {
    auto c = pool_.borrow();
    auto q =
        c->prepare("SELECT completed_at FROM social_checklist_completions WHERE user_id = ? AND version = ?");
    q->bind(1, user_id);
    q->bind(2, version);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_millis(*q, 0);
}

std::vector<app::approval_record> sqlite_social_reads::approvals(app::approval_state state,
                                                                 std::size_t limit) {
    const std::string order = state == app::approval_state::waiting ? "a.id" : "a.decided_at DESC, a.id DESC";
    auto c = pool_.borrow();
    auto q = c->prepare(std::string(select_approval) + "WHERE a.state = ? ORDER BY " + order + " LIMIT ?");
    q->bind(1, std::string(app::to_string(state)));
    q->bind(2, static_cast<std::int64_t>(limit));
    std::vector<app::approval_record> out;
    while (q->executeStep()) {
        out.push_back(read_approval(*q));
    }
    return out;
}

std::optional<std::string> sqlite_social_reads::social_cursor(std::string_view network) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT last_id FROM social_cursors WHERE network = ?");
    q->bind(1, std::string(network));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return q->getColumn(0).getString();
}

std::optional<app::intake_token>
sqlite_social_reads::intake_token_by_hash(const std::vector<std::string>& token_hashes) {
    auto c = pool_.borrow();
    auto q = c->prepare(std::string(select_intake_token));
    bind_texts(*q, 1, token_hashes);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_intake_token(*q);
}

std::optional<app::intake_details> sqlite_social_reads::intake_details_of(app::id_t mention_id) {
    static const std::string sql = std::string(select_intake_details) + "WHERE mention_id = ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, mention_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_intake_details(*q);
}

app::mention_threads sqlite_social_reads::threads_of(const std::vector<app::id_t>& mention_ids) {
    static const std::string in_ids =
        "WHERE mention_id IN (SELECT value FROM json_each(?)) ORDER BY mention_id";
    static const std::string replies_sql = std::string(select_reply) + in_ids + ", id";
    static const std::string updates_sql = std::string(select_update) + in_ids + ", id";
    static const std::string details_sql = std::string(select_intake_details) + in_ids;
    app::mention_threads out;
    auto c = pool_.borrow();
    auto replies = c->prepare(replies_sql);
    bind_ids(*replies, 1, mention_ids);
    while (replies->executeStep()) {
        out.replies.push_back(read_reply(*replies));
    }
    auto updates = c->prepare(updates_sql);
    bind_ids(*updates, 1, mention_ids);
    while (updates->executeStep()) {
        out.updates.push_back(read_update(*updates));
    }
    auto details = c->prepare(details_sql);
    bind_ids(*details, 1, mention_ids);
    while (details->executeStep()) {
        out.details.push_back(read_intake_details(*details));
    }
    return out;
}

} // namespace mend::storage
