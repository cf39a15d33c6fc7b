#include "storage/complaints/complaint_writes.hpp"

#include "app/accounts/tokens.hpp"
#include "domain/reference.hpp"
#include "storage/complaints/complaint_rows.hpp"
#include "storage/jobs/job_rows.hpp"
#include "storage/sqlite/binding.hpp"

#include <stdexcept>

namespace mend::storage {

namespace {

constexpr int reference_tries = 16;

} // namespace

std::optional<domain::complaint> complaint_writes::complaint_by_reference(std::string_view reference) {
    return find_complaint(c_, reference);
}

domain::complaint complaint_writes::insert_complaint(domain::complaint k) {
    for (int attempt = 0;; ++attempt) {
        if (attempt == reference_tries) {
            throw std::runtime_error("could not find an unused complaint reference in " +
                                     std::to_string(reference_tries) + " tries");
        }
        std::string reference = "C-" + domain::make_reference(app::random_u64());
        {
            auto taken = c_.prepare("SELECT 1 FROM complaints WHERE reference = ?");
            taken->bind(1, reference);
            if (taken->executeStep()) {
                continue;
            }
        }
        auto q = c_.prepare(
            "INSERT INTO complaints (reference, request_id, complainant_id, via, summary, outcome_wanted, "
            "status, stage, received_at, closed_at, raised_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q->bind(1, reference);
        q->bind(2, k.job_id);
        bind_optional(*q, 3, k.complainant_id);
        q->bind(4, std::string(domain::to_string(k.via)));
        q->bind(5, k.summary);
        q->bind(6, k.outcome_wanted);
        q->bind(7, std::string(domain::to_string(k.state)));
        q->bind(8, k.stage);
        q->bind(9, domain::to_unix(k.received_at));
        bind_optional_instant(*q, 10, k.closed_at);
        q->bind(11, k.raised_by);
        q->bind(12, domain::to_unix(k.created_at));
        q->bind(13, domain::to_unix(k.updated_at));
        q->exec();
        k.id = c_.db().getLastInsertRowid();
        k.reference = std::move(reference);
        if (k.complainant_id) {
            auto name = c_.prepare("SELECT name FROM users WHERE id = ?");
            name->bind(1, *k.complainant_id);
            if (name->executeStep()) {
                k.complainant_name = name->getColumn(0).getString();
            }
        }
        return k;
    }
}

void complaint_writes::update_complaint(const domain::complaint& k) {
    auto q =
        c_.prepare("UPDATE complaints SET status = ?, stage = ?, closed_at = ?, updated_at = ? WHERE id = ?");
    q->bind(1, std::string(domain::to_string(k.state)));
    q->bind(2, k.stage);
    bind_optional_instant(*q, 3, k.closed_at);
    q->bind(4, domain::to_unix(k.updated_at));
    q->bind(5, k.id);
    q->exec();
}

std::vector<domain::complaint_clock> complaint_writes::clocks_of(domain::id_t complaint_id) {
    return find_complaint_clocks(c_, complaint_id);
}

domain::complaint_clock complaint_writes::save_clock(domain::complaint_clock clock) {
    if (clock.id == 0) {
        auto q = c_.prepare("INSERT INTO complaint_clocks (complaint_id, stage, step, started_at, "
                            "base_due_at, due_at, basis, "
                            "extended_days, extension_reason, met_at, stopped_at, stop_reason, escalated) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q->bind(1, clock.complaint_id);
        q->bind(2, clock.stage);
        q->bind(3, std::string(domain::to_string(clock.step)));
        q->bind(4, domain::to_unix(clock.started));
        q->bind(5, domain::to_unix(clock.base_due));
        q->bind(6, domain::to_unix(clock.due()));
        q->bind(7, clock.basis);
        q->bind(8, clock.extended_days);
        q->bind(9, clock.extension_reason);
        bind_optional_instant(*q, 10, clock.met);
        bind_optional_instant(*q, 11, clock.stopped);
        q->bind(12, clock.stop_reason);
        q->bind(13, clock.escalated);
        q->exec();
        clock.id = c_.db().getLastInsertRowid();
        return clock;
    }
    auto q = c_.prepare("UPDATE complaint_clocks SET due_at = ?, extended_days = ?, extension_reason = ?, "
                        "met_at = ?, stopped_at = ?, stop_reason = ?, escalated = ? WHERE id = ?");
    q->bind(1, domain::to_unix(clock.due()));
    q->bind(2, clock.extended_days);
    q->bind(3, clock.extension_reason);
    bind_optional_instant(*q, 4, clock.met);
    bind_optional_instant(*q, 5, clock.stopped);
    q->bind(6, clock.stop_reason);
    q->bind(7, clock.escalated);
    q->bind(8, clock.id);
    q->exec();
    return clock;
}

domain::complaint_event complaint_writes::append_event(domain::complaint_event e) {
    auto q = c_.prepare("INSERT INTO complaint_events (complaint_id, at, actor_id, action, note, data) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    q->bind(1, e.complaint_id);
    q->bind(2, domain::to_unix(e.at));
    q->bind(3, e.actor_id);
    q->bind(4, std::string(domain::to_string(e.action)));
    q->bind(5, e.note);
    q->bind(6, encode_event_data(e.data));
    q->exec();
    e.id = c_.db().getLastInsertRowid();
    return e;
}

bool complaint_writes::link_job(domain::id_t complaint_id, domain::id_t job_id, domain::id_t by,
                                domain::instant at) {
    auto q =
        c_.prepare("INSERT OR IGNORE INTO complaint_jobs (complaint_id, request_id, linked_by, linked_at) "
                   "VALUES (?, ?, ?, ?)");
    q->bind(1, complaint_id);
    q->bind(2, job_id);
    q->bind(3, by);
    q->bind(4, domain::to_unix(at));
    return q->exec() > 0;
}

std::vector<std::pair<domain::complaint, domain::complaint_clock>>
complaint_writes::clocks_to_escalate(domain::instant now, double at_risk_share, int limit) {
    // Open clocks past the level last reported: at risk (the share of their allowed time, due - started, is
    // left or less) and not yet reported, or breached and not reported as breached; nearest due first.
    auto q = c_.prepare(std::string(select_complaint_clock) +
                        "WHERE c.met_at IS NULL AND c.stopped_at IS NULL AND ((c.escalated = 0 AND "
                        "c.due_at - CAST(ROUND((c.due_at - c.started_at) * :share) AS INTEGER) <= :now) OR "
                        "(c.escalated = 1 AND c.due_at < :now)) ORDER BY c.due_at LIMIT :limit");
    q->bind(":share", at_risk_share);
    q->bind(":now", domain::to_unix(now));
    q->bind(":limit", limit);
    std::vector<domain::complaint_clock> clocks;
    while (q->executeStep()) {
        clocks.push_back(read_complaint_clock(*q));
    }
    std::vector<std::pair<domain::complaint, domain::complaint_clock>> out;
    auto k = c_.prepare(std::string(select_complaint) + "WHERE k.id = ?");
    for (auto& clock : clocks) {
        k->reset();
        k->bind(1, clock.complaint_id);
        if (k->executeStep()) {
            out.emplace_back(read_complaint(*k), std::move(clock));
        }
    }
    return out;
}

} // namespace mend::storage
