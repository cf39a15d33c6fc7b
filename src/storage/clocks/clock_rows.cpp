#include "storage/clocks/clock_rows.hpp"

#include "storage/jobs/job_rows.hpp"
#include "storage/sqlite/binding.hpp"

#include <array>
#include <map>

namespace mend::storage {

namespace {

constexpr std::string_view clock_columns =
    "c.id, c.request_id, c.kind, c.started_at, c.base_due_at, c.basis, "
    "c.met_at, c.stopped_at, c.stop_reason, c.escalated";

// Which jobs' clocks a statement reads: one bound id, or a bound JSON list of ids.
constexpr std::string_view one_job = "c.request_id = ?";
constexpr std::string_view many_jobs = "c.request_id IN (SELECT value FROM json_each(?))";

domain::job_clock read_clock(SQLite::Statement& q) {
    domain::job_clock k;
    k.id = q.getColumn(0).getInt64();
    k.job_id = q.getColumn(1).getInt64();
    k.kind = parse_stored<domain::clock_kind>(q.getColumn(2).getString());
    k.started = domain::from_unix(q.getColumn(3).getInt64());
    k.base_due = domain::from_unix(q.getColumn(4).getInt64());
    k.basis = q.getColumn(5).getString();
    k.met = read_optional_instant(q.getColumn(6));
    k.stopped = read_optional_instant(q.getColumn(7));
    k.stop_reason = q.getColumn(8).getString();
    k.escalated = q.getColumn(9).getInt();
    return k;
}

// A pause from the columns started_at, ended_at and reason, from index `first` on.
domain::clock_pause read_pause(SQLite::Statement& q, int first) {
    return {domain::from_unix(q.getColumn(first).getInt64()), read_optional_instant(q.getColumn(first + 1)),
            parse_stored<domain::pause_reason>(q.getColumn(first + 2).getString())};
}

void read_pauses(connection& c, domain::job_clock& k) {
    auto q = c.prepare("SELECT started_at, ended_at, reason FROM clock_pauses WHERE clock_id = ? ORDER BY n");
    q->bind(1, k.id);
    while (q->executeStep()) {
        k.pauses.push_back(read_pause(*q, 0));
    }
}

} // namespace

const std::string& select_clock_rows() {
    static const std::string sql = "SELECT " + std::string(clock_columns) +
                                   ", r.reference, r.contractor_id FROM clocks c JOIN requests r ON r.id = "
                                   "c.request_id ";
    return sql;
}

std::vector<domain::job_clock> find_clocks_of(connection& c, const std::vector<domain::id_t>& job_ids) {
    // One job (its page, a change to it) names it; more pass a JSON list. A job with no clock has no pauses.
    const bool one = job_ids.size() == 1;
    const auto bind_jobs = [&](SQLite::Statement& q) {
        if (one) {
            q.bind(1, job_ids.front());
        } else {
            bind_ids(q, 1, job_ids);
        }
    };
    static const std::array<std::string, 2> clocks_sql = [] {
        const auto of = [](std::string_view jobs) {
            return "SELECT " + std::string(clock_columns) + " FROM clocks c WHERE " + std::string(jobs) +
                   " ORDER BY c.request_id, c.id";
        };
        return std::array<std::string, 2>{of(many_jobs), of(one_job)};
    }();
    static const std::array<std::string, 2> pauses_sql = [] {
        const auto of = [](std::string_view jobs) {
            return "SELECT p.clock_id, p.started_at, p.ended_at, p.reason FROM clock_pauses p "
                   "JOIN clocks c ON c.id = p.clock_id WHERE " +
                   std::string(jobs) + " ORDER BY p.clock_id, p.n";
        };
        return std::array<std::string, 2>{of(many_jobs), of(one_job)};
    }();
    std::vector<domain::job_clock> out;
    if (job_ids.empty()) {
        return out;
    }
    std::map<domain::id_t, std::size_t> place; // of each clock in `out`, by id
    {
        auto q = c.prepare(clocks_sql[one ? 1 : 0]);
        bind_jobs(*q);
        while (q->executeStep()) {
            out.push_back(read_clock(*q));
            place[out.back().id] = out.size() - 1;
        }
    }
    if (out.empty()) {
        return out;
    }
    auto q = c.prepare(pauses_sql[one ? 1 : 0]);
    bind_jobs(*q);
    while (q->executeStep()) {
        out[place.at(q->getColumn(0).getInt64())].pauses.push_back(read_pause(*q, 1));
    }
    return out;
}

std::vector<domain::job_clock> find_clocks_of(connection& c, domain::id_t job_id) {
    return find_clocks_of(c, std::vector<domain::id_t>{job_id});
}

std::string clock_state_condition(domain::clock_state state) {
    const std::string open = "c.met_at IS NULL AND c.stopped_at IS NULL";
    const std::string breached =
        "((c.paused_since IS NULL AND c.due_at < :now) OR c.paused_since > c.due_at)";
    const std::string at_risk =
        "(c.paused_since IS NULL AND c.due_at >= :now AND c.due_at - CAST(ROUND(:share * "
        "(c.base_due_at - c.started_at)) AS INTEGER) <= :now)";
    return "(" + open + " AND " + (state == domain::clock_state::breached ? breached : at_risk) + ")";
}

app::job_clock_row read_clock_row(connection& c, SQLite::Statement& row) {
    app::job_clock_row out;
    out.clock = read_clock(row);
    out.reference = row.getColumn(10).getString();
    if (!row.getColumn(11).isNull()) {
        out.contractor_id = row.getColumn(11).getInt64();
    }
    // Reading the pauses uses another statement; the row's statement stays where it is.
    read_pauses(c, out.clock);
    return out;
}

} // namespace mend::storage
