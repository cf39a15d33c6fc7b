#include "storage/complaints/complaint_rows.hpp"

#include "storage/jobs/job_rows.hpp"
#include "storage/sqlite/binding.hpp"

namespace mend::storage {

domain::complaint read_complaint(SQLite::Statement& row) {
    domain::complaint k;
    k.id = row.getColumn(0).getInt64();
    k.reference = row.getColumn(1).getString();
    k.job_id = row.getColumn(2).getInt64();
    k.job_reference = row.getColumn(3).getString();
    k.complainant_id = read_optional_id(row.getColumn(4));
    k.complainant_name = row.getColumn(5).getString();
    k.via = parse_stored<domain::complaint_channel>(row.getColumn(6).getString());
    k.summary = row.getColumn(7).getString();
    k.outcome_wanted = row.getColumn(8).getString();
    k.state = parse_stored<domain::complaint_status>(row.getColumn(9).getString());
    k.stage = row.getColumn(10).getInt();
    k.received_at = domain::from_unix(row.getColumn(11).getInt64());
    k.closed_at = read_optional_instant(row.getColumn(12));
    k.raised_by = row.getColumn(13).getInt64();
    k.created_at = domain::from_unix(row.getColumn(14).getInt64());
    k.updated_at = domain::from_unix(row.getColumn(15).getInt64());
    return k;
}

domain::complaint_clock read_complaint_clock(SQLite::Statement& row, int first) {
    domain::complaint_clock c;
    int i = first;
    c.id = row.getColumn(i++).getInt64();
    c.complaint_id = row.getColumn(i++).getInt64();
    c.stage = row.getColumn(i++).getInt();
    c.step = parse_stored<domain::complaint_step>(row.getColumn(i++).getString());
    c.started = domain::from_unix(row.getColumn(i++).getInt64());
    c.base_due = domain::from_unix(row.getColumn(i++).getInt64());
    c.basis = row.getColumn(i++).getString();
    c.extended_days = row.getColumn(i++).getInt();
    if (c.extended_days > 0) {
        c.extended_due = domain::from_unix(row.getColumn(i).getInt64());
    }
    ++i;
    c.extension_reason = row.getColumn(i++).getString();
    c.met = read_optional_instant(row.getColumn(i++));
    c.stopped = read_optional_instant(row.getColumn(i++));
    c.stop_reason = row.getColumn(i++).getString();
    c.escalated = row.getColumn(i++).getInt();
    return c;
}

std::optional<domain::complaint> find_complaint(connection& c, std::string_view reference) {
    auto q = c.prepare(std::string(select_complaint) + "WHERE k.reference = ?");
    q->bind(1, std::string(reference));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_complaint(*q);
}

std::vector<domain::complaint_clock> find_complaint_clocks(connection& c, domain::id_t complaint_id) {
    auto q = c.prepare(std::string(select_complaint_clock) + "WHERE c.complaint_id = ? ORDER BY c.id");
    q->bind(1, complaint_id);
    std::vector<domain::complaint_clock> out;
    while (q->executeStep()) {
        out.push_back(read_complaint_clock(*q));
    }
    return out;
}

} // namespace mend::storage
