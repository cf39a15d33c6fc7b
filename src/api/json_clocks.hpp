// Maps targets, clocks and reports to the JSON of the API.
#pragma once

#include "app/clocks.hpp"

#include <boost/json.hpp>
#include <vector>

namespace mend::api {

boost::json::object clock_to_json(const domain::job_clock& c, domain::instant now, double at_risk_share);

// Adds "target" (the repair target, or null before triage) and "clocks" (the legal clocks) to a job's JSON.
void add_time_fields(boost::json::object& job, const std::vector<domain::job_clock>& clocks,
                     domain::instant now, double at_risk_share);

} // namespace mend::api
