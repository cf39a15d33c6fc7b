#include "storage/jobs/job_writes.hpp"

#include "app/accounts/tokens.hpp"
#include "domain/reference.hpp"
#include "storage/jobs/job_rows.hpp"
#include "storage/sqlite/binding.hpp"

#include <stdexcept>

namespace mend::storage {

namespace {

// Fresh references clash about once in 10^11 draws per stored job; running out of tries means the generator
// is broken, not that we were unlucky.
constexpr int reference_tries = 16;

// The columns of a request a write sets, bound from index `first` on, in the order of `job_columns`.
constexpr const char* job_columns =
    "status, version, property_id, tenant_id, raised_by, category, description, "
    "location, priority, hazard, source, contractor_id, accepted, appt_start, "
    "appt_end, hold_reason, duplicate_of, created_at, updated_at, completed_at, rated, place_id, "
    "public_summary, recharge";
constexpr int job_column_count = 24;

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
    bind_optional(s, i++, job.place ? std::optional(job.place->id) : std::nullopt);
    s.bind(i++, job.public_summary);
    s.bind(i++, job.recharge ? 1 : 0);
}

} // namespace

std::optional<domain::job> job_writes::job_by_reference(std::string_view reference) {
    return find_job_by_reference(c_, reference);
}

domain::job job_writes::insert_job(domain::job job) {
    static const std::string sql = [] {
        std::string s = "INSERT INTO requests (reference, ";
        s += job_columns;
        s += ", queue_band, queue_due) VALUES (?";
        for (int i = 0; i < job_column_count; ++i) {
            s += ", ?";
        }
        return s + ", ?, ?)";
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
        // The queue's keys of a job with no clock yet (schema/0024_stored_keys.sql), written with the row: a
        // trigger setting them after the insert moved three index entries of every report, and halved the
        // reports a second the writer could commit.
        insert->bind(job_column_count + 2, job.priority == domain::priority::emergency ? 1 : 3);
        insert->bind(job_column_count + 3, domain::to_unix(job.created_at));
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

void job_writes::update_job(const domain::job& job) {
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

domain::event job_writes::append_event(domain::event e) {
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

} // namespace mend::storage
