#include "storage/sqlite_report_reads.hpp"

#include "storage/jobs/job_rows.hpp"

namespace mend::storage {

namespace {

// Columns first..first+11 of an events row: id, seq, at, actor_id, actor_role, actor name, action,
// from_status, to_status, note, internal_note, data.
domain::event read_event(SQLite::Statement& q, int first, domain::id_t job_id) {
    domain::event e;
    int i = first;
    e.job_id = job_id;
    e.id = q.getColumn(i++).getInt64();
    e.seq = q.getColumn(i++).getInt64();
    e.at = domain::from_unix(q.getColumn(i++).getInt64());
    e.actor_id = q.getColumn(i++).getInt64();
    e.actor_role = parse_stored<domain::role>(q.getColumn(i++).getString());
    e.actor_name = q.getColumn(i++).getString();
    e.action = parse_stored<domain::action>(q.getColumn(i++).getString());
    if (!q.getColumn(i).isNull()) {
        e.from = parse_stored<domain::status>(q.getColumn(i).getString());
    }
    ++i;
    e.to = parse_stored<domain::status>(q.getColumn(i++).getString());
    e.note = q.getColumn(i++).getString();
    e.internal_note = q.getColumn(i++).getString();
    e.data = decode_event_data(q.getColumn(i++).getString());
    return e;
}

// The jobs and their events (notes are not read: the measures do not need them, and so a report never carries
// them), for a WHERE over requests r and events e.
constexpr std::string_view select_history =
    "SELECT r.id, r.property_id, r.category, r.created_at, e.id, e.seq, e.at, e.actor_id, e.actor_role, "
    "'', e.action, e.from_status, e.to_status, '', '', e.data "
    "FROM requests r JOIN events e ON e.request_id = r.id ";

// Columns 0..3: the job's id, its home's id, its category and when it was reported.
domain::job_facts read_facts(SQLite::Statement& q) {
    domain::job_facts job;
    job.id = q.getColumn(0).getInt64();
    job.home = q.getColumn(1).getInt64();
    job.category = parse_stored<domain::category>(q.getColumn(2).getString());
    job.reported_at = domain::from_unix(q.getColumn(3).getInt64());
    return job;
}

// Columns 4..7 of scan_stories' first read: what the trigger on events kept of the job's story.
domain::job_story read_story(SQLite::Statement& q) {
    domain::job_story story;
    if (!q.getColumn(4).isNull()) {
        story.job_priority = parse_stored<domain::priority>(q.getColumn(4).getString());
    }
    if (!q.getColumn(5).isNull()) {
        story.target_due = domain::from_unix(q.getColumn(5).getInt64());
    }
    if (!q.getColumn(6).isNull()) {
        story.complete = true;
        story.completed = domain::from_unix(q.getColumn(6).getInt64());
    }
    if (!q.getColumn(7).isNull()) {
        story.completed_by = q.getColumn(7).getInt64();
    }
    return story;
}

// Runs `q` (select_history, ordered by job and seq, naming :cfrom, :from and :to) and gives `each` one job at
// a time with its events.
void visit_histories(SQLite::Statement& q, domain::instant completed_from, domain::instant from,
                     domain::instant to, const app::report_reads::job_visitor& each) {
    q.bind(":cfrom", domain::to_unix(completed_from));
    q.bind(":from", domain::to_unix(from));
    q.bind(":to", domain::to_unix(to));
    domain::job_facts job;
    std::vector<domain::event> events;
    while (q.executeStep()) {
        const domain::id_t id = q.getColumn(0).getInt64();
        if (id != job.id) {
            if (job.id != 0) {
                each(job, events);
            }
            job = read_facts(q);
            events.clear();
        }
        events.push_back(read_event(q, 4, id));
    }
    if (job.id != 0) {
        each(job, events);
    }
}

domain::survey_answer read_answer(SQLite::Statement& q, int column) {
    if (q.getColumn(column).isNull()) {
        return {};
    }
    return {q.getColumn(column).getInt()};
}

} // namespace

void sqlite_report_reads::scan_histories(domain::instant completed_from, domain::instant from,
                                         domain::instant to, const job_visitor& each) {
    auto c = pool_.borrow();
    auto q = c->prepare(
        std::string(select_history) +
        "WHERE r.id IN (SELECT request_id FROM events WHERE action = 'complete' AND at >= :cfrom AND at < "
        ":to "
        "UNION SELECT request_id FROM events WHERE action IN ('report', 'rate') AND at >= :from AND at < "
        ":to) "
        "AND e.at < :to ORDER BY r.id, e.seq");
    visit_histories(*q, completed_from, from, to, each);
}

void sqlite_report_reads::scan_stories(domain::instant completed_from, domain::instant from,
                                       domain::instant to, const story_visitor& each_story,
                                       const event_visitor& each_rating, const job_visitor& each_history) {
    auto c = pool_.borrow(); // one connection, so one snapshot for the three reads
    c->execute("BEGIN");
    try {
        {
            // story_last_at, story_completed_at and the rest are kept by a trigger on events
            // (schema/0024_stored_keys.sql). Only ids: joining the homes for their uprns took two thirds of
            // the scan, and app::name_repeats reads the words for the repeats alone.
            auto q = c->prepare("SELECT r.id, r.property_id, r.category, r.created_at, r.story_priority, "
                                "r.story_target_due, r.story_completed_at, r.story_completed_by "
                                "FROM requests r WHERE r.story_last_at < :to AND "
                                "((r.story_completed_at >= :cfrom AND r.story_completed_at < :to) OR "
                                "(r.created_at >= :from AND r.created_at < :to)) ORDER BY r.id");
            q->bind(":cfrom", domain::to_unix(completed_from));
            q->bind(":from", domain::to_unix(from));
            q->bind(":to", domain::to_unix(to));
            while (q->executeStep()) {
                each_story(read_facts(*q), read_story(*q));
            }
        }
        {
            auto q =
                c->prepare("SELECT e.request_id, e.id, e.seq, e.at, e.actor_id, e.actor_role, '', e.action, "
                           "e.from_status, e.to_status, '', '', e.data FROM events e "
                           "JOIN requests r ON r.id = e.request_id WHERE e.action = 'rate' AND e.at >= :from "
                           "AND e.at < :to AND r.story_last_at < :to ORDER BY e.id");
            q->bind(":from", domain::to_unix(from));
            q->bind(":to", domain::to_unix(to));
            while (q->executeStep()) {
                each_rating(read_event(*q, 1, q->getColumn(0).getInt64()));
            }
        }
        auto q = c->prepare(
            std::string(select_history) +
            "WHERE r.story_last_at >= :to AND EXISTS (SELECT 1 FROM events x WHERE x.request_id = r.id AND "
            "((x.action = 'complete' AND x.at >= :cfrom AND x.at < :to) OR "
            "(x.action IN ('report', 'rate') AND x.at >= :from AND x.at < :to))) "
            "AND +e.at < :to ORDER BY r.id, e.seq"); // +: by job, not by the index of every event's time
        visit_histories(*q, completed_from, from, to, each_history);
    } catch (...) {
        c->execute("ROLLBACK");
        throw;
    }
    c->execute("COMMIT");
}

std::vector<app::report_reads::job_label> sqlite_report_reads::job_labels(const std::vector<app::id_t>& ids) {
    std::string list = "[";
    for (const auto id : ids) {
        if (list.size() > 1) {
            list += ',';
        }
        list += std::to_string(id);
    }
    list += "]";
    auto c = pool_.borrow();
    auto q = c->prepare(
        "SELECT r.id, r.reference, p.uprn FROM requests r JOIN properties p ON p.id = r.property_id "
        "WHERE r.id IN (SELECT value FROM json_each(?))");
    q->bind(1, list);
    std::vector<job_label> out;
    while (q->executeStep()) {
        out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString()});
    }
    return out;
}

std::vector<std::pair<std::string, domain::event>>
sqlite_report_reads::events_page(domain::instant from, domain::instant to, app::id_t after_id, int limit) {
    auto c = pool_.borrow();
    auto q = c->prepare(
        "SELECT r.reference, e.request_id, e.id, e.seq, e.at, e.actor_id, e.actor_role, "
        "COALESCE(u.name, ''), e.action, e.from_status, e.to_status, e.note, e.internal_note, e.data "
        "FROM events e JOIN requests r ON r.id = e.request_id LEFT JOIN users u ON u.id = e.actor_id "
        "WHERE e.at >= ? AND e.at < ? AND e.id > ? ORDER BY e.id LIMIT ?");
    q->bind(1, domain::to_unix(from));
    q->bind(2, domain::to_unix(to));
    q->bind(3, after_id);
    q->bind(4, limit);
    std::vector<std::pair<std::string, domain::event>> out;
    while (q->executeStep()) {
        out.emplace_back(q->getColumn(0).getString(), read_event(*q, 2, q->getColumn(1).getInt64()));
    }
    return out;
}

std::vector<app::job_export_row> sqlite_report_reads::jobs_page(domain::instant from, domain::instant to,
                                                                app::id_t after_id, int limit) {
    static const std::string sql =
        std::string(select_job) +
        "WHERE r.created_at >= ? AND r.created_at < ? AND r.id > ? ORDER BY r.id LIMIT ?";
    auto c = pool_.borrow();
    std::vector<app::job_export_row> out;
    {
        auto q = c->prepare(sql);
        q->bind(1, domain::to_unix(from));
        q->bind(2, domain::to_unix(to));
        q->bind(3, after_id);
        q->bind(4, limit);
        while (q->executeStep()) {
            out.push_back({read_job(*q), std::nullopt});
        }
    }
    for (auto& row : out) {
        auto t = c->prepare("SELECT due_at FROM clocks WHERE request_id = ? AND kind = 'repair_target'");
        t->bind(1, row.job.id);
        if (t->executeStep()) {
            row.target_due = domain::from_unix(t->getColumn(0).getInt64());
        }
    }
    return out;
}

std::vector<domain::survey_response> sqlite_report_reads::survey_responses(domain::instant from,
                                                                           domain::instant to) {
    // UK days whose start is in [from, to) lie between the UK dates of `from` and of `to`.
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT respondent, tenure, responded_on, tp01, tp02, tp03 FROM survey_responses "
                        "WHERE responded_on >= ? AND responded_on <= ? ORDER BY responded_on, id");
    q->bind(1, domain::format_date(domain::uk_local_date(from)));
    q->bind(2, domain::format_date(domain::uk_local_date(to)));
    std::vector<domain::survey_response> out;
    while (q->executeStep()) {
        domain::survey_response r;
        r.respondent = q->getColumn(0).getString();
        r.tenure = q->getColumn(1).getString() == "low_cost_rental" ? domain::tenure::low_cost_rental
                                                                    : domain::tenure::low_cost_home_ownership;
        r.responded_on = domain::parse_date(q->getColumn(2).getString()).value_or(domain::date{});
        r.tp01 = read_answer(*q, 3);
        r.tp02 = read_answer(*q, 4);
        r.tp03 = read_answer(*q, 5);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace mend::storage
