#include "storage/jobs/sqlite_read_store.hpp"

#include "app/accounts/home_search.hpp"
#include "domain/reference.hpp"
#include "storage/jobs/job_rows.hpp"
#include "storage/places/place_rows.hpp"
#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/fts.hpp"
#include "storage/sqlite/visibility_sql.hpp"

#include <algorithm>

namespace mend::storage {

namespace {

// The states of jobs that have ended, as SQL literals in the order of their names: the text the partial index
// requests_queue (schema/0024_stored_keys.sql) was made with, so SQLite may walk it for the open queue.
const std::string& ended_states() {
    static const std::string list = [] {
        std::string out;
        for (const auto name : domain::names<domain::status>::list) {
            if (domain::is_terminal(*domain::parse<domain::status>(name))) {
                out.append(out.empty() ? "'" : ", '").append(name).append("'");
            }
        }
        return out;
    }();
    return list;
}

// " AND ..." for each filter present, over requests r and properties p. With `walk_order` the search names no
// index (a unary +), so that SQLite walks the queue's order and tests each job against the homes found.
std::string filter_conditions(const app::job_filter& filter, bool walk_order = false) {
    std::string sql;
    if (filter.state) {
        sql += " AND r.status = :status";
    }
    if (filter.priority) {
        sql += " AND r.priority = :priority";
    }
    if (filter.category) {
        sql += " AND r.category = :category";
    }
    if (filter.contractor_id) {
        sql += " AND r.contractor_id = :contractor";
    }
    if (filter.uprn) {
        sql += " AND p.uprn = :uprn";
    }
    if (filter.after_id) {
        sql += " AND r.id > :after";
    }
    if (filter.overdue) {
        sql += " AND r.queue_overdue = 1"; // a running clock breached, kept by triggers on clocks
    }
    if (filter.open_only) {
        sql += " AND r.status NOT IN (" + ended_states() + ")";
    }
    if (filter.search) {
        // Through indexes, not a scan of every job: the reference, the homes the phone search finds (words
        // starting the address, postcode or a tenant's name), and the few communal homes by their words.
        const std::string job = walk_order ? "+r." : "r.";
        sql += " AND (" + job + "reference = :reference";
        if (!fts_prefix_match(app::search_words(*filter.search)).empty()) {
            sql += " OR " + job +
                   "property_id IN (SELECT rowid FROM home_search WHERE home_search MATCH :words)";
        }
        sql += " OR " + job +
               "property_id IN (SELECT id FROM properties WHERE communal_of IS NOT NULL AND "
               "(address LIKE :search ESCAPE '!' OR REPLACE(postcode, ' ', '') LIKE :search_compact ESCAPE "
               "'!')))";
    }
    return sql;
}

// The work queue's order (app::job_filter::by_due): emergencies, then jobs with a legal clock at risk or
// breached, then the soonest due running clock; the keys are kept by triggers (schema/0024_stored_keys.sql).
constexpr const char* due_order = " ORDER BY r.queue_band, r.queue_due, r.id";
constexpr const char* reverse_due_order = " ORDER BY r.queue_band DESC, r.queue_due DESC, r.id DESC";

// The ids of the jobs `filter` matches, unordered; the home is joined only for the filters that read it.
std::string matching_ids(const app::job_filter& filter, const domain::visibility& visibility,
                         bool walk_order = false) {
    return std::string("SELECT r.id FROM requests r") +
           (filter.uprn ? " JOIN properties p ON p.id = r.property_id" : "") + " WHERE " +
           visibility_condition(visibility, "r") + filter_conditions(filter, walk_order);
}

// How many homes a search may find before a page of the queue walks the queue's order instead of sorting
// every job of the homes found. At a million jobs a common word ("orchard": 20,000 homes, 80,000 jobs) took
// 1.3 s to sort for a page that the walk finds in 16 ms; a rare one is the other way round (a postcode's 20
// homes: 5 ms sorted, 2 s to walk the open queue).
constexpr int broad_search_homes = 1000;

// Whether a page of `filter`'s queue is better read by walking the queue's order: a search that finds many
// homes, and an order kept in an index (the open jobs, or one state's).
bool walk_for_search(connection& c, const app::job_filter& filter) {
    if (!filter.by_due || !filter.search || (!filter.open_only && !filter.state)) {
        return false;
    }
    const auto words = fts_prefix_match(app::search_words(*filter.search));
    if (words.empty()) {
        return false;
    }
    auto q = c.prepare("SELECT count(*) FROM (SELECT 1 FROM home_search WHERE home_search MATCH ? LIMIT ?)");
    q->bind(1, words);
    q->bind(2, broad_search_homes + 1);
    return q->executeStep() && q->getColumn(0).getInt() > broad_search_homes;
}

// Where a keyset page of the queue starts: its job's place in the queue's order (band, due), read on its own
// so that the page's seek is on bound values (with a subquery SQLite seeks on the band alone).
std::optional<std::pair<std::int64_t, std::int64_t>> queue_start(connection& c,
                                                                 const app::job_filter& filter) {
    if (!filter.by_due || !filter.queue_from) {
        return std::nullopt;
    }
    auto key = c.prepare("SELECT queue_band, queue_due FROM requests WHERE id = ?");
    key->bind(1, *filter.queue_from);
    if (!key->executeStep()) {
        return std::nullopt;
    }
    return std::pair{key->getColumn(0).getInt64(), key->getColumn(1).getInt64()};
}

// "%text%" for LIKE, with its own wildcards taken as they are.
std::string like_pattern(std::string_view text) {
    std::string out = "%";
    for (const char ch : text) {
        if (ch == '%' || ch == '_' || ch == '!') {
            out.push_back('!');
        }
        out.push_back(ch);
    }
    out.push_back('%');
    return out;
}

// Binds what filter_conditions(filter) names.
void bind_filter(SQLite::Statement& q, const app::job_filter& filter) {
    if (filter.state) {
        q.bind(":status", std::string(domain::to_string(*filter.state)));
    }
    if (filter.priority) {
        q.bind(":priority", std::string(domain::to_string(*filter.priority)));
    }
    if (filter.category) {
        q.bind(":category", std::string(domain::to_string(*filter.category)));
    }
    if (filter.contractor_id) {
        q.bind(":contractor", *filter.contractor_id);
    }
    if (filter.uprn) {
        q.bind(":uprn", *filter.uprn);
    }
    if (filter.after_id) {
        q.bind(":after", *filter.after_id);
    }
    if (filter.search) {
        std::string compact = *filter.search;
        std::erase(compact, ' ');
        q.bind(":search", like_pattern(*filter.search));
        q.bind(":search_compact", like_pattern(compact));
        q.bind(":reference", domain::normalise_reference(*filter.search));
        if (const auto words = fts_prefix_match(app::search_words(*filter.search)); !words.empty()) {
            q.bind(":words", words);
        }
    }
}

} // namespace

std::optional<domain::actor> sqlite_read_store::actor_by_token_hash(std::string_view token_hash) {
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(cache_mutex_);
        if (auto it = actors_.find(std::string(token_hash));
            it != actors_.end() && now - it->second.fetched < actor_ttl) {
            return it->second.who;
        }
    }
    auto found = find_actor(token_hash);
    if (found) {
        std::lock_guard lock(cache_mutex_);
        if (actors_.size() >= max_cached_actors) {
            actors_.clear();
        }
        actors_[std::string(token_hash)] = {*found, now};
    }
    return found;
}

std::optional<domain::actor> sqlite_read_store::find_actor(std::string_view token_hash) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT id, role, name, contractor_id FROM users WHERE token_hash = ?");
    q->bind(1, std::string(token_hash));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    domain::actor a;
    a.user_id = q->getColumn(0).getInt64();
    a.role = parse_stored<domain::role>(q->getColumn(1).getString());
    a.name = q->getColumn(2).getString();
    if (!q->getColumn(3).isNull()) {
        a.contractor_id = q->getColumn(3).getInt64();
    }
    return a;
}

std::optional<domain::job> sqlite_read_store::job_by_reference(std::string_view reference) {
    auto c = pool_.borrow();
    return find_job_by_reference(*c, reference);
}

bool sqlite_read_store::holds_home(app::id_t user_id, app::id_t property_id) {
    auto c = pool_.borrow();
    return find_holds_home(*c, user_id, property_id);
}

bool sqlite_read_store::lives_in_place(app::id_t user_id, app::id_t place_id) {
    auto c = pool_.borrow();
    return find_lives_in(*c, user_id, place_id);
}

std::vector<app::id_t> sqlite_read_store::held_homes(app::id_t user_id,
                                                     const std::vector<app::id_t>& property_ids) {
    auto c = pool_.borrow();
    auto q = c->prepare("SELECT property_id FROM tenancies WHERE user_id = ? "
                        "AND property_id IN (SELECT value FROM json_each(?))");
    q->bind(1, user_id);
    bind_ids(*q, 2, property_ids);
    std::vector<app::id_t> out;
    while (q->executeStep()) {
        out.push_back(q->getColumn(0).getInt64());
    }
    return out;
}

std::vector<domain::job> sqlite_read_store::list_jobs(const app::job_filter& filter,
                                                      const domain::visibility& visibility) {
    auto c = pool_.borrow();
    const auto from = queue_start(*c, filter);
    const bool walk = walk_for_search(*c, filter);
    // The SQL text depends only on which filters are present, so each shape is prepared once per connection.
    // The queue's page is chosen by id first: its offset then steps over index entries, not over joined rows,
    // and a keyset page seeks to its first entry.
    std::string sql = std::string(select_job);
    if (!filter.by_due) {
        sql += "WHERE " + visibility_condition(visibility, "r") + filter_conditions(filter) +
               " ORDER BY r.id LIMIT :limit";
    } else if (!from) {
        sql += "WHERE r.id IN (" + matching_ids(filter, visibility, walk) + due_order +
               " LIMIT :limit OFFSET :offset)" + due_order;
    } else {
        sql += "WHERE r.id IN (" + matching_ids(filter, visibility, walk) +
               (filter.backwards ? " AND (r.queue_band, r.queue_due, r.id) < (:band, :due, :from)" +
                                       std::string(reverse_due_order)
                                 : " AND (r.queue_band, r.queue_due, r.id) > (:band, :due, :from)" +
                                       std::string(due_order)) +
               " LIMIT :limit)" + due_order;
    }
    auto q = c->prepare(sql);
    bind_visibility(*q, visibility);
    bind_filter(*q, filter);
    q->bind(":limit", static_cast<std::int64_t>(std::max(filter.limit, 0)) + 1);
    if (from) {
        q->bind(":band", from->first);
        q->bind(":due", from->second);
        q->bind(":from", *filter.queue_from);
    } else if (filter.by_due) {
        q->bind(":offset", std::max<std::int64_t>(filter.offset, 0));
    }

    std::vector<domain::job> out;
    while (q->executeStep()) {
        out.push_back(read_job(*q));
    }
    return out;
}

std::vector<app::id_t> sqlite_read_store::job_ids(const app::job_filter& filter,
                                                  const domain::visibility& visibility) {
    app::job_filter all = filter;
    all.after_id.reset();
    const std::string sql = matching_ids(all, visibility) + (all.by_due ? due_order : " ORDER BY r.id");
    auto c = pool_.borrow();
    auto q = c->prepare(sql);
    bind_visibility(*q, visibility);
    bind_filter(*q, all);
    std::vector<app::id_t> out;
    while (q->executeStep()) {
        out.push_back(q->getColumn(0).getInt64());
    }
    return out;
}

std::vector<domain::job> sqlite_read_store::jobs_by_ids(const std::vector<app::id_t>& ids) {
    auto c = pool_.borrow();
    auto q = c->prepare(std::string(select_job) +
                        "JOIN json_each(?) k ON k.value = r.id ORDER BY k.key"); // k.key: the place in `ids`
    bind_ids(*q, 1, ids);
    std::vector<domain::job> out;
    while (q->executeStep()) {
        out.push_back(read_job(*q));
    }
    return out;
}

std::vector<domain::event> sqlite_read_store::events_of(app::id_t job_id) {
    auto c = pool_.borrow();
    auto q =
        c->prepare("SELECT e.id, e.request_id, e.seq, e.at, e.actor_id, e.actor_role, COALESCE(u.name, ''), "
                   "e.action, e.from_status, e.to_status, e.note, e.internal_note, e.data "
                   "FROM events e LEFT JOIN users u ON u.id = e.actor_id "
                   "WHERE e.request_id = ? ORDER BY e.seq");
    q->bind(1, job_id);
    std::vector<domain::event> out;
    while (q->executeStep()) {
        domain::event e;
        e.id = q->getColumn(0).getInt64();
        e.job_id = q->getColumn(1).getInt64();
        e.seq = q->getColumn(2).getInt64();
        e.at = domain::from_unix(q->getColumn(3).getInt64());
        e.actor_id = q->getColumn(4).getInt64();
        e.actor_role = parse_stored<domain::role>(q->getColumn(5).getString());
        e.actor_name = q->getColumn(6).getString();
        e.action = parse_stored<domain::action>(q->getColumn(7).getString());
        if (!q->getColumn(8).isNull()) {
            e.from = parse_stored<domain::status>(q->getColumn(8).getString());
        }
        e.to = parse_stored<domain::status>(q->getColumn(9).getString());
        e.note = q->getColumn(10).getString();
        e.internal_note = q->getColumn(11).getString();
        e.data = decode_event_data(q->getColumn(12).getString());
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace mend::storage
