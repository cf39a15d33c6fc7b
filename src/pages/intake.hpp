// Phone intake's report step (pages/jobs.cpp's report form for staff): the home and tenant chosen from the
// search (pages/intake.cpp), carried as hidden fields, and how the tenant will hear.
#pragma once

#include "app/accounts/home_search.hpp"
#include "app/error.hpp"
#include "app/jobs.hpp"
#include "pages/pages.hpp"

#include <string>
#include <vector>

namespace mend::pages {

// What the report step's form carries besides the report itself.
struct intake_fields {
    std::string home, tenant, notify_via;
};

intake_fields intake_fields_of_query(const context& ctx);
intake_fields intake_fields_of_form(const context& ctx);

// Shows the chosen home and tenant (with a link back to the search) and the question of how the tenant
// will hear; a choice that does not stand shows its error instead.
void add_intake_choice(const context& ctx, const intake_fields& in, const form_errors& errors, mdata& body);

// Puts the chosen home, tenant and channel (none for "the way they usually hear") into the report, or adds
// the errors: a choice that no longer stands ("home"), a channel not offered for this tenant.
void take_intake_choice(const context& ctx, const intake_fields& in, app::report_command& cmd,
                        form_errors& errors);

} // namespace mend::pages
