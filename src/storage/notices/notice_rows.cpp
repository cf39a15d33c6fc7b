#include "storage/notices/notice_rows.hpp"

#include "domain/text.hpp"
#include "storage/jobs/job_rows.hpp"
#include "storage/sqlite/millis_columns.hpp"

#include <stdexcept>

namespace mend::storage {

namespace {

std::optional<std::string> optional_text(SQLite::Statement& row, int i) {
    if (row.getColumn(i).isNull()) {
        return std::nullopt;
    }
    return row.getColumn(i).getString();
}

app::audience parse_audience(const std::string& text) {
    for (auto a :
         {app::audience::tenant, app::audience::firm, app::audience::officer, app::audience::integration}) {
        if (app::to_string(a) == text) {
            return a;
        }
    }
    throw_unknown_value(text);
}

} // namespace

std::string select_notice_through(std::string_view index) {
    constexpr std::string_view from = "FROM notices n ";
    std::string sql(select_notice);
    sql.insert(sql.find(from) + from.size(), "INDEXED BY " + std::string(index) + " ");
    return sql;
}

app::notice_record read_notice(SQLite::Statement& row) {
    app::notice_record n;
    n.id = row.getColumn(0).getInt64();
    n.job_id = row.getColumn(1).getInt64();
    n.reference = row.getColumn(2).getString();
    n.event_id = row.getColumn(3).getInt64();
    n.event = row.getColumn(4).getString();
    n.to = parse_audience(row.getColumn(5).getString());
    if (!row.getColumn(6).isNull()) {
        n.user_id = row.getColumn(6).getInt64();
    }
    n.chain = row.getColumn(7).getInt64();
    n.chain_pos = row.getColumn(8).getInt();
    n.channel = row.getColumn(9).getString();
    n.address = row.getColumn(10).getString();
    n.recipient_name = row.getColumn(11).getString();
    n.subject = row.getColumn(12).getString();
    n.body = row.getColumn(13).getString();
    n.params = row.getColumn(14).getString();
    const auto state = app::parse_notice_state(row.getColumn(15).getString());
    if (!state) {
        throw_unknown_value(row.getColumn(15).getString());
    }
    n.state = *state;
    n.attempts = row.getColumn(16).getInt();
    n.next_attempt_at = read_optional_millis(row, 17);
    n.provider_id = row.getColumn(18).getString();
    n.last_error = row.getColumn(19).getString();
    n.created_at = read_millis(row, 20);
    n.updated_at = read_millis(row, 21);
    n.trying_since = read_optional_millis(row, 22);
    return n;
}

app::contact read_contact(SQLite::Statement& row) {
    app::contact c;
    c.user_id = row.getColumn(0).getInt64();
    c.role = parse_stored<domain::role>(row.getColumn(1).getString());
    c.name = row.getColumn(2).getString();
    c.email = optional_text(row, 3);
    c.phone = optional_text(row, 4);
    c.handle = optional_text(row, 5);
    c.channels = domain::split_list(row.getColumn(6).getString());
    return c;
}

app::webhook_endpoint read_endpoint(SQLite::Statement& row) {
    app::webhook_endpoint e;
    e.id = row.getColumn(0).getInt64();
    if (!row.getColumn(1).isNull()) {
        e.contractor_id = row.getColumn(1).getInt64();
    }
    e.name = row.getColumn(2).getString();
    e.url = row.getColumn(3).getString();
    e.secret = row.getColumn(4).getString();
    e.disabled = row.getColumn(5).getInt() != 0;
    return e;
}

} // namespace mend::storage
