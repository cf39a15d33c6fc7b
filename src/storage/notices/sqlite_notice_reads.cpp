#include "storage/notices/sqlite_notice_reads.hpp"

#include "storage/notices/notice_rows.hpp"
#include "storage/sqlite/millis_columns.hpp"

namespace mend::storage {

namespace {

// A health key is a channel's name, or a channel's name, a space and an address (app::health_key).
constexpr std::string_view key_of_row = "(n.channel || ' ' || n.address)";

} // namespace

std::vector<app::notice_record> sqlite_notice_reads::due_notices(domain::instant now, std::size_t limit,
                                                                 const std::vector<std::string>& closed) {
    // Uses the partial index notices_due: only pending rows are in it. One statement per number of closed
    // keys, so each shape is prepared once per connection.
    std::string sql = select_notice_through("notices_due");
    sql += "WHERE n.state = 'pending' AND n.next_attempt_at <= ?";
    if (!closed.empty()) {
        std::string list = "(?";
        for (std::size_t i = 1; i < closed.size(); ++i) {
            list += ", ?";
        }
        list += ")";
        sql += " AND n.channel NOT IN " + list + " AND " + std::string(key_of_row) + " NOT IN " + list;
    }
    sql += " ORDER BY n.next_attempt_at, n.id LIMIT ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    int i = 1;
    q->bind(i++, domain::to_unix_millis(now));
    for (int round = 0; round < 2; ++round) {
        for (const auto& key : closed) {
            q->bind(i++, key);
        }
    }
    q->bind(i, static_cast<std::int64_t>(limit));
    std::vector<app::notice_record> out;
    while (q->executeStep()) {
        out.push_back(read_notice(*q));
    }
    return out;
}

std::optional<app::notice_record> sqlite_notice_reads::due_notice_of(const std::string& key,
                                                                     domain::instant now) {
    static const std::string sql =
        select_notice_through("notices_due") +
        "WHERE n.state = 'pending' AND n.next_attempt_at <= ? AND (n.channel = ? OR " +
        std::string(key_of_row) + " = ?) ORDER BY n.next_attempt_at, n.id LIMIT 1";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, domain::to_unix_millis(now));
    q->bind(2, key);
    q->bind(3, key);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_notice(*q);
}

std::optional<domain::instant> sqlite_notice_reads::next_due() {
    auto c = pool_.borrow();
    auto q =
        c->prepare("SELECT MIN(next_attempt_at) FROM notices INDEXED BY notices_due WHERE state = 'pending'");
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_optional_millis(*q, 0);
}

std::optional<app::notice_record> sqlite_notice_reads::notice(app::id_t id) {
    static const std::string sql = std::string(select_notice) + "WHERE n.id = ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_notice(*q);
}

std::vector<app::notice_record> sqlite_notice_reads::notices(const app::notice_filter& filter) {
    std::string sql(select_notice);
    sql += "WHERE 1";
    if (filter.state) {
        sql += " AND n.state = :state";
    }
    if (filter.job_id) {
        sql += " AND n.request_id = :request";
    }
    if (filter.channel) {
        sql += " AND n.channel = :channel";
    }
    if (filter.after_id) {
        sql += " AND n.id > :after";
    }
    sql += " ORDER BY n.id LIMIT :limit";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    if (filter.state) {
        q->bind(":state", std::string(app::to_string(*filter.state)));
    }
    if (filter.job_id) {
        q->bind(":request", *filter.job_id);
    }
    if (filter.channel) {
        q->bind(":channel", *filter.channel);
    }
    if (filter.after_id) {
        q->bind(":after", *filter.after_id);
    }
    q->bind(":limit", filter.limit + 1);
    std::vector<app::notice_record> out;
    while (q->executeStep()) {
        out.push_back(read_notice(*q));
    }
    return out;
}

std::vector<app::attempt_record> sqlite_notice_reads::attempts_of(app::id_t notice_id) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT id, notice_id, at, channel, outcome, provider_id, error, retry_at "
                        "FROM notice_attempts WHERE notice_id = ? ORDER BY id");
    q->bind(1, notice_id);
    std::vector<app::attempt_record> out;
    while (q->executeStep()) {
        app::attempt_record a;
        a.id = q->getColumn(0).getInt64();
        a.notice_id = q->getColumn(1).getInt64();
        a.at = read_millis(*q, 2);
        a.channel = q->getColumn(3).getString();
        a.outcome = q->getColumn(4).getString();
        a.provider_id = q->getColumn(5).getString();
        a.error = q->getColumn(6).getString();
        a.retry_at = read_optional_millis(*q, 7);
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<app::alert_record> sqlite_notice_reads::alerts_of(app::id_t job_id) {
    auto c = pool_.borrow();
    auto q =
        c->prepare("SELECT request_id, kind, detail, created_at FROM request_alerts WHERE request_id = ? "
                   "ORDER BY id");
    q->bind(1, job_id);
    std::vector<app::alert_record> out;
    while (q->executeStep()) {
        out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                       read_millis(*q, 3)});
    }
    return out;
}

std::optional<app::webhook_endpoint> sqlite_notice_reads::webhook_endpoint_by_id(app::id_t id) {
    static const std::string sql = std::string(select_endpoint) + "WHERE id = ?";
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_endpoint(*q);
}

std::vector<std::pair<std::string, std::int64_t>> sqlite_notice_reads::notices_by_state() {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT state, notices FROM notice_counts WHERE notices > 0"); // kept by triggers
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q->executeStep()) {
        out.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getInt64());
    }
    return out;
}

} // namespace mend::storage
