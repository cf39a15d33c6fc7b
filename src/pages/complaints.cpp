// Complaints on the Ombudsman's Code, as pages: the officers' queue (open, with the next thing owed and
// when), a complaint's page (its clocks, history and linked jobs, with a form per step it allows), the form
// that raises one about a repair (a tenant's own, or logged by staff), and the Code's self-assessment
// figures.
#include "app/complaints.hpp"

#include "app/jobs.hpp"
#include "domain/calendar.hpp"
#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "formats/reports.hpp"
#include "pages/date_input.hpp"
#include "pages/pages.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <tuple>

namespace mend::pages {

namespace net = boost::asio;
using domain::complaint_action;

namespace {

std::string status_words(domain::complaint_status s) {
    switch (s) {
    case domain::complaint_status::stage1_received:
        return "Stage 1: to acknowledge";
    case domain::complaint_status::stage1_acknowledged:
        return "Stage 1: to answer";
    case domain::complaint_status::stage1_responded:
        return "Stage 1: answered";
    case domain::complaint_status::stage2_received:
        return "Stage 2: to acknowledge";
    case domain::complaint_status::stage2_acknowledged:
        return "Stage 2: to answer";
    case domain::complaint_status::closed:
        break;
    }
    return "Closed";
}

std::string action_words(complaint_action a) {
    switch (a) {
    case complaint_action::raise:
        return "Complaint received";
    case complaint_action::acknowledge:
        return "Acknowledged";
    case complaint_action::extend:
        return "Response time extended";
    case complaint_action::respond:
        return "Response sent";
    case complaint_action::escalate:
        return "Escalated to stage 2";
    case complaint_action::link_job:
        return "Repair linked";
    case complaint_action::close:
        break;
    }
    return "Closed";
}

std::string via_words(domain::complaint_channel v) {
    switch (v) {
    case domain::complaint_channel::web:
        return "Online";
    case domain::complaint_channel::phone:
        return "Phone";
    case domain::complaint_channel::letter:
        return "Letter";
    case domain::complaint_channel::email:
        return "Email";
    case domain::complaint_channel::in_person:
        return "In person";
    case domain::complaint_channel::social:
        break;
    }
    return "Social media";
}

// A UK midnight due time shows as the day it ends.
std::string due_words(const domain::complaint_clock& c) {
    return "end of " + domain::uk_weekday_date_words(c.due() - std::chrono::seconds{1});
}

mdata clock_data(const domain::complaint_clock& c, domain::instant now, double share) {
    mdata d;
    const auto state = domain::state_of(c, now, share);
    d.set("what", app::complaint_clock_words(c));
    d.set("due", due_words(c));
    d.set("state", label(state));
    d.set("tag", state == domain::clock_state::breached || state == domain::clock_state::met_late
                     ? "govuk-tag--red"
                 : state == domain::clock_state::at_risk ? "govuk-tag--orange"
                 : state == domain::clock_state::met     ? "govuk-tag--green"
                                                         : "govuk-tag--grey");
    std::string detail;
    if (c.met) {
        detail = "Done " + domain::uk_date_time_words(*c.met);
    } else if (c.stopped) {
        detail = "No longer owed: " + c.stop_reason;
    }
    if (c.extended_days > 0) {
        detail += std::string(detail.empty() ? "" : ". ") + "Extended by " + std::to_string(c.extended_days) +
                  " working days: " + c.extension_reason;
    }
    set_text(d, "detail", detail);
    d.set("basis", c.basis);
    return d;
}

bool may_take(const context& ctx, const app::complaint_detail& d, complaint_action a) {
    const auto allowed = domain::complaint_actions(d.complaint.state);
    if (std::find(allowed.begin(), allowed.end(), a) == allowed.end()) {
        return false;
    }
    return staff(ctx) || a == complaint_action::escalate;
}

struct step_form {
    complaint_action act;
    std::string heading;
    std::string button;
    std::vector<mdata> fields;
};

// What the forms of a complaint's page are drawn from: the caller and, after a refused step, what was typed.
struct step_inputs {
    const context& ctx;
    const app::complaint_detail& d;
    const form& typed;
    std::string_view refused; // the action that was refused, whose form shows what was typed
    const form_errors& errors;

    std::string value(std::string_view action, std::string_view name) const {
        return refused == action ? form_value(typed, name) : std::string{};
    }
    bool may(complaint_action a) const { return may_take(ctx, d, a); }
};

// Acknowledging, answering and extending: the officer's steps that write to the tenant.
void answer_forms(const step_inputs& in, std::vector<step_form>& out) {
    const bool first = in.d.complaint.stage == 1;
    if (in.may(complaint_action::acknowledge)) {
        out.push_back(
            {complaint_action::acknowledge,
             "Acknowledge the complaint",
             "Acknowledge and tell the tenant",
             {field("acknowledge-note", "note", "Your understanding of the complaint (optional)",
                    in.value("acknowledge", "note"), in.errors,
                    "The tenant gets this in the acknowledgement, with the date of the response.")}});
    }
    if (in.may(complaint_action::respond)) {
        auto response =
            field("respond-response", "response", "Response", in.value("respond", "response"), in.errors,
                  first ? "Say what you found, what you will do and by when. The tenant is told how "
                          "to take the complaint to stage 2."
                        : "This ends the complaints procedure: the tenant is told how to refer it to "
                          "the Housing Ombudsman.");
        response.set("rows", "8");
        out.push_back({complaint_action::respond,
                       first ? "Send the stage 1 response" : "Send the final response",
                       "Send the response",
                       {response}});
    }
    if (in.may(complaint_action::extend)) {
        auto days = field("extend-days", "days", "Working days more", in.value("extend", "days"), in.errors,
                          first ? "At most 10 working days in all at stage 1."
                                : "At most 20 working days in all at stage 2.");
        days.set("width", "govuk-input--width-3");
        days.set("type", "number");
        out.push_back({complaint_action::extend,
                       "Extend the time to respond",
                       "Extend and tell the tenant",
                       {days, field("extend-reason", "reason", "Why more time is needed",
                                    in.value("extend", "reason"), in.errors, "The tenant is told this.")}});
    }
}

// Escalating (the tenant's one step), linking another repair and closing.
void other_forms(const step_inputs& in, std::vector<step_form>& out) {
    const bool by_staff = staff(in.ctx);
    if (in.may(complaint_action::escalate)) {
        out.push_back({complaint_action::escalate,
                       by_staff ? "Escalate to stage 2" : "Take my complaint to stage 2",
                       by_staff ? "Escalate to stage 2" : "Ask for stage 2",
                       {field("escalate-reason", "reason",
                              by_staff ? "Why the tenant is not satisfied" : "Why are you not satisfied?",
                              in.value("escalate", "reason"), in.errors)}});
    }
    if (in.may(complaint_action::link_job)) {
        auto job = field("link_job-job", "job", "Repair reference", in.value("link_job", "job"), in.errors,
                         "For example, K7QD-9XPT.");
        job.set("width", "govuk-input--width-10");
        job.set("spellcheck_off", true);
        out.push_back({complaint_action::link_job, "Link another repair", "Link the repair", {job}});
    }
    if (in.may(complaint_action::close)) {
        out.push_back({complaint_action::close,
                       "Close without a response",
                       "Close the complaint",
                       {field("close-reason", "reason", "Why it is closed", in.value("close", "reason"),
                              in.errors, "For example, the tenant withdrew it.")}});
    }
}

// The forms of the steps the complaint allows the caller, with what they typed when one was refused.
mlist step_forms(const step_inputs& in) {
    std::vector<step_form> steps;
    answer_forms(in, steps);
    other_forms(in, steps);
    mlist out;
    for (auto& s : steps) {
        mdata f;
        f.set("action", std::string(domain::to_string(s.act)));
        f.set("heading", s.heading);
        f.set("button", s.button);
        f.set("secondary", s.act == complaint_action::close || s.act == complaint_action::link_job);
        mlist inputs;
        for (auto& box : s.fields) {
            const bool text_box = box.get("type") == nullptr && box.get("width") == nullptr;
            box.set(text_box ? "textarea" : "input", true);
            inputs.push_back(box);
        }
        f.set("fields", inputs);
        out.push_back(f);
    }
    return out;
}

response_t complaint_page(context& ctx, http::status status, const app::complaint_detail& d,
                          const form& typed, std::string_view refused, const form_errors& errors) {
    const auto now = ctx.svc.clock.now();
    const double share = ctx.svc.complaints->settings.at_risk_share;
    const auto& c = d.complaint;
    mdata body = page_data(ctx);
    body.set("reference", c.reference);
    body.set("job", c.job_reference);
    body.set("status", status_words(c.state));
    body.set("complainant", c.complainant_name.empty() ? std::string("Not recorded") : c.complainant_name);
    body.set("received", domain::uk_date_time_words(c.received_at));
    body.set("via", via_words(c.via));
    body.set("summary", c.summary);
    set_text(body, "outcome_wanted", c.outcome_wanted);
    body.set("staff", staff(ctx));
    mlist clocks;
    for (const auto& k : d.clocks) {
        clocks.push_back(clock_data(k, now, share));
    }
    body.set("clocks", clocks);
    mlist jobs;
    for (const auto& j : d.jobs) {
        jobs.push_back(mdata("ref", j));
    }
    body.set("jobs", jobs);
    mlist events;
    for (auto it = d.events.rbegin(); it != d.events.rend(); ++it) {
        mdata e;
        e.set("what", action_words(it->action));
        e.set("when", domain::uk_date_time_words(it->at));
        e.set("by", it->actor_name);
        set_text(e, "note", it->note);
        events.push_back(e);
    }
    body.set("events", events);
    body.set("steps", step_forms({ctx, d, typed, refused, errors}));
    const std::string done = query_value(ctx, "done");
    if (errors.empty() && !done.empty()) {
        if (const auto a = domain::parse<complaint_action>(done)) {
            body.set("done", action_words(*a) + ".");
        }
    }
    if (staff(ctx)) {
        body.set("evidence_link", "/jobs/" + c.job_reference + "/evidence");
    }
    return page(ctx, status, "Complaint " + c.reference, "complaint", body, &errors);
}

net::awaitable<response_t> show_complaint(context& ctx) {
    if (ctx.svc.complaints == nullptr) {
        co_return not_found_page(ctx);
    }
    const auto d = app::complaint_of(ctx.svc.complaints->reads, *ctx.who, ctx.params.at(0));
    if (!d) {
        co_return not_found_page(ctx);
    }
    co_return complaint_page(ctx, http::status::ok, *d, {}, {}, {});
}

// The form's id of the field a problem names, for the step's own inputs.
std::string field_id(std::string_view action, const std::string& field) {
    return std::string(action) + "-" + (field.empty() || field == "action" ? std::string("reason") : field);
}

net::awaitable<response_t> take_step(context& ctx) {
    if (ctx.svc.complaints == nullptr) {
        co_return not_found_page(ctx);
    }
    app::complaint_step_input in;
    const std::string action = form_value(ctx.fields, "action");
    in.action = action;
    in.note = form_value(ctx.fields, "note");
    in.response = form_value(ctx.fields, "response");
    in.reason = form_value(ctx.fields, "reason");
    in.days = form_value(ctx.fields, "days");
    in.job = form_value(ctx.fields, "job");
    const std::string reference = ctx.params.at(0);
    const auto result = co_await http::write(ctx.svc.writes, app::act_on_complaint, *ctx.svc.complaints,
                                             *ctx.who, reference, in, ctx.svc.clock.now());
    if (result) {
        // The step's wire name, never the posted text, goes into the Location header.
        const auto taken = domain::parse<complaint_action>(domain::trim(action));
        co_return redirect(ctx, "/complaints/" + result->reference +
                                    "?done=" + std::string(taken ? domain::to_string(*taken) : "step"));
    }
    const auto d = app::complaint_of(ctx.svc.complaints->reads, *ctx.who, reference);
    if (!d) {
        co_return not_found_page(ctx);
    }
    form_errors errors;
    errors.add(field_id(action, result.error().field), result.error().message);
    co_return complaint_page(ctx, http::status::unprocessable_entity, *d, ctx.fields, action, errors);
}

mlist queue_rows(const context& ctx, const std::vector<app::complaint_row>& rows) {
    const auto now = ctx.svc.clock.now();
    const double share = ctx.svc.complaints->settings.at_risk_share;
    mlist out;
    for (const auto& r : rows) {
        mdata row;
        row.set("reference", r.complaint.reference);
        row.set("job", r.complaint.job_reference);
        row.set("complainant", r.complaint.complainant_name);
        row.set("status", status_words(r.complaint.state));
        row.set("received", domain::uk_date_words(r.complaint.received_at));
        if (r.running) {
            row.set("next", clock_data(*r.running, now, share));
        }
        out.push_back(row);
    }
    return out;
}

response_t queue_page(context& ctx, http::status status, const form_errors& errors);

net::awaitable<response_t> show_queue(context& ctx) {
    if (ctx.svc.complaints == nullptr || (!staff(ctx) && ctx.who->role != domain::role::tenant)) {
        co_return not_found_page(ctx);
    }
    co_return queue_page(ctx, http::status::ok, {});
}

// Staff: "Log a complaint" on the queue names the repair; its form is on the repair's own path.
net::awaitable<response_t> start_complaint(context& ctx) {
    if (ctx.svc.complaints == nullptr || !staff(ctx)) {
        co_return not_found_page(ctx);
    }
    const auto ref = domain::normalise_reference(query_value(ctx, "job"));
    if (!ref.empty() && app::get_job(ctx.svc.reads, *ctx.who, ref)) {
        co_return redirect(ctx, "/jobs/" + ref + "/complaint");
    }
    form_errors errors;
    errors.add("job",
               ref.empty() ? "Enter the repair's reference, like K7QD-9XPT" : "There is no repair " + ref);
    co_return queue_page(ctx, http::status::unprocessable_entity, errors);
}

response_t queue_page(context& ctx, http::status status, const form_errors& errors) {
    app::complaint_query q;
    q.status = query_value(ctx, "status") == "closed" ? "closed" : "open";
    q.limit = "200";
    const auto cursor = query_value(ctx, "cursor");
    if (!cursor.empty()) {
        q.cursor = cursor;
    }
    auto page_of = app::list_complaints(ctx.svc.complaints->reads, *ctx.who, q);
    if (!page_of) {
        return not_found_page(ctx);
    }
    mdata body = page_data(ctx);
    body.set("staff", staff(ctx));
    if (staff(ctx)) {
        auto job = field("job", "job", "Repair reference", query_value(ctx, "job"), errors,
                         "The repair the complaint is about, for example K7QD-9XPT.");
        job.set("width", "govuk-input--width-10");
        job.set("spellcheck_off", true);
        body.set("f_job", job);
    }
    body.set("closed", *q.status == "closed");
    body.set("rows", queue_rows(ctx, page_of->items));
    body.set("has_rows", !page_of->items.empty());
    if (page_of->next_cursor) {
        body.set("next", "/complaints?status=" + *q.status + "&cursor=" + *page_of->next_cursor);
    }
    return page(ctx, status, staff(ctx) ? "Complaints" : "Your complaints", "complaints", body, &errors);
}

struct raise_form {
    std::string summary, outcome, via;
    date_parts received;
};

response_t raise_page(context& ctx, http::status status, const domain::job& job, const raise_form& typed,
                      const form_errors& errors) {
    mdata body = page_data(ctx);
    body.set("job", job.reference);
    body.set("staff", staff(ctx));
    auto summary = field(
        "summary", "summary", staff(ctx) ? "The complaint, in the tenant's words" : "What is your complaint?",
        typed.summary, errors, "Say what went wrong with this repair or how it was handled.");
    summary.set("rows", "6");
    body.set("f_summary", summary);
    auto outcome = field("outcome", "outcome_wanted",
                         staff(ctx) ? "What the tenant wants to put it right (optional)"
                                    : "What would put it right? (optional)",
                         typed.outcome, errors);
    body.set("f_outcome", outcome);
    if (staff(ctx)) {
        auto via = field("via", "via", "How did the complaint come in?", {}, errors);
        via.set("id", "via");
        via.set("options", options({{"phone", "Phone"},
                                    {"letter", "Letter"},
                                    {"email", "Email"},
                                    {"in_person", "In person"},
                                    {"social", "Social media"}},
                                   typed.via.empty() ? "phone" : typed.via));
        via.set("error", errors.of_group("via"));
        body.set("f_via", via);
        body.set("f_received",
                 date_field("received", "received", "When was it received? (optional)", typed.received,
                            errors, "Leave blank for today. For example, 27 3 2027."));
    }
    return page(ctx, status, "Make a complaint about repair " + job.reference, "complaint_new", body,
                &errors);
}

std::optional<domain::job> complaint_job(const context& ctx) {
    if (ctx.svc.complaints == nullptr || (!staff(ctx) && ctx.who->role != domain::role::tenant)) {
        return std::nullopt;
    }
    auto job = app::get_job(ctx.svc.reads, *ctx.who, ctx.params.at(0));
    return job ? std::optional(std::move(*job)) : std::nullopt;
}

net::awaitable<response_t> show_raise(context& ctx) {
    const auto job = complaint_job(ctx);
    if (!job) {
        co_return not_found_page(ctx);
    }
    co_return raise_page(ctx, http::status::ok, *job, {}, {});
}

net::awaitable<response_t> raise(context& ctx) {
    const auto job = complaint_job(ctx);
    if (!job) {
        co_return not_found_page(ctx);
    }
    raise_form typed{form_value(ctx.fields, "summary"),
                     form_value(ctx.fields, "outcome_wanted"),
                     form_value(ctx.fields, "via"),
                     {form_value(ctx.fields, "received-day"), form_value(ctx.fields, "received-month"),
                      form_value(ctx.fields, "received-year")}};
    app::complaint_input in;
    in.job = job->reference;
    in.summary = typed.summary;
    in.outcome_wanted = typed.outcome;
    form_errors errors;
    if (staff(ctx)) {
        in.via = typed.via.empty() ? std::string("phone") : typed.via;
        const auto& r = typed.received;
        if (!r.day.empty() || !r.month.empty() || !r.year.empty()) {
            if (const auto day = date_of(r)) {
                in.received_at = *day;
            } else if (const auto bad = date_problem(r, "The date it was received")) {
                errors.add("received" + bad->first, bad->second);
            }
        }
    }
    if (errors.empty()) {
        const auto result = co_await http::write(ctx.svc.writes, app::raise_complaint, *ctx.svc.complaints,
                                                 *ctx.who, in, ctx.svc.clock.now());
        if (result) {
            co_return redirect(ctx, "/complaints/" + result->reference + "?done=raise");
        }
        const auto& p = result.error();
        const std::string id = p.field == "outcome_wanted" ? "outcome"
                               : p.field == "received_at"  ? "received-day"
                               : p.field == "via"          ? "via-phone"
                                                           : "summary";
        errors.add(id, p.message);
    }
    co_return raise_page(ctx, http::status::unprocessable_entity, *job, typed, errors);
}

mdata stage_data(const domain::complaint_stage_figures& s) {
    mdata d;
    d.set("received", std::to_string(s.received));
    d.set("acknowledged", std::to_string(s.acknowledged));
    d.set("ack_in_time", formats::percent_text(s.acknowledged_in_time));
    d.set("responded", std::to_string(s.responded_in_time.count));
    d.set("in_time", formats::percent_text(s.responded_in_time));
    d.set("extended", std::to_string(s.extended));
    if (s.per_1000_homes) {
        char text[16];
        std::snprintf(text, sizeof text, "%.2f", *s.per_1000_homes);
        d.set("per_1000", std::string(text));
    } else {
        d.set("per_1000", std::string("n/a"));
    }
    return d;
}

net::awaitable<response_t> show_figures(context& ctx) {
    if (ctx.svc.complaints == nullptr || !staff(ctx)) {
        co_return not_found_page(ctx);
    }
    std::string from = query_value(ctx, "from");
    std::string to = query_value(ctx, "to");
    if (from.empty() || to.empty()) {
        // The current financial year, April to March, as the regulator's measures count.
        const std::chrono::year_month_day today{domain::uk_local_date(ctx.svc.clock.now())};
        int year = static_cast<int>(today.year());
        if (static_cast<unsigned>(today.month()) < 4) {
            --year;
        }
        from = std::to_string(year) + "-04-01";
        to = std::to_string(year + 1) + "-04-01";
    }
    mdata body = page_data(ctx);
    body.set("from", from);
    body.set("to", to);
    form_errors errors;
    const auto p = app::report_period(*ctx.who, from, to);
    if (!p) {
        errors.add(p.error().field == "to" ? "to" : "from", p.error().message);
    }
    for (const auto& [id, value, words] :
         {std::tuple{"from", from, "From (inclusive)"}, std::tuple{"to", to, "To (not included)"}}) {
        auto f = field(id, id, words, value, errors, "A date like 2026-04-01");
        f.set("width", "govuk-input--width-10");
        body.set(std::string("f_") + id, f);
    }
    if (!p) {
        co_return page(ctx, http::status::unprocessable_entity, "Complaint figures", "complaint_figures",
                       body, &errors);
    }
    const auto f = app::complaint_figures(ctx.svc.complaints->reads, *ctx.who, *p);
    if (!f) {
        co_return not_found_page(ctx);
    }
    body.set("homes", std::to_string(f->homes));
    body.set("stage1", stage_data(f->stage1));
    body.set("stage2", stage_data(f->stage2));
    co_return page(ctx, http::status::ok, "Complaint figures", "complaint_figures", body, &errors);
}

} // namespace

mlist complaint_records(const context& ctx, const std::vector<app::complaint_detail>& complaints) {
    mlist out;
    if (ctx.svc.complaints == nullptr) {
        return out;
    }
    const auto now = ctx.svc.clock.now();
    const double share = ctx.svc.complaints->settings.at_risk_share;
    for (const auto& d : complaints) {
        mdata c;
        c.set("reference", d.complaint.reference);
        c.set("status", status_words(d.complaint.state));
        c.set("summary", d.complaint.summary);
        c.set("received",
              domain::uk_date_time_words(d.complaint.received_at) + " (" + via_words(d.complaint.via) + ")");
        mlist clocks;
        for (const auto& k : d.clocks) {
            clocks.push_back(clock_data(k, now, share));
        }
        c.set("clocks", clocks);
        mlist events;
        for (const auto& e : d.events) {
            mdata row;
            row.set("what", action_words(e.action));
            row.set("when", domain::uk_date_time_words(e.at));
            row.set("by", e.actor_name);
            set_text(row, "note", e.note);
            events.push_back(row);
        }
        c.set("events", events);
        out.push_back(c);
    }
    return out;
}

void add_complaint_pages(route_table& table) {
    table.add({http::verb::get, "/complaints", access::session, show_queue});
    table.add({http::verb::get, "/complaints/figures", access::session, show_figures});
    table.add({http::verb::get, "/complaints/new", access::session, start_complaint});
    table.add({http::verb::get, "/complaints/{reference}", access::session, show_complaint});
    table.add({http::verb::post, "/complaints/{reference}/actions", access::session, take_step});
    table.add({http::verb::get, "/jobs/{reference}/complaint", access::session, show_raise});
    table.add({http::verb::post, "/jobs/{reference}/complaint", access::session, raise});
}

} // namespace mend::pages
