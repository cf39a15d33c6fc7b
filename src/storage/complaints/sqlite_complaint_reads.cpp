#include "storage/complaints/sqlite_complaint_reads.hpp"

#include "storage/complaints/complaint_rows.hpp"
#include "storage/jobs/job_rows.hpp"
#include "storage/sqlite/binding.hpp"

namespace mend::storage {

std::optional<app::complaint_detail> sqlite_complaint_reads::complaint(std::string_view reference) {
    auto c = pool_.borrow();
    auto k = find_complaint(*c, reference);
    if (!k) {
        return std::nullopt;
    }
    app::complaint_detail out{*k, find_complaint_clocks(*c, k->id), {}, {}};
    auto e = c->prepare("SELECT e.id, e.at, e.actor_id, COALESCE(u.name, ''), e.action, e.note, e.data "
                        "FROM complaint_events e LEFT JOIN users u ON u.id = e.actor_id "
                        "WHERE e.complaint_id = ? ORDER BY e.id");
    e->bind(1, k->id);
    while (e->executeStep()) {
        domain::complaint_event ev;
        ev.id = e->getColumn(0).getInt64();
        ev.complaint_id = k->id;
        ev.at = domain::from_unix(e->getColumn(1).getInt64());
        ev.actor_id = e->getColumn(2).getInt64();
        ev.actor_name = e->getColumn(3).getString();
        ev.action = parse_stored<domain::complaint_action>(e->getColumn(4).getString());
        ev.note = e->getColumn(5).getString();
        ev.data = decode_event_data(e->getColumn(6).getString());
        out.events.push_back(std::move(ev));
    }
    auto j = c->prepare("SELECT r.reference FROM complaint_jobs cj JOIN requests r ON r.id = cj.request_id "
                        "WHERE cj.complaint_id = ? ORDER BY cj.linked_at, r.id");
    j->bind(1, k->id);
    while (j->executeStep()) {
        out.jobs.push_back(j->getColumn(0).getString());
    }
    return out;
}

std::vector<app::complaint_row> sqlite_complaint_reads::complaints(const app::complaint_filter& filter) {
    auto c = pool_.borrow();
    // Each complaint with its running clock (the one due first), in one statement: the clock's columns follow
    // the complaint's, NULL when nothing is owed.
    std::string select(select_complaint);
    const auto from = select.find(" FROM complaints k");
    std::string sql =
        select.substr(0, from) + ", " +
        std::string(select_complaint_clock.substr(7, select_complaint_clock.find(" FROM ") - 7)) +
        select.substr(from) +
        "LEFT JOIN complaint_clocks c ON c.id = (SELECT o.id FROM complaint_clocks o WHERE "
        "o.complaint_id = k.id AND o.met_at IS NULL AND o.stopped_at IS NULL ORDER BY o.due_at "
        "LIMIT 1) WHERE k.id > :after AND " +
        (filter.open ? "k.status != 'closed'" : "k.status = 'closed'");
    if (filter.complainant_id) {
        sql += " AND k.complainant_id = :complainant";
    }
    if (filter.job) {
        sql += " AND k.id IN (SELECT cj.complaint_id FROM complaint_jobs cj JOIN requests j ON j.id = "
               "cj.request_id WHERE j.reference = :job)";
    }
    sql += " ORDER BY k.id LIMIT :limit";
    auto q = c->prepare(sql);
    q->bind(":after", filter.after_id.value_or(0));
    if (filter.complainant_id) {
        q->bind(":complainant", *filter.complainant_id);
    }
    if (filter.job) {
        q->bind(":job", *filter.job);
    }
    q->bind(":limit", filter.limit + 1);
    std::vector<app::complaint_row> out;
    while (q->executeStep()) {
        app::complaint_row row{read_complaint(*q), std::nullopt};
        if (!q->getColumn(complaint_columns).isNull()) {
            row.running = read_complaint_clock(*q, complaint_columns);
        }
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<domain::complaint_clock> sqlite_complaint_reads::clocks_between(domain::instant from,
                                                                            domain::instant to) {
    auto c = pool_.borrow();
    auto q = c->prepare(std::string(select_complaint_clock) +
                        "WHERE (c.started_at >= :from AND c.started_at < :to) OR "
                        "(c.met_at >= :from AND c.met_at < :to) ORDER BY c.id");
    q->bind(":from", domain::to_unix(from));
    q->bind(":to", domain::to_unix(to));
    std::vector<domain::complaint_clock> out;
    while (q->executeStep()) {
        out.push_back(read_complaint_clock(*q));
    }
    return out;
}

std::int64_t sqlite_complaint_reads::homes() {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT COUNT(*) FROM properties WHERE communal_of IS NULL");
    q->executeStep();
    return q->getColumn(0).getInt64();
}

} // namespace mend::storage
