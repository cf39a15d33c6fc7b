#include "app/communal.hpp"

#include "app/accounts/account_store.hpp"
#include "domain/privacy.hpp"
#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"

#include <algorithm>

namespace mend::app {

namespace {

using domain::role;

// The communal areas home's UPRN: never a real UPRN (those are digits only), so it clashes with none.
std::string communal_uprn(const place_record& place) {
    return "communal-" + std::string(to_string(place.kind)) + "-" + std::to_string(place.id);
}

// The place a tenant's shared-area report is for: their home's block, else its estate.
outcome<place_record> shared_area_of(unit_of_work& uow, const domain::actor& who, const report_command& cmd) {
    const std::string uprn(domain::trim(cmd.uprn));
    const auto home = uprn.empty() ? std::nullopt : uow.accounts().property_by_uprn(uprn);
    if (!home || !uow.accounts().holds_home(who.user_id, home->id)) {
        return invalid("uprn",
                       "uprn must be a home you hold: the shared areas are those of its block or estate");
    }
    const auto placed = uow.places().home_by_id(home->id);
    const auto place_id = placed ? (placed->block_id ? placed->block_id : placed->estate_id) : std::nullopt;
    if (!place_id) {
        return invalid("shared_area",
                       "your home is not in a block or on an estate we know; report the repair "
                       "as one in your home, or call us");
    }
    return *uow.places().place_by_id(*place_id);
}

// The block or estate a report names.
outcome<place_record> named_place(unit_of_work& uow, const domain::actor& who, const report_command& cmd) {
    if (cmd.block && cmd.estate) {
        return invalid("estate", "give a block or an estate, not both");
    }
    if (who.role == role::tenant && cmd.shared_area) {
        return shared_area_of(uow, who, cmd);
    }
    if (!domain::is_blank(cmd.uprn)) {
        return invalid("uprn", "give a home's uprn, or a block or an estate, not both");
    }
    const auto kind = cmd.block ? place_kind::block : place_kind::estate;
    auto place = place_of_kind(uow.places(), kind, cmd.block ? *cmd.block : cmd.estate.value_or(0));
    if (!place) {
        return place.error();
    }
    if (who.role == role::tenant && !uow.places().lives_in(who.user_id, place->id)) {
        return invalid(std::string(to_string(kind)),
                       "you can only report repairs to the shared areas of a block or estate you live in");
    }
    return place;
}

// What the public may know of one job.
known_problem known_of(read_store& jobs, const domain::job& job) {
    known_problem out;
    out.reference = job.reference;
    out.place_name = job.place ? job.place->name : std::string();
    out.category = job.category;
    out.summary = job.public_summary;
    out.state = job.state;
    out.updated_at = job.updated_at;
    if (job.appointment) {
        out.appointment_start = job.appointment->start;
    }
    out.fixed = job.state == domain::status::completed || job.state == domain::status::resolved ||
                job.state == domain::status::closed;
    const auto events = jobs.events_of(job.id);
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        // Only an officer's public words, and only those the privacy check lets through: a note written
        // for the tenant may name them or their flat.
        const bool officer = it->actor_role == role::officer || it->actor_role == role::admin;
        if (officer && !domain::is_blank(it->note) && !domain::find_public_leak(it->note, {})) {
            out.latest_update = it->note;
            break;
        }
    }
    return out;
}

known_problems known_in(place_reads& places, read_store& jobs, std::vector<place_record> found,
                        domain::instant now) {
    known_problems out;
    out.places = std::move(found);
    if (out.places.empty()) {
        return out;
    }
    std::vector<id_t> ids;
    std::transform(out.places.begin(), out.places.end(), std::back_inserter(ids),
                   [](const place_record& p) { return p.id; });
    for (const auto& job : places.communal_jobs(ids, now - fixed_shown_for)) {
        auto known = known_of(jobs, job);
        (known.fixed ? out.fixed : out.open).push_back(std::move(known));
    }
    return out;
}

} // namespace

bool names_place(const report_command& cmd) {
    return cmd.block || cmd.estate || cmd.shared_area;
}

std::optional<problem> take_public_summary(const domain::actor& who, const std::string& summary,
                                           domain::job& job) {
    if (!domain::is_staff(who.role)) {
        return problem{
            errc::forbidden, "only housing officers write the public summary", "public_summary", {}};
    }
    if (!job.place) {
        return invalid("public_summary", "only a job for a block or an estate has a public summary");
    }
    const std::string text(domain::trim(summary));
    if (text.size() > max_public_summary) {
        return invalid("public_summary", "public_summary must be at most " +
                                             std::to_string(max_public_summary) + " characters");
    }
    if (const auto leak = domain::find_public_leak(text, {})) {
        return invalid("public_summary", "public_summary is shown to anyone: " + leak->why);
    }
    job.public_summary = text;
    return std::nullopt;
}

std::optional<problem> take_place(unit_of_work& uow, const domain::actor& who, const report_command& cmd,
                                  domain::job& job) {
    auto place = named_place(uow, who, cmd);
    if (!place) {
        return place.error();
    }
    auto home = uow.places().communal_home(place->id);
    if (!home) {
        home = uow.places().insert_communal_home(place->id, communal_uprn(*place),
                                                 "Communal areas, " + place->name + ", " + place->address);
    }
    job.property_id = home->id;
    job.uprn = home->uprn;
    job.place = domain::job_place{place->id, std::string(to_string(place->kind)), place->name};
    job.recharge = uow.places().has_leaseholders(place->id);
    if (cmd.public_summary) {
        return take_public_summary(who, *cmd.public_summary, job);
    }
    return std::nullopt;
}

namespace {

// How a caller may read a job: not at all, as one who stands to it, or as a neighbour (public facts only).
enum class reading { none, full, neighbour };

reading reading_of(read_store& store, const domain::actor& who, const domain::job& job) {
    const bool tenant = who.role == role::tenant;
    const bool holds = tenant && store.holds_home(who.user_id, job.property_id);
    if (domain::can_see(who, job, holds)) {
        return reading::full;
    }
    const bool lives = tenant && job.place && store.lives_in_place(who.user_id, job.place->id);
    return domain::may_view(who, job, holds, lives) ? reading::neighbour : reading::none;
}

} // namespace

bool may_view_job(read_store& store, const domain::actor& who, const domain::job& job) {
    return reading_of(store, who, job) != reading::none;
}

outcome<domain::job> view_job(read_store& store, const domain::actor& who, std::string_view reference) {
    const std::string ref = domain::normalise_reference(reference);
    auto job = ref.empty() ? std::nullopt : store.job_by_reference(ref);
    const auto how = job ? reading_of(store, who, *job) : reading::none;
    if (how == reading::none) {
        return problem{errc::not_found, "no such repair request", "", {}};
    }
    if (how == reading::neighbour) {
        job->description = job->public_summary;
        job->location.clear();
        job->tenant_id.reset();
        job->raised_by = 0;
    }
    return *job;
}

outcome<known_problems> known_problems_at(place_reads& places, read_store& jobs, std::string_view postcode,
                                          domain::instant now) {
    const auto code = domain::uk_postcode(postcode);
    if (!code) {
        return invalid("postcode", "Enter a real postcode, like NW1 9AA");
    }
    return known_in(places, jobs, places.places_at_postcode(*code), now);
}

outcome<known_problems> known_problems_of(place_reads& places, read_store& jobs, place_kind kind, id_t id,
                                          domain::instant now) {
    auto place = places.place_by_id(id);
    if (!place || place->kind != kind) {
        return problem{errc::not_found, "no such " + std::string(to_string(kind)), "", {}};
    }
    return known_in(places, jobs, {*place}, now);
}

std::optional<std::string> postcode_with_known_problems(place_reads& places,
                                                        const std::vector<property_record>& homes,
                                                        domain::instant now) {
    for (const auto& home : homes) {
        std::vector<id_t> ids;
        for (const auto& id : {home.block_id, home.estate_id}) {
            if (id) {
                ids.push_back(*id);
            }
        }
        if (ids.empty()) {
            continue;
        }
        const auto jobs = places.communal_jobs(ids, now);
        if (std::any_of(jobs.begin(), jobs.end(), [](const domain::job& j) {
                return j.state != domain::status::completed && j.state != domain::status::resolved &&
                       j.state != domain::status::closed;
            })) {
            return home.postcode;
        }
    }
    return std::nullopt;
}

} // namespace mend::app
