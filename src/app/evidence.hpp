// A job's evidence pack: everything mend holds about a repair or hazard case, gathered in one read for an
// officer to hand to the Housing Ombudsman or a court: the job and its home, every event with internal notes,
// the clocks with their pauses and reasons, every notice with each delivery attempt and receipt, the alerts,
// the photos, and every complaint about the job with its clocks and history.
#pragma once

#include "app/accounts/web_ports.hpp"
#include "app/clocks.hpp"
#include "app/complaints.hpp"
#include "app/error.hpp"
#include "app/notices/notices.hpp"
#include "app/ports.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace mend::app {

struct evidence_notice {
    notice_record notice;
    std::vector<attempt_record> attempts; // in the order they were made
};

struct evidence_pack {
    domain::job job;
    std::optional<property_record> home;
    std::optional<user_record> tenant;
    std::vector<domain::event> events; // in order, internal notes included
    std::vector<domain::job_clock> clocks;
    std::vector<evidence_notice> notices;
    std::vector<alert_record> alerts;
    std::vector<photo_record> photos;
    std::vector<complaint_detail> complaints; // linked to the job, open and closed, oldest first
    domain::instant made_at{};
    domain::actor made_by{};
};

// Where the pack is read from; a null source leaves its part empty (a server without notices or clocks).
struct evidence_sources {
    read_store& jobs;
    web_read_store* web = nullptr;
    clock_reads* clocks = nullptr;
    notice_reads* notices = nullptr;
    complaint_reads* complaints = nullptr;
};

// Staff only (forbidden for anyone else); not_found for a job that does not exist.
outcome<evidence_pack> gather_evidence(const evidence_sources& from, const domain::actor& who,
                                       std::string_view reference, domain::instant now);

} // namespace mend::app
