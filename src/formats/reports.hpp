// Reports on the wire: RP02 and the TSMs (TP01-TP03) as JSON and as CSV, and the rows of the CSV exports.
#pragma once

#include "app/reports.hpp"
#include "domain/complaints.hpp"
#include "domain/surveys.hpp"

#include <boost/json.hpp>
#include <string>

namespace mend::formats {

// The JSON text: from, to, rp02, job_satisfaction, days_to_complete, repeat_repairs ({"jobs", "homes":
// [{"uprn", "category", "references"}]}) and method.
std::string rp02_to_json(const domain::rp02_report& r);

// One "measure,group,count,meeting,percent,median_days,p90_days" table.
std::string rp02_to_csv(const domain::rp02_report& r);

// TP01-TP03 by tenure; the CSV is one "measure,tenure,respondents,count,satisfied,percent" table.
boost::json::object tsm_to_json(const domain::tsm_report& r);
std::string tsm_to_csv(const domain::tsm_report& r);

// The Complaint Handling Code's self-assessment figures (and CH01, CH02): per stage, measures as rp02's.
boost::json::object complaint_figures_to_json(const domain::complaint_figures& f);

// A share's percent with two decimals, or "n/a" when there is nothing to count.
std::string percent_text(const domain::share_measure& m);

// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled. A leading =, +, - or @ gets a
// quote mark first so that a spreadsheet does not run a tenant's text as a formula.
std::string csv_field(std::string_view text);

std::string job_csv_header();
std::string job_csv_row(const app::job_export_row& row);
std::string event_csv_header();
std::string event_csv_row(const std::string& reference, const domain::event& e);

} // namespace mend::formats
