#include "pages/html.hpp"

#include "app/holidays.hpp"
#include "http/services.hpp"
#include "pages/web_files.hpp"

#include <chrono>
#include <stdexcept>

namespace mend::pages {

using namespace std::chrono;

namespace {

std::string_view template_text(std::string_view name) {
    const std::string path = "templates/" + std::string(name) + ".mustache";
    for (const auto& f : web_files()) {
        if (f.name == path) {
            return f.text;
        }
    }
    throw std::runtime_error("no page template " + path);
}

// Every "_*" template as a partial.
void add_partials(mdata& data) {
    constexpr std::string_view prefix = "templates/_";
    for (const auto& f : web_files()) {
        if (f.name.substr(0, prefix.size()) == prefix) {
            std::string name(f.name.substr(prefix.size() - 1));
            name = name.substr(0, name.find('.'));
            const std::string_view text = f.text;
            data.set(name, kainjow::mustache::partial{[text] {
                         return std::string(text);
                     }});
        }
    }
}

struct nav_item {
    std::string_view href;
    std::string_view text;
};

// The links of the navigation; the letters, the outbox and the social inbox only when their services are on
// (and the inbox only with a social network: without one it holds only Open311's reports, linked from the
// work queue).
std::vector<nav_item> navigation(const context& ctx) {
    const auto staff_links = [&ctx](std::vector<nav_item> out) {
        if (ctx.svc.notices != nullptr) {
            out.insert(out.begin() + 1, {"/letters", "Letters to post"});
            out.insert(out.begin() + 2, {"/outbox", "Outbox"});
        }
        if (ctx.svc.social != nullptr &&
            ctx.svc.social->has_network()) { // else the work queue links the inbox
            out.insert(out.begin() + (ctx.svc.notices != nullptr ? 3 : 1), {"/social", "Social inbox"});
        }
        return out;
    };
    switch (ctx.who->role) {
    case domain::role::tenant:
        return {{"/repairs", "Your repairs"}, {"/repairs/new", "Report a repair"}};
    case domain::role::officer:
        return staff_links({{"/queue", "Work queue"}, {"/intake", "Phone report"}, {"/users", "Tenants"}});
    case domain::role::contractor:
        return {{"/work-orders", "Your work orders"}};
    case domain::role::admin:
        return staff_links({{"/queue", "Work queue"},
                            {"/users", "Users"},
                            {"/contractors", "Contractors"},
                            {"/homes", "Homes"},
                            {"/holidays", "Bank holidays"}});
    case domain::role::system:
        break;
    }
    return {};
}

// What every officer and admin page says at the top: for now, only that the bank holiday calendar runs out.
std::string staff_warning(const context& ctx) {
    const auto role = ctx.who->role;
    if (ctx.svc.time == nullptr || (role != domain::role::officer && role != domain::role::admin)) {
        return {};
    }
    return app::calendar_warning(ctx.svc.time->settings.calendar, ctx.svc.clock.now()).value_or("");
}

} // namespace

std::string render(std::string_view name, const mdata& data) {
    kainjow::mustache::mustache tmpl{std::string(template_text(name))};
    if (!tmpl.is_valid()) {
        throw std::runtime_error("page template " + std::string(name) + ": " + tmpl.error_message());
    }
    mdata with_partials = data;
    add_partials(with_partials);
    std::string out = tmpl.render(with_partials);
    if (!tmpl.is_valid()) {
        throw std::runtime_error("page template " + std::string(name) + ": " + tmpl.error_message());
    }
    return out;
}

void form_errors::add(std::string field_id, std::string message) {
    items_.emplace_back(std::move(field_id), std::move(message));
}

std::string form_errors::of(std::string_view field_id) const {
    for (const auto& [id, message] : items_) {
        if (id == field_id) {
            return message;
        }
    }
    return {};
}

std::string form_errors::of_group(std::string_view id) const {
    for (const auto& [field_id, message] : items_) {
        if (field_id.size() > id.size() && field_id.starts_with(id) && field_id[id.size()] == '-') {
            return message;
        }
    }
    return {};
}

mlist form_errors::summary() const {
    mlist out;
    for (const auto& [id, message] : items_) {
        mdata item;
        item.set("href", "#" + id);
        item.set("message", message);
        out.push_back(item);
    }
    return out;
}

response_t page(const context& ctx, http::status status, const std::string& title,
                std::string_view template_name, mdata body, const form_errors* errors) {
    const bool has_errors = errors != nullptr && !errors->empty();
    if (has_errors) {
        body.set("error_summary", errors->summary());
        body.set("has_errors", true);
    }
    mdata layout;
    layout.set("title", (has_errors ? "Error: " : "") + title);
    std::string landlord = "Mend Housing";
    if (ctx.svc.web != nullptr) {
        landlord = ctx.svc.web->config.landlord_name;
    }
    layout.set("landlord", landlord);
    if (ctx.who && ctx.session) {
        mlist nav;
        const std::string path = ctx.url.path(); // decoded: a string of its own, not a view
        for (const auto& item : navigation(ctx)) {
            mdata entry;
            entry.set("href", std::string(item.href));
            entry.set("text", std::string(item.text));
            entry.set("active", path == item.href);
            nav.push_back(entry);
        }
        layout.set("nav", nav);
        layout.set("signed_in", true);
        layout.set("user_name", ctx.who->name);
        layout.set("csrf", ctx.session->csrf);
        set_text(layout, "calendar_warning", staff_warning(ctx));
    }
    if (const auto* feeds = body.get("feeds")) {
        layout.set("feeds", *feeds); // <link rel="alternate"> in the head
    }
    layout.set("body", render(template_name, body));

    response_t res{status, ctx.req.version()};
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = render("layout", layout);
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    return res;
}

response_t redirect(const context& ctx, const std::string& location) {
    response_t res{http::status::see_other, ctx.req.version()};
    res.set(http::field::location, location);
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    return res;
}

response_t message_page(const context& ctx, http::status status, const std::string& title,
                        const std::string& message) {
    mdata body;
    body.set("heading", title);
    body.set("message", message);
    return page(ctx, status, title, "message", body);
}

response_t not_found_page(const context& ctx) {
    return message_page(
        ctx, http::status::not_found, "Page not found",
        "If you typed the web address, check it is correct. If you followed a link to a repair, "
        "it may belong to someone else.");
}

void set_text(mdata& data, const std::string& key, const std::string& value) {
    if (!value.empty()) {
        data.set(key, value);
    }
}

mdata field(const std::string& id, const std::string& name, const std::string& label_text,
            const std::string& value, const form_errors& errors, const std::string& hint) {
    mdata f;
    f.set("id", id);
    f.set("name", name);
    f.set("label", label_text);
    f.set("value", value);
    std::string error = errors.of(id);
    if (error.empty()) {
        error = errors.of_group(id);
    }
    // Set even when absent: mustache would otherwise find an enclosing field's error or hint (a field inside
    // a radio's conditional reveal, say) and show it here too.
    if (error.empty()) {
        f.set("error", false);
    } else {
        f.set("error", error);
    }
    if (hint.empty()) {
        f.set("hint", false);
    } else {
        f.set("hint", hint);
    }
    return f;
}

mlist options(const std::vector<std::pair<std::string, std::string>>& values, const std::string& selected) {
    mlist out;
    for (const auto& [value, text] : values) {
        mdata o;
        o.set("value", value);
        o.set("label", text);
        o.set("selected", value == selected);
        out.push_back(o);
    }
    return out;
}

void reveal_with(mlist& options, std::string_view value, const mdata& field) {
    for (auto& o : options) {
        const auto* v = o.get("value");
        if (v != nullptr && v->is_string() && v->string_value() == value) {
            o.set("reveal", field);
            return;
        }
    }
}

std::string label(domain::status s) {
    using enum domain::status;
    switch (s) {
    case reported:
        return "Reported";
    case triaged:
        return "Checked";
    case assigned:
        return "Contractor assigned";
    case scheduled:
        return "Appointment booked";
    case in_progress:
        return "Work started";
    case on_hold:
        return "On hold";
    case completed:
        return "Work completed";
    case resolved:
        return "Fixed";
    case closed:
        return "Closed";
    case cancelled:
        return "Cancelled";
    case rejected:
        return "Not accepted";
    case duplicate:
        return "Already reported";
    }
    return "";
}

std::string label(domain::category c) {
    using enum domain::category;
    switch (c) {
    case plumbing:
        return "Plumbing, taps and toilets";
    case heating:
        return "Heating and hot water";
    case electrical:
        return "Electrics";
    case damp_mould:
        return "Damp or mould";
    case roofing:
        return "Roof, gutters and outside walls";
    case windows_doors:
        return "Windows and doors";
    case carpentry:
        return "Floors, stairs, cupboards";
    case communal:
        return "Shared areas (stairs, lifts, bins)";
    case pests:
        return "Pests";
    case other:
        return "Something else";
    }
    return "";
}

std::string label(domain::priority p) {
    using enum domain::priority;
    switch (p) {
    case emergency:
        return "Emergency";
    case urgent:
        return "Urgent";
    case routine:
        return "Routine";
    case planned:
        return "Planned";
    }
    return "";
}

std::string label(domain::hazard h) {
    using enum domain::hazard;
    switch (h) {
    case none:
        return "No hazard";
    case significant:
        return "Significant hazard";
    case emergency:
        return "Emergency hazard";
    }
    return "";
}

std::string label(domain::hold_reason r) {
    using enum domain::hold_reason;
    switch (r) {
    case no_access:
        return "No access to the home";
    case parts:
        return "Waiting for parts";
    case consent:
        return "Waiting for consent";
    case other:
        return "Other reason";
    }
    return "";
}

std::string label(domain::action a) {
    using enum domain::action;
    switch (a) {
    case report:
        return "Repair reported";
    case triage:
        return "Checked and prioritised";
    case assign:
        return "Contractor assigned";
    case accept:
        return "Contractor accepted the job";
    case decline:
        return "Contractor declined the job";
    case schedule:
        return "Appointment booked";
    case start:
        return "Work started";
    case hold:
        return "Put on hold";
    case complete:
        return "Work completed";
    case confirm_fixed:
        return "Confirmed fixed";
    case reopen:
        return "Reopened: not fixed";
    case close:
        return "Closed";
    case cancel:
        return "Cancelled";
    case reject:
        return "Not accepted";
    case mark_duplicate:
        return "Marked as already reported";
    case reprioritise:
        return "Priority changed";
    case investigation_concluded:
        return "Hazard investigation concluded";
    case summary_sent:
        return "Written summary sent";
    case safety_work_done:
        return "Safety work done";
    case works_started:
        return "Further works started";
    case pause_clock:
        return "Legal clock paused";
    case resume_clock:
        return "Legal clock resumed";
    case settle_clock:
        return "Legal clock settled";
    case record_awareness:
        return "Awareness of the hazard recorded";
    case rate:
        return "Repair rated";
    case add_update:
        return "Update from the tenant";
    }
    return "";
}

std::string tag_class(domain::status s) {
    using enum domain::status;
    switch (s) {
    case reported:
        return "govuk-tag--blue";
    case triaged:
    case assigned:
        return "govuk-tag--light-blue";
    case scheduled:
    case in_progress:
        return "govuk-tag--purple";
    case on_hold:
        return "govuk-tag--orange";
    case completed:
    case resolved:
        return "govuk-tag--green";
    case closed:
    case cancelled:
    case rejected:
    case duplicate:
        return "govuk-tag--grey";
    }
    return "";
}

std::string label(domain::clock_kind k) {
    using enum domain::clock_kind;
    switch (k) {
    case repair_target:
        return "Repair target";
    case make_safe:
        return "Make safe (emergency hazard)";
    case investigate:
        return "Investigate the hazard";
    case written_summary:
        return "Written summary to the tenant";
    case safety_work:
        return "Safety work";
    case further_works:
        return "Begin further works";
    }
    return "";
}

std::string label(domain::clock_state s) {
    using enum domain::clock_state;
    switch (s) {
    case running:
        return "On track";
    case at_risk:
        return "At risk";
    case breached:
        return "Overdue";
    case paused:
        return "Paused";
    case met:
        return "Met";
    case met_late:
        return "Met late";
    case stopped:
        return "No longer applies";
    }
    return "";
}

std::string tag_class(domain::clock_state s) {
    using enum domain::clock_state;
    switch (s) {
    case running:
        return "govuk-tag--blue";
    case at_risk:
        return "govuk-tag--yellow";
    case breached:
        return "govuk-tag--red";
    case paused:
    case stopped:
        return "govuk-tag--grey";
    case met:
        return "govuk-tag--green";
    case met_late:
        return "govuk-tag--orange";
    }
    return "";
}

std::string label(domain::pause_reason r) {
    using enum domain::pause_reason;
    switch (r) {
    case no_access:
        return "No access to the home";
    case consent_refused:
        return "The tenant refused consent";
    case moved_out:
        return "The tenant moved out";
    case other:
        return "Other reason";
    }
    return "";
}

std::string label(domain::safety_work_need n) {
    switch (n) {
    case domain::safety_work_need::required:
        return "Yes, safety work is needed";
    case domain::safety_work_need::not_required:
        return "No safety work is needed";
    }
    return "";
}

std::string label(domain::further_works_need n) {
    switch (n) {
    case domain::further_works_need::within_5_working_days:
        return "Yes, to begin within 5 working days";
    case domain::further_works_need::within_12_weeks:
        return "Yes, but they cannot begin within 5 working days: to start within 12 weeks";
    case domain::further_works_need::none:
        return "No further works are needed";
    }
    return "";
}

std::string tenant_label(domain::clock_kind k) {
    using enum domain::clock_kind;
    switch (k) {
    case repair_target:
        return "Finish the repair";
    case make_safe:
        return "Investigate the hazard and make your home safe";
    case investigate:
        return "Investigate the hazard";
    case written_summary:
        return "Send you a written summary of what we found";
    case safety_work:
        return "Do the work needed to make your home safe";
    case further_works:
        return "Begin any further works";
    }
    return "";
}

std::string tenant_label(domain::pause_reason r) {
    using enum domain::pause_reason;
    switch (r) {
    case no_access:
        return "we could not get into your home";
    case consent_refused:
        return "we did not have permission to do the work";
    case moved_out:
        return "you have moved out";
    case other:
        return "for another reason";
    }
    return "";
}

std::string rating_label(int rating) {
    switch (rating) {
    case 5:
        return "Very satisfied";
    case 4:
        return "Fairly satisfied";
    case 3:
        return "Neither satisfied nor dissatisfied";
    case 2:
        return "Fairly dissatisfied";
    case 1:
        return "Very dissatisfied";
    default:
        return "";
    }
}

std::string duration_words(std::chrono::seconds d) {
    if (d < minutes{1}) {
        return "less than a minute";
    }
    const auto total_minutes = duration_cast<minutes>(d).count();
    const auto day_count = duration_cast<std::chrono::days>(d).count();
    const auto hour_count = total_minutes / 60 % 24;
    const auto minute_count = total_minutes % 60;
    // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string&&.
    std::string out;
    const auto add = [&out](long long n, std::string_view one, std::string_view many) {
        if (!out.empty()) {
            out.append(" ");
        }
        out.append(std::to_string(n)).append(" ").append(n == 1 ? one : many);
    };
    if (day_count > 0) {
        add(day_count, "day", "days");
    }
    if (hour_count > 0) {
        add(hour_count, "hour", "hours");
    }
    if (day_count == 0 && minute_count > 0) {
        add(minute_count, "minute", "minutes");
    }
    return out;
}

std::string channel_name(std::string_view channel) {
    static const std::pair<std::string_view, std::string_view> names[] = {
        {"email", "Email"},
        {"sms", "Text message (GOV.UK Notify)"},
        {"notify_email", "Email (GOV.UK Notify)"},
        {"webhook", "Webhook"},
        {"mastodon", "Mastodon"},
        {"bluesky", "Bluesky"},
        {"file", "Outbox folder"},
        {"letter", "Letter"},
    };
    for (const auto& [wire, words] : names) {
        if (wire == channel) {
            return std::string(words);
        }
    }
    return std::string(channel);
}

} // namespace mend::pages
