// Communal jobs: raised against the shared areas of a block or an estate, read by the tenants who live there,
// and the public "we know" facts of the known-problems page and its feed.
#pragma once

#include "app/error.hpp"
#include "app/jobs.hpp"
#include "app/places.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

constexpr std::size_t max_public_summary = 500; // bytes

// Whether a report names a block or an estate (or, for a tenant, the shared areas of their home's).
bool names_place(const report_command& cmd);

// The place part of a report: staff name a block or an estate (fields "block", "estate"; not both); a tenant
// names the shared areas of the home given by `uprn` (its block, else its estate: field "shared_area"), or a
// block or estate they hold a home in. The job gets the place, and its home is the place's "communal areas"
// home, made on first use. Staff may give the public summary (field "public_summary": checked by
// domain::find_public_leak); tenants may not.
std::optional<problem> take_place(unit_of_work& uow, const domain::actor& who, const report_command& cmd,
                                  domain::job& job);

// An officer's new public summary for a communal job (action_command::public_summary), checked as above.
std::optional<problem> take_public_summary(const domain::actor& who, const std::string& summary,
                                           domain::job& job);

// May `who` read the job? domain::may_view: who can_see it, and tenants of a home in the block or estate a
// communal job is for (read only).
bool may_view_job(read_store& store, const domain::actor& who, const domain::job& job);

// The job by reference when `who` may read it (may_view_job), else not_found. A tenant who sees it only
// because they live in its place gets its public facts: no description, location, tenant or reporter.
outcome<domain::job> view_job(read_store& store, const domain::actor& who, std::string_view reference);

// What the public may know of a communal job.
struct known_problem {
    std::string reference;
    std::string place_name;
    domain::category category = domain::category::other;
    std::string summary; // the officer's public words; empty: none written yet
    domain::status state = domain::status::reported;
    std::string latest_update; // the latest public note an officer wrote (that passes the privacy check)
    domain::instant updated_at{};
    std::optional<domain::instant> appointment_start{};
    bool fixed = false; // completed, resolved or closed
};

// Fixed jobs stay on the page this long, so residents see "fixed".
constexpr auto fixed_shown_for = std::chrono::hours(24 * 14);

struct known_problems {
    std::vector<place_record> places; // at the postcode (or the one place of a feed)
    std::vector<known_problem> open;
    std::vector<known_problem> fixed;
};

// No sign-in. The open communal jobs, and those fixed in the last 14 days, of the blocks and estates with a
// home at the postcode; a postcode not shaped like one is refused (field "postcode").
outcome<known_problems> known_problems_at(place_reads& places, read_store& jobs, std::string_view postcode,
                                          domain::instant now);
// The same for one block or estate (not_found when `id` is no place of that kind).
outcome<known_problems> known_problems_of(place_reads& places, read_store& jobs, place_kind kind, id_t id,
                                          domain::instant now);

// For the tenant's report form: the postcode of a home of theirs whose block or estate has an open communal
// job; none when no such job.
std::optional<std::string> postcode_with_known_problems(place_reads& places,
                                                        const std::vector<property_record>& homes,
                                                        domain::instant now);

} // namespace mend::app
