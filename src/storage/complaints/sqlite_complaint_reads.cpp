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
    std::string sql = std::string(select_complaint) + "WHERE k.id > :after AND " +
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
        out.push_back({read_complaint(*q), std::nullopt});
    }
    auto running = c->prepare(std::string(select_complaint_clock) +
                              "WHERE c.complaint_id = ? AND c.met_at IS NULL AND c.stopped_at IS NULL "
                              "ORDER BY c.due_at LIMIT 1");
    for (auto& row : out) {
        running->reset();
        running->bind(1, row.complaint.id);
        if (running->executeStep()) {
            row.running = read_complaint_clock(*running);
        }
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
    auto q = c->prepare("SELECT COUNT(*) FROM properties");
    q->executeStep();
    return q->getColumn(0).getInt64();
}

} // namespace mend::storage
