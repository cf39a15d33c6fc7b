// Perception-survey responses, imported from the survey firm's CSV, and the Tenant Satisfaction Measures
// (TP01-TP03) computed from them per respondent (domain/surveys.hpp).
#pragma once

#include "app/accounts/import.hpp"
#include "app/error.hpp"
#include "app/reports.hpp"
#include "domain/surveys.hpp"

#include <string_view>
#include <vector>

namespace mend::app {

class unit_of_work;

// Keeps imported responses; one per respondent and day, so importing the same file again changes nothing.
class survey_store {
public:
    virtual ~survey_store() = default;
    // Adds the response, or replaces the one the same respondent gave on the same day. Returns true when it
    // was new.
    virtual bool save_response(const domain::survey_response& r, domain::id_t imported_by,
                               domain::instant imported_at) = 0;
};

// The columns the file must have, named in its first line in any order and any case; other columns (the
// survey's other questions) are ignored.
constexpr std::string_view survey_columns = "respondent,tenure,date,tp01,tp02,tp03";

struct survey_import {
    std::size_t rows = 0;  // responses in the file
    std::size_t added = 0; // new ones; the rest replaced a response of the same respondent and day
};

// Staff only. Every row is checked before anything is kept: any refused row refuses the whole file (a partial
// import would skew the measures), with a problem naming the line and the column. `now` refuses dates to
// come.
outcome<survey_import> import_surveys(unit_of_work& uow, const domain::actor& who, std::string_view csv,
                                      domain::instant now);

// TP01-TP03 over the responses of [p.from, p.to).
domain::tsm_report tsm(report_reads& reads, const period& p);

} // namespace mend::app
