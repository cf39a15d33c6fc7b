#include "storage/clocks/clock_writes.hpp"

#include "storage/clocks/clock_rows.hpp"
#include "storage/sqlite/binding.hpp"

namespace mend::storage {

std::vector<domain::job_clock> clock_writes::clocks_of(app::id_t job_id) {
    return find_clocks_of(c_, job_id);
}

domain::job_clock clock_writes::save_clock(domain::job_clock k) {
    {
        auto q = k.id == 0
                     ? c_.prepare("INSERT INTO clocks (started_at, base_due_at, due_at, basis, paused_since, "
                                  "met_at, stopped_at, stop_reason, escalated, request_id, kind) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                     : c_.prepare("UPDATE clocks SET (started_at, base_due_at, due_at, basis, paused_since, "
                                  "met_at, stopped_at, stop_reason, escalated) = (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                  "WHERE request_id = ? AND kind = ?");
        q->bind(1, domain::to_unix(k.started));
        q->bind(2, domain::to_unix(k.base_due));
        q->bind(3, domain::to_unix(k.due()));
        q->bind(4, k.basis);
        bind_optional_instant(*q, 5, k.paused_since());
        bind_optional_instant(*q, 6, k.met);
        bind_optional_instant(*q, 7, k.stopped);
        q->bind(8, k.stop_reason);
        q->bind(9, k.escalated);
        q->bind(10, k.job_id);
        q->bind(11, std::string(domain::to_string(k.kind)));
        q->exec();
    }
    if (k.id == 0) {
        k.id = c_.db().getLastInsertRowid();
    }
    for (std::size_t n = 0; n < k.pauses.size(); ++n) {
        auto q = c_.prepare(
            "INSERT INTO clock_pauses (clock_id, n, started_at, ended_at, reason) VALUES (?, ?, ?, ?, "
            "?) ON CONFLICT (clock_id, n) DO UPDATE SET ended_at = excluded.ended_at");
        q->bind(1, k.id);
        q->bind(2, static_cast<std::int64_t>(n));
        q->bind(3, domain::to_unix(k.pauses[n].from));
        bind_optional_instant(*q, 4, k.pauses[n].to);
        q->bind(5, std::string(domain::to_string(k.pauses[n].reason)));
        q->exec();
    }
    return k;
}

bool clock_writes::has_event(app::id_t job_id, domain::action a) {
    auto q = c_.prepare("SELECT 1 FROM events WHERE request_id = ? AND action = ? LIMIT 1");
    q->bind(1, job_id);
    q->bind(2, std::string(domain::to_string(a)));
    return q->executeStep();
}

std::vector<app::job_clock_row> clock_writes::clocks_to_escalate(domain::instant now, double at_risk_share,
                                                                 int limit) {
    static const std::string sql =
        select_clock_rows() + "WHERE (c.escalated < 2 AND " +
        clock_state_condition(domain::clock_state::breached) + ") OR (c.escalated < 1 AND " +
        clock_state_condition(domain::clock_state::at_risk) + ") ORDER BY c.due_at, c.id LIMIT :limit";
    auto q = c_.prepare(sql);
    q->bind(":now", domain::to_unix(now));
    q->bind(":share", at_risk_share);
    q->bind(":limit", limit);
    std::vector<app::job_clock_row> out;
    while (q->executeStep()) {
        out.push_back(read_clock_row(c_, *q));
    }
    return out;
}

app::escalation clock_writes::insert_escalation(app::escalation e) {
    auto q =
        c_.prepare("INSERT INTO clock_escalations (clock_id, request_id, kind, level, at, due_at, recipient, "
                   "contractor_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, e.clock_id);
    q->bind(2, e.job_id);
    q->bind(3, std::string(domain::to_string(e.kind)));
    q->bind(4, e.level >= 2 ? "breached" : "at_risk");
    q->bind(5, domain::to_unix(e.at));
    q->bind(6, domain::to_unix(e.due));
    q->bind(7, e.recipient);
    if (e.contractor_id) {
        q->bind(8, *e.contractor_id);
    } else {
        q->bind(8);
    }
    q->exec();
    e.id = c_.db().getLastInsertRowid();
    return e;
}

void clock_writes::add_holidays(const std::vector<app::added_holiday>& days, std::optional<int> complete_year,
                                app::id_t by, domain::instant at) {
    for (const auto& h : days) {
        auto q = c_.prepare("INSERT INTO holidays (day, name, added_by, added_at) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (day) DO NOTHING");
        q->bind(1, domain::format_date(h.day));
        q->bind(2, h.name);
        q->bind(3, by);
        q->bind(4, domain::to_unix(at));
        q->exec();
    }
    if (complete_year) {
        auto q = c_.prepare("INSERT INTO holiday_years (year, added_by, added_at) VALUES (?, ?, ?) "
                            "ON CONFLICT (year) DO NOTHING");
        q->bind(1, *complete_year);
        q->bind(2, by);
        q->bind(3, domain::to_unix(at));
        q->exec();
    }
}

} // namespace mend::storage
