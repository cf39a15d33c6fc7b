#include "app/evidence.hpp"

#include "app/jobs.hpp"
#include "app/paging.hpp"
#include "domain/workflow.hpp"

#include <algorithm>

namespace mend::app {

outcome<evidence_pack> gather_evidence(const evidence_sources& from, const domain::actor& who,
                                       std::string_view reference, domain::instant now) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers make evidence packs", "", {}};
    }
    auto job = get_job(from.jobs, who, reference);
    if (!job) {
        return job.error();
    }
    auto events = job_events(from.jobs, who, reference);
    if (!events) {
        return events.error();
    }
    evidence_pack pack;
    pack.job = std::move(*job);
    pack.events = std::move(*events);
    pack.made_at = now;
    pack.made_by = who;
    if (from.web != nullptr) {
        pack.home = from.web->property_by_id(pack.job.property_id);
        if (pack.job.tenant_id) {
            pack.tenant = from.web->user_by_id(*pack.job.tenant_id);
        }
        pack.photos = from.web->photos_of(pack.job.id);
    }
    if (from.clocks != nullptr) {
        pack.clocks = from.clocks->clocks_of(pack.job.id);
    }
    if (from.notices != nullptr) {
        auto found = notices_of_job(from.jobs, *from.notices, who, reference);
        if (found) {
            for (auto& n : found->items) {
                auto attempts = from.notices->attempts_of(n.id);
                pack.notices.push_back({std::move(n), std::move(attempts)});
            }
            pack.alerts = std::move(found->alerts);
        }
    }
    if (from.complaints != nullptr) {
        for (const bool open : {false, true}) {
            complaint_filter filter;
            filter.open = open;
            filter.job = pack.job.reference;
            filter.limit = max_page_size;
            for (const auto& row : from.complaints->complaints(filter)) {
                if (auto detail = from.complaints->complaint(row.complaint.reference)) {
                    pack.complaints.push_back(std::move(*detail));
                }
            }
        }
        std::sort(pack.complaints.begin(), pack.complaints.end(),
                  [](const complaint_detail& a, const complaint_detail& b) {
                      return a.complaint.id < b.complaint.id;
                  });
    }
    return pack;
}

} // namespace mend::app
