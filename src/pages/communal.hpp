// The pages of communal jobs (pages/known_problems.cpp) that other pages call into: what a neighbour sees of
// one, and the report form's "shared area" question with its link to the known problems.
#pragma once

#include "app/ports.hpp"
#include "pages/html.hpp"

#include <string>
#include <vector>

namespace mend::pages {

// A communal job as a tenant of its block or estate sees it (app::view_job): its public facts, read only.
response_t communal_job_page(const context& ctx, const domain::job& job);

// The tenant's report form: "Where is the problem?" (in the home, or a shared area) when a home of theirs is
// in a block or on an estate, and a link to the known problems when its block or estate has open communal
// jobs. `homes` are the tenant's (web_reads::homes_of); `where` is what was posted ("home" or "shared").
void add_shared_area(const context& ctx, const std::vector<app::property_record>& homes,
                     const std::string& where, const form_errors& errors, mdata& body);

// The tenant's report form, for a leaseholder or shared owner: the repairs inside their home that are theirs
// to arrange (app::leasehold_policy), so they know before they report (the report of one is refused).
void add_own_repairs(const context& ctx, const std::vector<app::property_record>& homes, mdata& body);

} // namespace mend::pages
