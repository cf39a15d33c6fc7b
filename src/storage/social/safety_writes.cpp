// social_writes' part for the staff checklist and the approval queue.
#include "storage/social/safety_rows.hpp"
#include "storage/social/social_writes.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

namespace mend::storage {

std::optional<app::checklist> social_writes::current_checklist() {
    auto q = c_.prepare(std::string(select_checklist));
    return read_checklist(*q);
}

app::checklist social_writes::add_checklist(app::checklist c) {
    std::string items;
    for (const auto& item : c.items) {
        items += items.empty() ? item : "\n" + item;
    }
    auto q = c_.prepare("INSERT INTO social_checklists (items, set_by, created_at) VALUES (?, ?, ?)");
    q->bind(1, items);
    bind_optional(*q, 2, c.set_by);
    bind_millis(*q, 3, c.created_at);
    q->exec();
    c.version = static_cast<int>(c_.db().getLastInsertRowid());
    return c;
}

bool social_writes::completed_checklist(app::id_t user_id, int version) {
    auto q = c_.prepare("SELECT 1 FROM social_checklist_completions WHERE user_id = ? AND version = ?");
    q->bind(1, user_id);
    q->bind(2, version);
    return q->executeStep();
}

void social_writes::complete_checklist(app::id_t user_id, int version, domain::instant now) {
    auto q = c_.prepare(
        "INSERT INTO social_checklist_completions (user_id, version, completed_at) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING");
    q->bind(1, user_id);
    q->bind(2, version);
    bind_millis(*q, 3, now);
    q->exec();
}

app::approval_record social_writes::insert_approval(app::approval_record a) {
    auto q = c_.prepare(
        "INSERT INTO social_approvals (mention_id, request_id, text, author_id, state, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    bind_optional(*q, 1, a.mention_id);
    bind_optional(*q, 2, a.job_id);
    q->bind(3, a.text);
    q->bind(4, a.author_id);
    q->bind(5, std::string(app::to_string(a.state)));
    bind_millis(*q, 6, a.created_at);
    q->exec();
    a.id = c_.db().getLastInsertRowid();
    return a;
}

std::optional<app::approval_record> social_writes::approval_by_id(app::id_t id) {
    auto q = c_.prepare(std::string(select_approval) + "WHERE a.id = ?");
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_approval(*q);
}

void social_writes::update_approval(const app::approval_record& a) {
    auto q = c_.prepare("UPDATE social_approvals SET state = ?, decided_by = ?, reason = ?, decided_at = ? "
                        "WHERE id = ?");
    q->bind(1, std::string(app::to_string(a.state)));
    bind_optional(*q, 2, a.decided_by);
    q->bind(3, a.reason);
    bind_millis(*q, 4, a.decided_at);
    q->bind(5, a.id);
    q->exec();
}

} // namespace mend::storage
