#include "storage/clocks/sqlite_clock_reads.hpp"

#include "storage/clocks/clock_rows.hpp"
#include "storage/sqlite/visibility_sql.hpp"

#include <algorithm>

namespace mend::storage {

namespace {

// Binds what clock_state_condition(filter.state) names.
void bind_state(SQLite::Statement& q, const app::clock_filter& filter) {
    q.bind(":now", domain::to_unix(filter.now));
    if (filter.state == domain::clock_state::at_risk) {
        q.bind(":share", filter.at_risk_share);
    }
}

} // namespace

std::vector<domain::job_clock> sqlite_clock_reads::clocks_of(app::id_t job_id) {
    auto c = pool_.borrow();
    return find_clocks_of(*c, job_id);
}

std::vector<domain::job_clock> sqlite_clock_reads::clocks_of_jobs(const std::vector<app::id_t>& job_ids) {
    auto c = pool_.borrow();
    return find_clocks_of(*c, job_ids);
}

std::vector<app::job_clock_row> sqlite_clock_reads::list_clocks(const app::clock_filter& filter) {
    // As with jobs, the SQL depends only on which filters are present, so each shape is prepared once.
    std::string sql = select_clock_rows() + "WHERE " + clock_state_condition(filter.state) + " AND " +
                      visibility_condition(filter.visibility, "r");
    if (filter.after_id) {
        sql += " AND c.id > :after";
    }
    sql += " ORDER BY c.id LIMIT :limit";

    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    bind_state(*q, filter);
    bind_visibility(*q, filter.visibility);
    if (filter.after_id) {
        q->bind(":after", *filter.after_id);
    }
    q->bind(":limit", static_cast<std::int64_t>(std::max(filter.limit, 0)) + 1);
    std::vector<app::job_clock_row> out;
    while (q->executeStep()) {
        out.push_back(read_clock_row(*c, *q));
    }
    return out;
}

std::int64_t sqlite_clock_reads::count_clocks(const app::clock_filter& filter) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT COUNT(*) FROM clocks c JOIN requests r ON r.id = c.request_id WHERE " +
                        clock_state_condition(filter.state) + " AND " +
                        visibility_condition(filter.visibility, "r"));
    bind_state(*q, filter);
    bind_visibility(*q, filter.visibility);
    q->executeStep();
    return q->getColumn(0).getInt64();
}

std::vector<std::pair<std::string, std::int64_t>> sqlite_clock_reads::jobs_by_status() {
    auto c = pool_.borrow();
    auto q =
        c->prepare("SELECT status, jobs FROM job_counts WHERE jobs > 0 ORDER BY status"); // kept by triggers
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q->executeStep()) {
        out.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getInt64());
    }
    return out;
}

app::holiday_list sqlite_clock_reads::added_holidays() {
    auto c = pool_.borrow();
    app::holiday_list out;
    {
        auto q = c->prepare("SELECT day, name FROM holidays ORDER BY day");
        while (q->executeStep()) {
            if (const auto day = domain::parse_date(q->getColumn(0).getString())) {
                out.days.push_back({*day, q->getColumn(1).getString()});
            }
        }
    }
    auto q = c->prepare("SELECT year FROM holiday_years ORDER BY year");
    while (q->executeStep()) {
        out.complete_years.push_back(q->getColumn(0).getInt());
    }
    return out;
}

} // namespace mend::storage
