// The tenant's side of a job: the confirmation after reporting, what happens next, "Is it fixed?" with the
// rating, their own updates, cancelling on a page of its own, and photos kept across a form's errors.
#pragma once

#include "app/accounts/web.hpp"
#include "pages/job_forms.hpp"

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mend::pages {

// The job page (pages/jobs.cpp), for the routes that come back to it with errors.
response_t job_page(context& ctx, http::status status, const domain::job& job, const form_errors& errors,
                    const action_input* in);

// The tenant's parts of the job page: the confirmation panel after reporting, what happens next in words, the
// cancel link, "Is it fixed?", the update form and the rating. `allowed` are the actions the tenant may take.
void add_tenant_parts(const context& ctx, const domain::job& job, const std::vector<std::string>& allowed,
                      const std::vector<domain::job_clock>& clocks, const form_errors& errors,
                      const action_input* in, mdata& body);

// The tenant's open repairs, as links, for the report page (to head off a second report of the same thing).
mlist open_repairs(const context& ctx);

// The photos a form sent under `name`, with those kept from its earlier try (hidden "kept_photo" inputs
// naming photos already stored: "<sha256>:<claim>:<file name>", the claim signed for the caller by
// photo_field; one that does not hold is ignored). The kept photos' bytes are read off the HTTP thread.
boost::asio::awaitable<std::vector<app::photo_upload>> sent_photos(context& ctx, std::string name);

// Checks the photos and writes their files (off the HTTP thread); on a refusal adds the error under `id`.
boost::asio::awaitable<std::optional<std::vector<app::checked_photo>>>
store_photos(context& ctx, const std::vector<app::photo_upload>& uploads, form_errors& errors,
             std::string id);

// The photo field of a form ("f_photos"), listing as already attached the photos kept from the last try,
// each claimed for the caller (app::photo_claim).
mdata photo_field(const context& ctx, const std::string& id, const std::string& label,
                  const form_errors& errors, const std::vector<app::photo_upload>& kept);

} // namespace mend::pages
