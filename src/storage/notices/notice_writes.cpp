#include "storage/notices/notice_writes.hpp"

#include "domain/text.hpp"
#include "storage/notices/notice_rows.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

#include <stdexcept>

namespace mend::storage {

namespace {

std::vector<app::contact> contacts(statement_lease& q) {
    std::vector<app::contact> out;
    while (q->executeStep()) {
        out.push_back(read_contact(*q));
    }
    return out;
}

} // namespace

std::optional<app::contact> notice_writes::contact_of(app::id_t user_id) {
    static const std::string sql = std::string(select_contact) + "WHERE id = ?";
    auto q = c_.prepare(sql);
    q->bind(1, user_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_contact(*q);
}

void notice_writes::set_contact(app::id_t user_id, const std::optional<std::string>& handle,
                                const std::vector<std::string>& channels) {
    auto q = c_.prepare("UPDATE users SET handle = ?, channels = ? WHERE id = ?");
    bind_optional(*q, 1, handle);
    q->bind(2, domain::join_list(channels));
    q->bind(3, user_id);
    q->exec();
}

std::vector<app::contact> notice_writes::officers() {
    static const std::string sql = std::string(select_contact) + "WHERE role = 'officer' ORDER BY id";
    auto q = c_.prepare(sql);
    return contacts(q);
}

std::vector<app::contact> notice_writes::firm_users(app::id_t contractor_id) {
    static const std::string sql = std::string(select_contact) + "WHERE contractor_id = ? ORDER BY id";
    auto q = c_.prepare(sql);
    q->bind(1, contractor_id);
    return contacts(q);
}

std::optional<std::vector<std::string>> notice_writes::job_channels(app::id_t job_id) {
    auto q = c_.prepare("SELECT channels FROM request_channels WHERE request_id = ?");
    q->bind(1, job_id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return domain::split_list(q->getColumn(0).getString());
}

void notice_writes::set_job_channels(app::id_t job_id, const std::vector<std::string>& channels) {
    auto q = c_.prepare("INSERT OR REPLACE INTO request_channels (request_id, channels) VALUES (?, ?)");
    q->bind(1, job_id);
    q->bind(2, domain::join_list(channels));
    q->exec();
}

app::id_t notice_writes::last_event_of(app::id_t job_id) {
    auto q = c_.prepare("SELECT MAX(id) FROM events WHERE request_id = ?");
    q->bind(1, job_id);
    q->executeStep();
    return q->getColumn(0).getInt64();
}

std::vector<app::webhook_endpoint> notice_writes::webhook_endpoints(std::optional<app::id_t> contractor_id) {
    static const std::string firm_sql =
        std::string(select_endpoint) + "WHERE contractor_id = ? AND disabled_at IS NULL ORDER BY id";
    static const std::string integration_sql =
        std::string(select_endpoint) + "WHERE contractor_id IS NULL AND disabled_at IS NULL ORDER BY id";
    auto q = c_.prepare(contractor_id ? firm_sql : integration_sql);
    if (contractor_id) {
        q->bind(1, *contractor_id);
    }
    std::vector<app::webhook_endpoint> out;
    while (q->executeStep()) {
        out.push_back(read_endpoint(*q));
    }
    return out;
}

app::webhook_endpoint notice_writes::insert_webhook_endpoint(app::webhook_endpoint e, domain::instant now) {
    auto q = c_.prepare("INSERT INTO webhook_endpoints (contractor_id, name, url, secret, created_at) VALUES "
                        "(?, ?, ?, ?, ?)");
    bind_optional(*q, 1, e.contractor_id);
    q->bind(2, e.name);
    q->bind(3, e.url);
    q->bind(4, e.secret);
    bind_millis(*q, 5, now);
    q->exec();
    e.id = c_.db().getLastInsertRowid();
    return e;
}

void notice_writes::disable_webhook_endpoint(app::id_t id, const std::string& reason, domain::instant now) {
    auto q = c_.prepare("UPDATE webhook_endpoints SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND "
                        "disabled_at IS NULL");
    bind_millis(*q, 1, now);
    q->bind(2, reason);
    q->bind(3, id);
    q->exec();
}

app::notice_record notice_writes::insert_notice(app::notice_record n) {
    // The id SQLite would choose (one more than the largest), named here so that a chain's first notice is
    // written with its own id as its chain rather than changed after: the writer is the only one inserting.
    {
        auto next = c_.prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM notices");
        next->executeStep();
        n.id = next->getColumn(0).getInt64();
    } // reset before the insert
    if (n.chain == 0) {
        n.chain = n.id;
    }
    auto q = c_.prepare(
        "INSERT INTO notices (id, request_id, event_id, event, audience, user_id, chain, chain_pos, channel, "
        "address, recipient_name, subject, body, params, state, attempts, next_attempt_at, provider_id, "
        "last_error, created_at, updated_at, trying_since) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, n.id);
    q->bind(2, n.job_id);
    q->bind(3, n.event_id);
    q->bind(4, n.event);
    q->bind(5, std::string(app::to_string(n.to)));
    bind_optional(*q, 6, n.user_id);
    q->bind(7, n.chain);
    q->bind(8, n.chain_pos);
    q->bind(9, n.channel);
    q->bind(10, n.address);
    q->bind(11, n.recipient_name);
    q->bind(12, n.subject);
    q->bind(13, n.body);
    q->bind(14, n.params);
    q->bind(15, std::string(app::to_string(n.state)));
    q->bind(16, n.attempts);
    bind_millis(*q, 17, n.next_attempt_at);
    q->bind(18, n.provider_id);
    q->bind(19, n.last_error);
    bind_millis(*q, 20, n.created_at);
    bind_millis(*q, 21, n.updated_at);
    bind_millis(*q, 22, n.trying_since);
    q->exec();
    return n;
}

std::optional<app::notice_record> notice_writes::notice_by_id(app::id_t id) {
    static const std::string sql = std::string(select_notice) + "WHERE n.id = ?";
    auto q = c_.prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_notice(*q);
}

std::optional<app::notice_record> notice_writes::notice_by_provider_id(std::string_view provider_id) {
    static const std::string sql =
        std::string(select_notice) + "WHERE n.provider_id = ? ORDER BY n.id LIMIT 1";
    auto q = c_.prepare(sql);
    q->bind(1, std::string(provider_id));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_notice(*q);
}

void notice_writes::update_notice(const app::notice_record& n) {
    auto q = c_.prepare("UPDATE notices SET state = ?, attempts = ?, next_attempt_at = ?, provider_id = ?, "
                        "last_error = ?, updated_at = ?, trying_since = ? WHERE id = ?");
    q->bind(1, std::string(app::to_string(n.state)));
    q->bind(2, n.attempts);
    bind_millis(*q, 3, n.next_attempt_at);
    q->bind(4, n.provider_id);
    q->bind(5, n.last_error);
    bind_millis(*q, 6, n.updated_at);
    bind_millis(*q, 7, n.trying_since);
    q->bind(8, n.id);
    if (q->exec() != 1) {
        throw std::runtime_error("no notice has id " + std::to_string(n.id));
    }
}

std::vector<app::notice_record> notice_writes::chain_of(app::id_t chain) {
    static const std::string sql = std::string(select_notice) + "WHERE n.chain = ? ORDER BY n.chain_pos";
    auto q = c_.prepare(sql);
    q->bind(1, chain);
    std::vector<app::notice_record> out;
    while (q->executeStep()) {
        out.push_back(read_notice(*q));
    }
    return out;
}

void notice_writes::skip_standby_after(app::id_t chain, int pos, domain::instant now) {
    auto q = c_.prepare("UPDATE notices SET state = 'skipped', updated_at = ? "
                        "WHERE chain = ? AND chain_pos > ? AND state = 'standby'");
    bind_millis(*q, 1, now);
    q->bind(2, chain);
    q->bind(3, pos);
    q->exec();
}

std::vector<app::id_t> notice_writes::trying_since_before(std::string_view channel, domain::instant cutoff,
                                                          std::size_t limit) {
    auto q = c_.prepare("SELECT id FROM notices WHERE state = 'pending' AND channel = ? "
                        "AND COALESCE(trying_since, created_at) <= ? ORDER BY id LIMIT ?");
    return ids_by_name_and_time(*q, channel, cutoff, limit);
}

void notice_writes::insert_attempt(const app::attempt_record& a) {
    auto q = c_.prepare("INSERT INTO notice_attempts (notice_id, at, channel, outcome, provider_id, error, "
                        "retry_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, a.notice_id);
    bind_millis(*q, 2, a.at);
    q->bind(3, a.channel);
    q->bind(4, a.outcome);
    q->bind(5, a.provider_id);
    q->bind(6, a.error);
    bind_millis(*q, 7, a.retry_at);
    q->exec();
}

void notice_writes::raise_alert(const app::alert_record& a) {
    auto q = c_.prepare(
        "INSERT OR IGNORE INTO request_alerts (request_id, kind, detail, created_at) VALUES (?, ?, ?, ?)");
    q->bind(1, a.job_id);
    q->bind(2, a.kind);
    q->bind(3, a.detail);
    bind_millis(*q, 4, a.at);
    q->exec();
}

} // namespace mend::storage
