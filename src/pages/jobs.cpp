// Pages about repair jobs: the tenant's list and report form, the officer's phone report, the contractor's
// work orders, the job page with the forms its caller may use, photos, and the public tracking page.
#include "app/jobs.hpp"

#include "app/accounts/web.hpp"
#include "app/communal.hpp"
#include "app/leasehold.hpp"
#include "domain/phone.hpp"
#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"
#include "http/evidence.hpp"
#include "http/offload.hpp"
#include "http/responses.hpp"
#include "pages/clock_view.hpp"
#include "pages/communal.hpp"
#include "pages/contractor.hpp"
#include "pages/intake.hpp"
#include "pages/job_forms.hpp"
#include "pages/pages.hpp"
#include "pages/tenant.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <utility>

namespace mend::pages {

namespace net = boost::asio;
using domain::action;
using domain::role;

namespace {

// --- Lists ---

mdata job_row(const domain::job& job) {
    mdata row;
    row.set("reference", job.reference);
    row.set("status", label(job.state));
    row.set("tag", tag_class(job.state));
    row.set("category", label(job.category));
    set_text(row, "location", job.location);
    row.set("description", job.description);
    row.set("reported", domain::uk_date_words(job.created_at));
    if (job.priority) {
        row.set("priority", label(*job.priority));
    }
    if (job.appointment) {
        row.set("appointment", domain::uk_date_time_words(job.appointment->start));
    }
    return row;
}

// The caller's own jobs (a tenant's repairs, a firm's work orders): a page of them, the oldest first.
std::vector<domain::job> own_jobs(const context& ctx) {
    app::list_query q;
    q.limit = std::to_string(app::max_page_size);
    return app::list_jobs(ctx.svc.reads, *ctx.who, q)->items;
}

// A list page's body: the jobs still open, and those done with.
mdata open_and_done(const context& ctx, const mlist& open, const mlist& done) {
    mdata body = page_data(ctx);
    body.set("open", open);
    body.set("done", done);
    body.set("has_open", !open.empty());
    body.set("has_done", !done.empty());
    return body;
}

net::awaitable<response_t> my_repairs(context& ctx) {
    if (ctx.who->role != role::tenant) {
        co_return not_found_page(ctx);
    }
    const auto jobs = own_jobs(ctx);
    mlist open, done;
    for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) {
        (domain::is_terminal(it->state) || it->state == domain::status::resolved ? done : open)
            .push_back(job_row(*it));
    }
    co_return page(ctx, http::status::ok, "Your repairs", "repairs", open_and_done(ctx, open, done));
}

// A firm's work orders: today's appointments first, then later ones, then the rest; after a decline, which
// job went back to the housing officer.
net::awaitable<response_t> work_orders(context& ctx) {
    if (ctx.who->role != role::contractor) {
        co_return not_found_page(ctx);
    }
    const auto today = domain::uk_local_date(ctx.svc.clock.now());
    auto jobs = own_jobs(ctx);
    order_work_orders(jobs, today);
    std::array<mlist, 3> open;
    mlist done;
    for (const auto& job : jobs) {
        mdata row = job_row(job);
        if (auto home = web(ctx).reads.property_by_id(job.property_id)) {
            row.set("address", home->address + ", " + home->postcode);
        }
        const bool finished = domain::is_terminal(job.state) || job.state == domain::status::completed ||
                              job.state == domain::status::resolved;
        (finished ? done : open.at(static_cast<std::size_t>(group_of(job, today)))).push_back(row);
    }
    mdata body = open_and_done(ctx, open[2], done);
    body.set("today", open[0]);
    body.set("upcoming", open[1]);
    body.set("has_today", !open[0].empty());
    body.set("has_upcoming", !open[1].empty());
    body.set("has_any", !open[0].empty() || !open[1].empty() || !open[2].empty());
    set_text(body, "declined", domain::normalise_reference(query_value(ctx, "declined")));
    co_return page(ctx, http::status::ok, "Your work orders", "work_orders", body);
}

// --- Reporting (tenant, and officer by phone) ---

struct report_form {
    std::string uprn, category, location, description, priority, hazard;
    intake_fields chosen{}; // staff: the home and tenant chosen by phone intake's search
    std::string where{};    // tenants: "home", or "shared" for a shared area (pages/communal.hpp)
    std::vector<app::photo_upload> kept{}; // photos sent with a try that came back with errors
    bool restored = false;                 // filled in from a form posted after its session ended
};

// The report as posted (or as kept when its session had ended: kept_form).
report_form report_form_of(const context& ctx, bool intake) {
    return {form_value(ctx.fields, "uprn"),
            form_value(ctx.fields, "category"),
            form_value(ctx.fields, "location"),
            form_value(ctx.fields, "description"),
            form_value(ctx.fields, "priority"),
            form_value(ctx.fields, "hazard"),
            intake ? intake_fields_of_form(ctx) : intake_fields{},
            intake ? std::string() : form_value(ctx.fields, "where")};
}

response_t report_page(context& ctx, http::status status, const report_form& in, const form_errors& errors) {
    const bool intake = staff(ctx);
    mdata body = page_data(ctx);
    body.set("intake", intake);
    body.set("restored", in.restored);
    body.set("action", intake ? "/intake/report" : "/repairs/new");
    // The tenant's homes, read once for the home choice, the shared-area question and the own-repairs list.
    const auto homes =
        intake ? std::vector<app::property_record>{} : web(ctx).reads.homes_of(ctx.who->user_id);
    if (intake) {
        add_intake_choice(ctx, in.chosen, errors, body);
        auto prio = field("priority", "priority", "Priority (optional)", in.priority, errors,
                          "Leave blank to set it when you check the job");
        prio.set("blank", "Not set yet");
        prio.set("options", options(enum_options<domain::priority>(), in.priority));
        body.set("f_priority", prio);
        auto hz = field("hazard", "hazard", "Is there a hazard to health or safety?", "", errors);
        hz.set("options", options(enum_options<domain::hazard>(), in.hazard.empty() ? "none" : in.hazard));
        body.set("f_hazard", hz);
    } else {
        if (homes.size() == 1) {
            body.set("one_home", homes.front().address + ", " + homes.front().postcode);
            body.set("one_uprn", homes.front().uprn);
        } else {
            std::vector<std::pair<std::string, std::string>> choices;
            choices.reserve(homes.size());
            for (const auto& h : homes) {
                choices.emplace_back(h.uprn, h.address + ", " + h.postcode);
            }
            auto home = field("uprn", "uprn", "Which home is the repair for?", "", errors);
            home.set("options", options(choices, in.uprn));
            body.set("f_home", home);
            body.set("no_home", homes.empty());
        }
    }
    auto cat = field("category", "category", "What needs repairing?", "", errors);
    cat.set("options", options(enum_options<domain::category>(), in.category));
    body.set("f_category", cat);
    auto where = field("location", "location", "Where is the problem? (optional)", in.location, errors,
                       intake ? "For example, kitchen, or the stairs to the second floor"
                              : "For example, kitchen, bathroom, or the stairs outside your door");
    body.set("f_location", where);
    auto desc = field("description", "description", "Describe the problem", in.description, errors,
                      "Say what is wrong, since when, and whether it is getting worse");
    desc.set("rows", "5");
    body.set("f_description", desc);
    body.set("f_photos", photo_field(ctx, "photos", "Photos (optional)", errors, in.kept));
    if (!intake) {
        add_shared_area(ctx, homes, in.where, errors, body);
        add_own_repairs(ctx, homes, body);
        const auto open = open_repairs(ctx);
        body.set("open_repairs", open);
        body.set("has_open_repairs", !open.empty());
    }
    return page(ctx, status, intake ? "Report a repair for a tenant" : "Report a repair", "report", body,
                &errors);
}

// The report form filled in again with what was posted after its session ended, its photos attached (stored
// now, as a try with errors stores them); nothing is reported until it is sent again.
net::awaitable<response_t> restored_report(context& ctx, bool intake) {
    report_form in = report_form_of(ctx, intake);
    in.restored = true;
    form_errors errors;
    const auto uploads = co_await sent_photos(ctx, "photos");
    const auto stored = co_await store_photos(ctx, uploads, errors, "photos");
    if (stored) {
        in.kept = uploads;
    }
    co_return report_page(ctx, errors.empty() ? http::status::ok : http::status::unprocessable_entity, in,
                          errors);
}

net::awaitable<response_t> show_report(context& ctx) {
    const bool intake = staff(ctx);
    if (ctx.who->role == role::contractor || (intake != (ctx.url.path() == "/intake/report"))) {
        co_return not_found_page(ctx);
    }
    if (auto kept = kept_form(ctx)) {
        ctx.fields = std::move(*kept); // the kept form stands in for the post it was
        auto res = co_await restored_report(ctx, intake);
        forget_kept_form(ctx, res);
        co_return res;
    }
    report_form in;
    if (intake) {
        in.chosen = intake_fields_of_query(ctx);
    }
    co_return report_page(ctx, http::status::ok, in, {});
}

net::awaitable<response_t> submit_report(context& ctx) {
    const bool intake = staff(ctx);
    if (ctx.who->role == role::contractor || (intake != (ctx.url.path() == "/intake/report"))) {
        co_return not_found_page(ctx);
    }
    report_form in = report_form_of(ctx, intake);
    form_errors errors;
    app::report_command cmd;
    cmd.uprn = in.uprn;
    if (intake) {
        take_intake_choice(ctx, in.chosen, cmd, errors);
    } else if (in.uprn.empty()) {
        const auto homes = web(ctx).reads.homes_of(ctx.who->user_id);
        errors.add("uprn" + (homes.empty() ? std::string() : "-" + homes.front().uprn), "Select the home");
    }
    if (in.category.empty()) {
        errors.add("category-plumbing", "Select what needs repairing");
    }
    if (domain::is_blank(in.description)) {
        errors.add("description", "Describe the problem");
    }
    // The photos are checked and stored even when other fields have errors, so that the form keeps them.
    const auto uploads = co_await sent_photos(ctx, "photos");
    const auto photos = co_await store_photos(ctx, uploads, errors, "photos");
    if (!errors.empty()) {
        if (photos) {
            in.kept = uploads;
        }
        co_return report_page(ctx, http::status::unprocessable_entity, in, errors);
    }
    cmd.category = in.category;
    cmd.location = in.location;
    cmd.description = in.description;
    cmd.source = intake ? "phone" : "web";
    cmd.shared_area = !intake && in.where == "shared";
    if (intake && !in.priority.empty()) {
        cmd.priority = in.priority;
    }
    if (intake && !in.hazard.empty()) {
        cmd.hazard = in.hazard;
    }
    const auto now = ctx.svc.clock.now();
    const auto result =
        co_await http::write(ctx.svc.writes, app::report_with_photos, *ctx.who, cmd, *photos, now);
    if (!result) {
        const auto& p = result.error();
        errors.add(field_id(p.field), p.message);
        in.kept = uploads;
        co_return report_page(ctx, http::status::unprocessable_entity, in, errors);
    }
    co_return redirect(ctx, "/jobs/" + result->job.reference + "?done=report");
}

// --- The job page ---

std::string who_label(const context& ctx, const domain::event& e) {
    if (staff(ctx)) {
        return e.actor_name + " (" + std::string(domain::to_string(e.actor_role)) + ")";
    }
    if (e.actor_id == ctx.who->user_id) {
        return "You";
    }
    switch (e.actor_role) {
    case role::tenant:
        return "Tenant";
    case role::contractor:
        return "Contractor";
    case role::system:
        return "Automatic update";
    default:
        return "Housing officer";
    }
}

std::string done_message(std::string_view done) {
    if (done == "report") {
        return "Repair reported. We will check it and tell you what happens next.";
    }
    if (done == "rate") {
        return "Thank you for rating this repair.";
    }
    if (done == "access_notes") {
        return "Access notes saved. Contractors with a job at this home will see them.";
    }
    if (const auto a = domain::parse<action>(done)) {
        return "Done: " + label(*a) + ".";
    }
    return {};
}

// Who to call about the job: the tenant's name and phone, the phone as a tap-to-call link; for staff, how
// they hold the home when it is not as a tenant ("Sam Lee (leaseholder)").
void add_tenant(const context& ctx, const domain::job& job, app::id_t tenant_id, mdata& j) {
    auto& w = web(ctx);
    const auto tenant = w.reads.user_by_id(tenant_id);
    if (!tenant) {
        return;
    }
    std::string name = tenant->name;
    if (staff(ctx)) {
        for (const auto& home : w.reads.homes_of(tenant_id)) {
            if (home.id == job.property_id && app::holds_a_lease(home.tenure)) {
                name += " (" + domain::wire_words(domain::to_string(home.tenure)) + ")";
            }
        }
    }
    j.set("tenant", name);
    if (tenant->phone) {
        j.set("tenant_phone", domain::phone_words(*tenant->phone));
        std::string dial;
        std::copy_if(tenant->phone->begin(), tenant->phone->end(), std::back_inserter(dial),
                     [](char c) { return c == '+' || (c >= '0' && c <= '9'); });
        j.set("tenant_tel", "tel:" + domain::phone_e164(*tenant->phone).value_or(dial));
    }
}

// A home's access notes for staff: what they say, who changed them last and when, and where to change them.
mdata access_notes_view(site& w, const app::property_record& home, const std::string& reference) {
    mdata a;
    set_text(a, "notes", home.access_notes);
    if (const auto change = w.reads.last_access_note_change(home.id)) {
        a.set("changed", "Changed by " + change->by + " on " + domain::uk_date_time_words(change->at));
    }
    a.set("href", "/jobs/" + reference + "/access-notes");
    return a;
}

// Where the job is: the address; for the contractor the way there and how to get in; for staff how to get in,
// who said so, and where to change it.
void add_home(const context& ctx, const domain::job& job, mdata& j) {
    auto& w = web(ctx);
    const auto home = w.reads.property_by_id(job.property_id);
    if (!home) {
        return;
    }
    j.set("address", home->address + ", " + home->postcode);
    if (ctx.who->role == role::contractor) {
        j.set("directions", directions_url(home->address, home->postcode));
        set_text(j, "access_notes", home->access_notes);
    }
    if (staff(ctx)) {
        j.set("staff_access", access_notes_view(w, *home, job.reference));
    }
}

// For staff, a communal job's recharge flag in words (app/leasehold.hpp); empty otherwise.
std::string recharge_words(const context& ctx, const domain::job& job) {
    if (!job.recharge || !staff(ctx)) {
        return {};
    }
    return "Leaseholders " + (job.place ? "in " + job.place->name + " " : std::string()) +
           "may be recharged for this repair through the service charge";
}

// The job's own facts, as far as the caller may see them.
mdata job_facts(const context& ctx, const domain::job& job) {
    auto& w = web(ctx);
    const bool is_tenant = ctx.who->role == role::tenant;
    mdata j = job_row(job);
    if (job.hazard != domain::hazard::none) {
        j.set("hazard", label(job.hazard));
    }
    add_home(ctx, job, j);
    set_text(j, "recharge", recharge_words(ctx, job));
    if (job.tenant_id && !is_tenant) {
        add_tenant(ctx, job, *job.tenant_id, j);
    }
    if (job.contractor_id && !is_tenant) {
        for (const auto& c : w.reads.contractors()) {
            if (c.id == *job.contractor_id) {
                j.set("contractor", c.name + (job.accepted ? " (accepted)" : " (not yet accepted)"));
            }
        }
    }
    if (job.appointment) {
        j.set("appointment", domain::uk_slot_words(job.appointment->start, job.appointment->end));
    }
    if (job.hold) {
        j.set("hold", label(*job.hold));
    }
    if (job.duplicate_of) {
        j.set("duplicate_of", *job.duplicate_of);
    }
    if (!is_tenant || !job.priority) {
        j.set("show_priority", !is_tenant);
    }
    if (ctx.who->role != role::contractor) {
        if (auto token = w.reads.tracking_token_of(job.id)) {
            j.set("tracking", "/track/" + *token);
        }
    }
    return j;
}

void add_photos(const context& ctx, const domain::job& job, mdata& body) {
    mlist photos;
    std::size_t n = 0;
    const auto stored = web(ctx).reads.photos_of(job.id);
    for (const auto& p : stored) {
        mdata ph;
        ph.set("src", "/jobs/" + job.reference + "/photos/" + p.sha256);
        ph.set("alt", "Photo " + std::to_string(++n) + " of " + std::to_string(stored.size()) +
                          (p.event_seq == 1 ? ", sent with the report" : ""));
        photos.push_back(ph);
    }
    body.set("photos", photos);
    body.set("has_photos", !stored.empty());
}

// The reason an event recorded, in words where it is one of a list.
std::string reason_words(const domain::event& e) {
    std::string reason = domain::data_value(e.data, "reason");
    if (e.action == action::hold) {
        if (auto r = domain::parse<domain::hold_reason>(reason)) {
            reason = label(*r);
        }
    }
    if (e.action == action::pause_clock) {
        if (auto r = domain::parse<domain::pause_reason>(reason)) {
            reason = label(*r);
        }
    }
    return reason;
}

// What happened to the job, the latest first (or, for the evidence pack, in the order it happened).
mlist history(const context& ctx, const domain::job& job, bool oldest_first = false) {
    const bool is_tenant = ctx.who->role == role::tenant;
    mlist out;
    auto events = app::job_events(ctx.svc.reads, *ctx.who, job.reference);
    if (!events) {
        return out;
    }
    if (oldest_first) {
        std::reverse(events->begin(), events->end());
    }
    for (auto it = events->rbegin(); it != events->rend(); ++it) {
        mdata e;
        e.set("what", label(it->action));
        e.set("when", domain::uk_date_time_words(it->at));
        e.set("who", who_label(ctx, *it));
        set_text(e, "note", it->note);
        if (!is_tenant) {
            set_text(e, "internal_note", it->internal_note);
        }
        set_text(e, "reason", reason_words(*it));
        set_text(e, "details", event_details(*it, is_tenant));
        out.push_back(e);
    }
    return out;
}

// The staff's one form: the likely next step with the pair of note boxes, then the other actions folded
// away under "Other actions", open when one of them came back with errors.
mdata desk_form(const context& ctx, const domain::job& job, const std::vector<action>& acts,
                const std::vector<domain::job_clock>& clocks, const form_errors& errors,
                const action_input* in) {
    mdata desk = page_data(ctx);
    desk.set("reference", job.reference);
    desk.set("version", std::to_string(job.version));
    const auto first = std::find_if(acts.begin(), acts.end(), [](action a) { return !side_action(a); });
    mlist others;
    bool others_open = first == acts.end();
    for (auto it = acts.begin(); it != acts.end(); ++it) {
        auto form = action_form(ctx, *it, job, clocks, errors, in, true);
        if (it == first) {
            desk.set("primary", form);
            continue;
        }
        others_open = others_open || (in != nullptr && in->action == domain::to_string(*it));
        others.push_back(form);
    }
    const auto kept = [in](std::string_view input) {
        return in != nullptr ? form_value(in->fields, input) : "";
    };
    auto note = field("note", "note", "Note for the tenant (optional)", kept("note"), errors,
                      "Sent with the action you choose; the tenant can see this");
    auto internal = field("internal_note", "internal_note", "Internal note (optional)", kept("internal_note"),
                          errors, "Only staff and the contractor see this");
    note.set("rows", "2");
    internal.set("rows", "2");
    mdata notes;
    notes.set("f_note", note);
    notes.set("f_internal", internal);
    desk.set("notes", notes);
    desk.set("others", others);
    desk.set("has_others", !others.empty());
    desk.set("others_open", others_open);
    return desk;
}

// The forms of the actions the caller may take now: staff get one form (desk_form); the tenant's are their
// own (pages/tenant.cpp).
void add_forms(const context& ctx, const domain::job& job, const std::vector<domain::job_clock>& clocks,
               const form_errors& errors, const action_input* in, domain::instant now, mdata& body) {
    const auto allowed = app::next_actions(ctx.svc.reads, *ctx.who, job, now);
    if (ctx.who->role == role::tenant) {
        add_tenant_parts(ctx, job, allowed, clocks, errors, in, body);
        return;
    }
    std::vector<action> acts;
    mlist forms;
    for (const auto& name : allowed) {
        const auto act = *domain::parse<action>(name);
        if (ctx.svc.time != nullptr && !offered(act, job, clocks, ctx.svc.time->settings, now)) {
            continue;
        }
        if (staff(ctx) || ctx.who->role == role::contractor) {
            acts.push_back(act);
        } else {
            forms.push_back(action_form(ctx, act, job, clocks, errors, in));
        }
    }
    if (!acts.empty() && ctx.who->role == role::contractor) {
        body.set("site", site_forms(ctx, job, acts, clocks, errors, in));
    } else if (!acts.empty()) {
        body.set("desk", desk_form(ctx, job, acts, clocks, errors, in));
    }
    body.set("forms", forms);
    body.set("has_forms", !forms.empty());
}

net::awaitable<response_t> show_job(context& ctx) {
    auto job = app::get_job(ctx.svc.reads, *ctx.who, ctx.params.at(0));
    if (!job) {
        if (auto seen = app::view_job(ctx.svc.reads, *ctx.who, ctx.params.at(0))) {
            co_return communal_job_page(ctx, *seen); // a tenant of its block or estate: read only
        }
        co_return not_found_page(ctx);
    }
    if (auto kept = kept_form(ctx)) {
        // Staff and contractors' forms name their action; the tenant's own forms ("update", "fixed") their
        // form.
        std::string act = form_value(*kept, "action");
        if (act.empty()) {
            act = form_value(*kept, "form");
        }
        const action_input in{act, own_inputs(*kept, act), true};
        auto res = job_page(ctx, http::status::ok, *job, {}, &in);
        forget_kept_form(ctx, res);
        co_return res;
    }
    co_return job_page(ctx, http::status::ok, *job, {}, nullptr);
}

std::string problem_text(const app::problem& p) {
    switch (p.code) {
    case app::errc::stale_version:
        return "Someone else changed this job while you were looking at it. Check the job below and try "
               "again";
    case app::errc::invalid_transition:
        return "That cannot be done to this job now. Check the job below";
    case app::errc::forbidden:
        return "You cannot do that to this job";
    default:
        return p.message;
    }
}

// The id of the input an error is about: on the staff's one form the pair of note boxes is shared.
std::string error_id(const context& ctx, const std::string& field, const std::string& act) {
    if (staff(ctx) && (field == "note" || field == "internal_note")) {
        return field;
    }
    return field_id(field, act);
}

net::awaitable<response_t> act_on_job(context& ctx) {
    auto job = app::get_job(ctx.svc.reads, *ctx.who, ctx.params.at(0));
    if (!job) {
        co_return not_found_page(ctx);
    }
    const bool completing = ctx.url.path().ends_with("/complete");
    const std::string act = completing ? "complete" : form_value(ctx.fields, "action");
    action_input in{act, own_inputs(ctx.fields, act)};
    form_errors errors;
    const auto parsed = domain::parse<action>(act);
    if (!parsed || *parsed == action::report) {
        errors.add("main-content", "Choose one of the actions on this page");
        co_return job_page(ctx, http::status::unprocessable_entity, *job, errors, &in);
    }
    if (*parsed == action::complete && !completing) {
        co_return not_found_page(ctx); // photos come with the upload route only
    }
    check_action_form(act, in.fields, *job, errors);
    auto cmd = command_of(act, in.fields);
    if (errors.empty() && !cmd) {
        errors.add(error_id(ctx, cmd.error().field, act), cmd.error().message);
    }
    std::optional<std::vector<app::checked_photo>> photos{std::vector<app::checked_photo>{}};
    const auto uploads = co_await sent_photos(ctx, "photos");
    if (errors.empty() && completing) {
        photos = co_await store_photos(ctx, uploads, errors, "complete-photos");
    }
    if (!errors.empty()) {
        co_return job_page(ctx, http::status::unprocessable_entity, *job, errors, &in);
    }
    if (!staff(ctx)) {
        cmd->internal_note.clear();
    }
    if (*parsed == action::decline) {
        std::swap(cmd->note, cmd->internal_note); // why a firm declines is for the officer, not the tenant
    }
    const auto now = ctx.svc.clock.now();
    const domain::actor& who = *ctx.who;
    const std::string reference = job->reference;
    const auto result =
        co_await http::write(ctx.svc.writes, app::act_with_photos, who, reference, *cmd, *photos, now);
    if (!result) {
        const auto& p = result.error();
        if (p.code == app::errc::not_found) {
            co_return not_found_page(ctx);
        }
        const bool conflict = p.code != app::errc::validation;
        errors.add(conflict ? act + "-form" : error_id(ctx, p.field, act), problem_text(p));
        auto fresh = app::get_job(ctx.svc.reads, who, reference);
        co_return job_page(ctx, conflict ? http::status::conflict : http::status::unprocessable_entity,
                           fresh ? *fresh : *job, errors, conflict ? nullptr : &in);
    }
    if (*parsed == action::decline) {
        co_return redirect(ctx, "/work-orders?declined=" + reference); // the firm no longer sees the job
    }
    co_return redirect(ctx, "/jobs/" + reference + "?done=" + act);
}

net::awaitable<response_t> job_photo(context& ctx) {
    auto& w = web(ctx);
    auto photo = app::find_photo(ctx.svc.reads, w.reads, *ctx.who, ctx.params.at(0), ctx.params.at(1));
    if (!photo) {
        co_return not_found_page(ctx);
    }
    std::optional<std::string> bytes;
    const std::string sha = photo->sha256;
    co_await run_blocking(w.workers, [&bytes, &w, &sha] { bytes = w.photos.get(sha); });
    if (!bytes) {
        co_return not_found_page(ctx);
    }
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, app::content_type_of(photo->type));
    res.set(http::field::cache_control, "private, max-age=3600");
    res.set(http::field::content_disposition, "inline");
    res.body() = std::move(*bytes);
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    co_return res;
}

// --- Public tracking ---

net::awaitable<response_t> track(context& ctx) {
    if (ctx.svc.web == nullptr) {
        co_return error_for(ctx.req, http::status::not_found, "not_found", "no such resource");
    }
    auto job = app::track_job(web(ctx).reads, ctx.params.at(0));
    if (!job) {
        co_return not_found_page(ctx);
    }
    mdata body;
    mdata j;
    j.set("reference", job->reference);
    j.set("status", label(job->state));
    j.set("tag", tag_class(job->state));
    j.set("category", label(job->category));
    j.set("reported", domain::uk_date_words(job->created_at));
    j.set("updated", domain::uk_date_time_words(job->updated_at));
    if (job->appointment && !domain::is_terminal(job->state)) {
        j.set("appointment", domain::uk_slot_words(job->appointment->start, job->appointment->end));
    }
    body.set("job", j);
    auto res = page(ctx, http::status::ok, "Repair " + job->reference, "track", body);
    res.set("X-Robots-Tag", "noindex");
    co_return res;
}

} // namespace

response_t job_page(context& ctx, http::status status, const domain::job& job, const form_errors& errors,
                    const action_input* in) {
    mdata body = page_data(ctx);
    body.set("job", job_facts(ctx, job));
    add_photos(ctx, job, body);
    body.set("history", history(ctx, job));
    std::string done = done_message(query_value(ctx, "done"));
    if (done.empty()) {
        done = follow_done_message(query_value(ctx, "done"));
    }
    if (!done.empty() && errors.empty()) {
        body.set("done", done);
    }
    body.set("restored", in != nullptr && in->restored);
    if (staff(ctx)) {
        body.set("evidence_link", "/jobs/" + job.reference + "/evidence");
    }
    // Staff log a complaint from the complaints page (the officer's job page keeps to one screen of a phone).
    if (ctx.svc.complaints != nullptr && ctx.who->role == role::tenant) {
        body.set("complaint_link", "/jobs/" + job.reference + "/complaint");
        body.set("tenant_complaint", true);
    }
    const auto now = ctx.svc.clock.now();
    std::vector<domain::job_clock> clocks;
    if (const auto* time = ctx.svc.time) {
        clocks = time->reads.clocks_of(job.id);
        body.set("time", time_view(clocks, job, ctx.who->role == role::tenant, now, time->settings));
    }
    add_forms(ctx, job, clocks, errors, in, now, body);
    add_follow_parts(ctx, job, body);
    const bool on_site = ctx.who->role == role::contractor;
    return page(ctx, status, "Repair " + job.reference, on_site ? "contractor_job" : "job", body, &errors);
}

// --- The evidence pack ---

// A notice as the evidence page lists it: to whom, how, its state and every attempt to deliver it.
mdata notice_row(const app::evidence_notice& en) {
    const auto& n = en.notice;
    mdata row;
    row.set("id", std::to_string(n.id));
    row.set("event", domain::wire_words(n.event));
    row.set("to", n.recipient_name.empty() ? std::string(app::to_string(n.to)) : n.recipient_name);
    row.set("channel", n.channel);
    row.set("address", n.address);
    row.set("state", std::string(app::to_string(n.state)));
    row.set("created", domain::uk_date_time_words(n.created_at));
    set_text(row, "subject", n.subject);
    set_text(row, "body", n.body);
    mlist attempts;
    for (const auto& a : en.attempts) {
        mdata at;
        at.set("when", domain::uk_date_time_words(a.at));
        at.set("outcome", a.outcome);
        set_text(at, "provider_id", a.provider_id);
        set_text(at, "error", a.error);
        attempts.push_back(at);
    }
    row.set("attempts", attempts);
    row.set("has_attempts", !en.attempts.empty());
    return row;
}

// One printable page of everything held about the job, for staff; the ZIP (api/evidence.cpp) has the same
// as JSON with the photos and letters.
net::awaitable<response_t> show_evidence(context& ctx) {
    if (!staff(ctx)) {
        co_return not_found_page(ctx);
    }
    const auto now = ctx.svc.clock.now();
    const auto pack =
        app::gather_evidence(mend::http::evidence_sources(ctx.svc), *ctx.who, ctx.params.at(0), now);
    if (!pack) {
        co_return not_found_page(ctx);
    }
    mdata body = page_data(ctx);
    body.set("job", job_facts(ctx, pack->job));
    body.set("reference", pack->job.reference);
    body.set("made_at", domain::uk_date_time_words(now));
    body.set("made_by", ctx.who->name);
    add_photos(ctx, pack->job, body);
    body.set("history", history(ctx, pack->job, true));
    if (const auto* time = ctx.svc.time) {
        body.set("time", time_view(pack->clocks, pack->job, false, now, time->settings));
    }
    mlist notices;
    for (const auto& n : pack->notices) {
        notices.push_back(notice_row(n));
    }
    body.set("notices", notices);
    body.set("has_notices", !pack->notices.empty());
    mlist alerts;
    for (const auto& a : pack->alerts) {
        mdata al;
        al.set("when", domain::uk_date_time_words(a.at));
        al.set("kind", domain::wire_words(a.kind));
        al.set("detail", a.detail);
        alerts.push_back(al);
    }
    body.set("alerts", alerts);
    body.set("has_alerts", !pack->alerts.empty());
    body.set("complaints", complaint_records(ctx, pack->complaints));
    body.set("has_complaints", !pack->complaints.empty());
    co_return page(ctx, http::status::ok, "Evidence pack for repair " + pack->job.reference, "evidence",
                   body);
}

void add_job_pages(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/repairs", access::session, my_repairs});
    table.add({v::get, "/repairs/new", access::session, show_report});
    table.add({v::post, "/repairs/new", access::session, submit_report, upload_body_limit, {role::tenant}});
    table.add({v::get, "/intake/report", access::session, show_report});
    table.add({v::post,
               "/intake/report",
               access::session,
               submit_report,
               upload_body_limit,
               {role::officer, role::admin}});
    table.add({v::get, "/work-orders", access::session, work_orders});
    table.add({v::get, "/jobs/{reference}", access::session, show_job});
    table.add({v::get, "/jobs/{reference}/evidence", access::session, show_evidence});
    table.add({v::post, "/jobs/{reference}/actions", access::session, act_on_job});
    table.add({v::post,
               "/jobs/{reference}/complete",
               access::session,
               act_on_job,
               upload_body_limit,
               {role::contractor}});
    table.add({v::get, "/jobs/{reference}/photos/{sha256}", access::session, job_photo});
    table.add({v::get, "/track/{token}", access::open, track});
}

} // namespace mend::pages
