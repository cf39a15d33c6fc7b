// Complaints as the API's JSON: the complaint, its clocks (with their state now) and its whole record.
#pragma once

#include "app/complaints.hpp"

#include <boost/json.hpp>

namespace mend::api {

boost::json::object complaint_clock_to_json(const domain::complaint_clock& c, domain::instant now,
                                            double at_risk_share);

boost::json::object complaint_to_json(const domain::complaint& c);

// With its clocks, history, linked jobs and the steps `who` may take next.
boost::json::object complaint_detail_to_json(const app::complaint_detail& d, const domain::actor& who,
                                             domain::instant now, double at_risk_share);

} // namespace mend::api
