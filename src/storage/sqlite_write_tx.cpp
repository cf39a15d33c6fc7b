#include "storage/sqlite_write_tx.hpp"

#include "app/accounts/tokens.hpp"
#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "storage/jobs/job_rows.hpp"

#include <chrono>
#include <stdexcept>

namespace mend::storage {

namespace {

// Fresh references clash about once in 10^11 draws per stored job; running out of tries means the generator
// is broken, not that we were unlucky.
constexpr int reference_tries = 16;

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

template <typename T> void bind_optional(SQLite::Statement& s, int index, const std::optional<T>& value) {
    if (value) {
        s.bind(index, *value);
    } else {
        s.bind(index);
    }
}

template <typename E>
void bind_optional_enum(SQLite::Statement& s, int index, const std::optional<E>& value) {
    if (value) {
        s.bind(index, std::string(domain::to_string(*value)));
    } else {
        s.bind(index);
    }
}

void bind_optional_instant(SQLite::Statement& s, int index, const std::optional<domain::instant>& value) {
    if (value) {
        s.bind(index, domain::to_unix(*value));
    } else {
        s.bind(index);
    }
}

// The columns of a request a write sets, bound from index `first` on, in the order of `job_columns`.
constexpr const char* job_columns =
    "status, version, property_id, tenant_id, raised_by, category, description, "
    "location, priority, hazard, source, contractor_id, accepted, appt_start, "
    "appt_end, hold_reason, duplicate_of, created_at, updated_at, completed_at, rated";
constexpr int job_column_count = 21;

void bind_job(SQLite::Statement& s, int first, const domain::job& job) {
    int i = first;
    s.bind(i++, std::string(domain::to_string(job.state)));
    s.bind(i++, job.version);
    s.bind(i++, job.property_id);
    bind_optional(s, i++, job.tenant_id);
    s.bind(i++, job.raised_by);
    s.bind(i++, std::string(domain::to_string(job.category)));
    s.bind(i++, job.description);
    s.bind(i++, job.location);
    bind_optional_enum(s, i++, job.priority);
    s.bind(i++, std::string(domain::to_string(job.hazard)));
    s.bind(i++, std::string(domain::to_string(job.source)));
    bind_optional(s, i++, job.contractor_id);
    s.bind(i++, job.accepted ? 1 : 0);
    bind_optional_instant(s, i++, job.appointment ? std::optional(job.appointment->start) : std::nullopt);
    bind_optional_instant(s, i++, job.appointment ? std::optional(job.appointment->end) : std::nullopt);
    bind_optional_enum(s, i++, job.hold);
    bind_optional(s, i++, job.duplicate_of);
    s.bind(i++, domain::to_unix(job.created_at));
    s.bind(i++, domain::to_unix(job.updated_at));
    bind_optional_instant(s, i++, job.completed_at);
    s.bind(i++, job.rated ? 1 : 0);
}

} // namespace

std::optional<app::property_record> sqlite_write_tx::property_by_uprn(std::string_view uprn) {
    auto q = c_.prepare("SELECT id, uprn, address, postcode FROM properties WHERE uprn = ?");
    q->bind(1, std::string(uprn));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return app::property_record{q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                                q->getColumn(2).getString(), q->getColumn(3).getString()};
}

std::optional<app::user_record> sqlite_write_tx::user_by_id(app::id_t id) {
    auto q = c_.prepare("SELECT id, role, name, email, phone, contractor_id FROM users WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    app::user_record u;
    u.id = q->getColumn(0).getInt64();
    u.role = parse_stored<domain::role>(q->getColumn(1).getString());
    u.name = q->getColumn(2).getString();
    if (!q->getColumn(3).isNull()) {
        u.email = q->getColumn(3).getString();
    }
    if (!q->getColumn(4).isNull()) {
        u.phone = q->getColumn(4).getString();
    }
    if (!q->getColumn(5).isNull()) {
        u.contractor_id = q->getColumn(5).getInt64();
    }
    return u;
}

std::optional<app::contractor_record> sqlite_write_tx::contractor_by_id(app::id_t id) {
    auto q = c_.prepare("SELECT id, name, trades FROM contractors WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return app::contractor_record{q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                                  domain::split_list(q->getColumn(2).getString())};
}

std::optional<domain::job> sqlite_write_tx::job_by_reference(std::string_view reference) {
    return find_job_by_reference(c_, reference);
}

bool sqlite_write_tx::holds_home(app::id_t user_id, app::id_t property_id) {
    return find_holds_home(c_, user_id, property_id);
}

domain::job sqlite_write_tx::insert_job(domain::job job) {
    static const std::string sql = [] {
        std::string s = "INSERT INTO requests (reference, ";
        s += job_columns;
        s += ") VALUES (?";
        for (int i = 0; i < job_column_count; ++i) {
            s += ", ?";
        }
        return s + ")";
    }();
    for (int attempt = 0;; ++attempt) {
        if (attempt == reference_tries) {
            throw std::runtime_error("could not find an unused job reference in " +
                                     std::to_string(reference_tries) + " tries");
        }
        std::string reference = domain::make_reference(app::random_u64());
        {
            auto taken = c_.prepare("SELECT 1 FROM requests WHERE reference = ?");
            taken->bind(1, reference);
            if (taken->executeStep()) {
                continue;
            }
        }
        auto insert = c_.prepare(sql);
        insert->bind(1, reference);
        bind_job(*insert, 2, job);
        insert->exec();
        job.id = c_.db().getLastInsertRowid();
        job.reference = std::move(reference);
        break;
    }
    if (job.uprn.empty()) {
        auto q = c_.prepare("SELECT uprn FROM properties WHERE id = ?");
        q->bind(1, job.property_id);
        if (q->executeStep()) {
            job.uprn = q->getColumn(0).getString();
        }
    }
    return job;
}

void sqlite_write_tx::update_job(const domain::job& job) {
    static const std::string sql = [] {
        std::string s = "UPDATE requests SET (";
        s += job_columns;
        s += ") = (?";
        for (int i = 1; i < job_column_count; ++i) {
            s += ", ?";
        }
        return s + ") WHERE id = ?";
    }();
    auto q = c_.prepare(sql);
    bind_job(*q, 1, job);
    q->bind(job_column_count + 1, job.id);
    if (q->exec() != 1) {
        throw std::runtime_error("no request has id " + std::to_string(job.id));
    }
}

domain::event sqlite_write_tx::append_event(domain::event e) {
    {
        // Uses the UNIQUE (job_id, seq) index: one short index probe, not a scan of the history.
        auto next = c_.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE request_id = ?");
        next->bind(1, e.job_id);
        next->executeStep();
        e.seq = next->getColumn(0).getInt64();
    }
    auto q = c_.prepare("INSERT INTO events (request_id, seq, at, actor_id, actor_role, action, from_status, "
                        "to_status, note, internal_note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, e.job_id);
    q->bind(2, e.seq);
    q->bind(3, domain::to_unix(e.at));
    q->bind(4, e.actor_id);
    q->bind(5, std::string(domain::to_string(e.actor_role)));
    q->bind(6, std::string(domain::to_string(e.action)));
    bind_optional_enum(*q, 7, e.from);
    q->bind(8, std::string(domain::to_string(e.to)));
    q->bind(9, e.note);
    q->bind(10, e.internal_note);
    q->bind(11, encode_event_data(e.data));
    q->exec();
    e.id = c_.db().getLastInsertRowid();
    return e;
}

app::user_record sqlite_write_tx::insert_user(app::user_record user, const std::string& token_hash) {
    auto q = c_.prepare("INSERT INTO users (role, name, email, phone, contractor_id, token_hash, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, std::string(domain::to_string(user.role)));
    q->bind(2, user.name);
    bind_optional(*q, 3, user.email);
    bind_optional(*q, 4, user.phone);
    bind_optional(*q, 5, user.contractor_id);
    q->bind(6, token_hash);
    q->bind(7, unix_now());
    q->exec();
    user.id = c_.db().getLastInsertRowid();
    return user;
}

app::contractor_record sqlite_write_tx::insert_contractor(app::contractor_record firm) {
    auto q = c_.prepare("INSERT INTO contractors (name, trades, created_at) VALUES (?, ?, ?)");
    q->bind(1, firm.name);
    q->bind(2, domain::join_list(firm.trades));
    q->bind(3, unix_now());
    q->exec();
    firm.id = c_.db().getLastInsertRowid();
    return firm;
}

app::property_record sqlite_write_tx::insert_property(app::property_record home) {
    auto q = c_.prepare("INSERT INTO properties (uprn, address, postcode, created_at) VALUES (?, ?, ?, ?)");
    q->bind(1, home.uprn);
    q->bind(2, home.address);
    q->bind(3, home.postcode);
    q->bind(4, unix_now());
    q->exec();
    home.id = c_.db().getLastInsertRowid();
    return home;
}

void sqlite_write_tx::add_tenancy(app::id_t property_id, app::id_t user_id) {
    auto q = c_.prepare("INSERT OR IGNORE INTO tenancies (property_id, user_id) VALUES (?, ?)");
    q->bind(1, property_id);
    q->bind(2, user_id);
    q->exec();
}

} // namespace mend::storage
