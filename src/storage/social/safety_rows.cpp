#include "storage/social/safety_rows.hpp"

#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/millis_columns.hpp"

#include <stdexcept>

namespace mend::storage {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < text.size();) {
        const auto end = std::min(text.find('\n', at), text.size());
        out.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

} // namespace

std::optional<app::checklist> read_checklist(SQLite::Statement& q) {
    if (!q.executeStep()) {
        return std::nullopt;
    }
    app::checklist c;
    c.version = q.getColumn(0).getInt();
    c.items = lines_of(q.getColumn(1).getString());
    c.set_by = read_optional_id(q.getColumn(2));
    c.created_at = read_millis(q, 3);
    return c;
}

app::approval_record read_approval(SQLite::Statement& row) {
    app::approval_record a;
    a.id = row.getColumn(0).getInt64();
    a.mention_id = read_optional_id(row.getColumn(1));
    a.job_id = read_optional_id(row.getColumn(2));
    if (!row.getColumn(3).isNull()) {
        a.job_reference = row.getColumn(3).getString();
    }
    a.text = row.getColumn(4).getString();
    a.author_id = row.getColumn(5).getInt64();
    if (!row.getColumn(6).isNull()) {
        a.author_name = row.getColumn(6).getString();
    }
    const auto state = domain::parse<app::approval_state>(row.getColumn(7).getString());
    if (!state) {
        throw std::runtime_error("unknown approval state in the database: " + row.getColumn(7).getString());
    }
    a.state = *state;
    a.decided_by = read_optional_id(row.getColumn(8));
    a.reason = row.getColumn(9).getString();
    a.created_at = read_millis(row, 10);
    a.decided_at = read_optional_millis(row, 11);
    return a;
}

} // namespace mend::storage
