// How a job's repair target and Awaab's Law clocks read on the pages: for staff and contractors, and for the
// tenant in their own words.
#pragma once

#include "domain/clocks.hpp"
#include "pages/html.hpp"

#include <vector>

namespace mend::pages {

// For the job page. Staff and contractors: "deadlines" (the target first, then the legal clocks, each with
// what, due, state, tag and notes) and "has_deadlines". Tenants: "tenant_target" (the target date in words)
// and "tenant_clocks" (the legal deadlines still applying) with "has_tenant_clocks". Nothing before triage.
mdata time_view(const std::vector<domain::job_clock>& clocks, const domain::job& job, bool tenant,
                domain::instant now, const domain::clock_settings& settings);

// What a time action recorded on its event, in words ("Priority: Urgent to Emergency"), or empty.
std::string event_details(const domain::event& e, bool tenant);

// Whether any open clock (the target or a legal clock) is past its due time now: the queue's "Overdue" tag.
bool overdue(const std::vector<domain::job_clock>& clocks, domain::instant now, double at_risk_share);

} // namespace mend::pages
