#include "storage/social/social_rows.hpp"

#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

namespace mend::storage {

namespace {

app::reply_state parse_reply_state(const std::string& text) {
    for (auto s : {app::reply_state::pending, app::reply_state::sent, app::reply_state::failed,
                   app::reply_state::dead}) {
        if (app::to_string(s) == text) {
            return s;
        }
    }
    throw std::runtime_error("unknown social reply state in the database: " + text);
}

} // namespace

app::mention_record read_mention(SQLite::Statement& row) {
    app::mention_record m;
    m.id = row.getColumn(0).getInt64();
    m.network = row.getColumn(1).getString();
    m.post.notification_id = row.getColumn(2).getString();
    m.post.status_id = row.getColumn(3).getString();
    m.post.author = row.getColumn(4).getString();
    m.post.author_url = row.getColumn(5).getString();
    m.post.status_url = row.getColumn(6).getString();
    m.post.text = row.getColumn(7).getString();
    m.post.posted_at = read_millis(row, 8);
    const auto state = app::parse_mention_state(row.getColumn(9).getString());
    if (!state) {
        throw std::runtime_error("unknown mention state in the database: " + row.getColumn(9).getString());
    }
    m.state = *state;
    m.reference = row.getColumn(10).getString();
    m.job_id = read_optional_id(row.getColumn(11));
    if (!row.getColumn(12).isNull()) {
        m.job_reference = row.getColumn(12).getString();
    }
    m.token_hash = row.getColumn(13).getString();
    m.dismiss_reason = row.getColumn(14).getString();
    m.handled_by = read_optional_id(row.getColumn(15));
    m.received_at = read_millis(row, 16);
    m.updated_at = read_millis(row, 17);
    m.post.in_reply_to = row.getColumn(18).getString();
    const std::string flags = row.getColumn(19).getString();
    for (std::size_t at = 0; at < flags.size();) {
        const auto end = std::min(flags.find(',', at), flags.size());
        m.flags.push_back(flags.substr(at, end - at));
        at = end + 1;
    }
    return m;
}

app::reply_record read_reply(SQLite::Statement& row) {
    app::reply_record r;
    r.id = row.getColumn(0).getInt64();
    r.mention_id = row.getColumn(1).getInt64();
    r.job_id = read_optional_id(row.getColumn(2));
    r.network = row.getColumn(3).getString();
    r.event = row.getColumn(4).getString();
    r.reference = row.getColumn(5).getString();
    r.in_reply_to = row.getColumn(6).getString();
    r.address = row.getColumn(7).getString();
    r.body = row.getColumn(8).getString();
    r.state = parse_reply_state(row.getColumn(9).getString());
    r.attempts = row.getColumn(10).getInt();
    r.next_attempt_at = read_optional_millis(row, 11);
    r.provider_id = row.getColumn(12).getString();
    r.last_error = row.getColumn(13).getString();
    r.created_at = read_millis(row, 14);
    r.updated_at = read_millis(row, 15);
    r.retried_by = read_optional_id(row.getColumn(16));
    r.retried_at = read_optional_millis(row, 17);
    return r;
}

app::intake_token read_intake_token(SQLite::Statement& row) {
    return {row.getColumn(0).getInt64(), read_millis(row, 1)};
}

app::intake_details read_intake_details(SQLite::Statement& row) {
    app::intake_details d;
    d.mention_id = row.getColumn(0).getInt64();
    d.name = row.getColumn(1).getString();
    d.postcode = row.getColumn(2).getString();
    d.address = row.getColumn(3).getString();
    d.email = row.getColumn(4).getString();
    d.phone = row.getColumn(5).getString();
    d.preferred = domain::parse<app::contact_channel>(row.getColumn(6).getString())
                      .value_or(app::contact_channel::email);
    d.given_at = read_millis(row, 7);
    return d;
}

void bind_texts(SQLite::Statement& q, int index, const std::vector<std::string>& texts) {
    boost::json::array array;
    for (const auto& t : texts) {
        array.emplace_back(t);
    }
    q.bind(index, boost::json::serialize(array));
}

app::social_update read_update(SQLite::Statement& row) {
    app::social_update u;
    u.id = row.getColumn(0).getInt64();
    u.network = row.getColumn(1).getString();
    u.status_id = row.getColumn(2).getString();
    u.mention_id = row.getColumn(3).getInt64();
    u.job_id = read_optional_id(row.getColumn(4));
    u.author = row.getColumn(5).getString();
    u.status_url = row.getColumn(6).getString();
    u.text = row.getColumn(7).getString();
    u.posted_at = read_millis(row, 8);
    u.received_at = read_millis(row, 9);
    return u;
}

std::string join_flags(const std::vector<std::string>& flags) {
    std::string out;
    for (const auto& f : flags) {
        out += out.empty() ? f : "," + f;
    }
    return out;
}

} // namespace mend::storage
