#include "pages/job_forms.hpp"

#include "domain/text.hpp"
#include "pages/pages.hpp"

#include <charconv>
#include <tuple>

namespace mend::pages {

namespace {

using domain::action;

std::string kept(const action_input* in, std::string_view act, std::string_view name) {
    if (in == nullptr || in->action != act) {
        return {};
    }
    return form_value(in->fields, name);
}

// Kept after an error, else the job's own value.
std::string kept_or(const action_input* in, std::string_view act, std::string_view name,
                    std::string current) {
    if (in != nullptr && in->action == act) {
        return form_value(in->fields, name);
    }
    return current;
}

bool is_legal_clock(const domain::job_clock& c) {
    return c.kind != domain::clock_kind::repair_target;
}

// The legal clocks that are running (paused == false) or paused (true) now, as select options.
std::vector<std::pair<std::string, std::string>> clock_choices(const std::vector<domain::job_clock>& clocks,
                                                               bool paused) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& c : clocks) {
        if (c.open() && is_legal_clock(c) && c.paused_since().has_value() == paused) {
            out.emplace_back(std::string(domain::to_string(c.kind)), label(c.kind));
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> rating_options() {
    std::vector<std::pair<std::string, std::string>> out;
    for (int r = 5; r >= 1; --r) {
        out.emplace_back(std::to_string(r), rating_label(r));
    }
    return out;
}

mdata radios(const std::string& id, const std::string& name, const std::string& legend,
             const std::vector<std::pair<std::string, std::string>>& choices, const std::string& chosen,
             const form_errors& errors, const std::string& hint = {}) {
    auto f = field(id, name, legend, "", errors, hint);
    f.set("options", options(choices, chosen));
    f.set("large", false);
    return f;
}

} // namespace

mdata action_form(const context& ctx, action act, const domain::job& job,
                  const std::vector<domain::job_clock>& clocks, const form_errors& errors,
                  const action_input* in) {
    const std::string name(domain::to_string(act));
    const std::string p = name + "-";
    mdata f = page_data(ctx);
    f.set("action", name);
    f.set("reference", job.reference);
    f.set("version", std::to_string(job.version));
    f.set("form_id", p + "form");
    f.set("staff", staff(ctx));
    f.set("f_note", field(p + "note", "note", "Note for the tenant (optional)", kept(in, name, "note"),
                          errors, "The tenant can see this"));
    f.set("f_internal",
          field(p + "internal_note", "internal_note", "Internal note (optional)",
                kept(in, name, "internal_note"), errors, "Only staff and the contractor see this"));
    f.set("is_" + name, true);
    const std::string current_priority = job.priority ? std::string(domain::to_string(*job.priority)) : "";
    const std::string current_hazard(domain::to_string(job.hazard));
    switch (act) {
    case action::triage: {
        auto prio = field(p + "priority", "priority", "Priority", "", errors);
        prio.set("blank", "Select a priority");
        prio.set("options",
                 options(enum_options<domain::priority>(),
                         kept(in, name, "priority").empty() ? current_priority : kept(in, name, "priority")));
        f.set("f_priority", prio);
        auto hz = field(p + "hazard", "hazard", "Hazard", "", errors);
        hz.set("options", options(enum_options<domain::hazard>(), current_hazard));
        f.set("f_hazard", hz);
        break;
    }
    case action::reprioritise: {
        auto prio = field(p + "priority", "priority", "Priority", "", errors);
        prio.set("blank", "Select a priority");
        prio.set("options",
                 options(enum_options<domain::priority>(), kept_or(in, name, "priority", current_priority)));
        f.set("f_priority", prio);
        auto hz = field(p + "hazard", "hazard", "Hazard", "", errors,
                        "A new or graver hazard starts its legal clock from now");
        hz.set("options",
               options(enum_options<domain::hazard>(), kept_or(in, name, "hazard", current_hazard)));
        f.set("f_hazard", hz);
        f.set("f_reason", field(p + "reason", "reason", "Why change it?", kept(in, name, "reason"), errors,
                                "Recorded with the change; the tenant can see this"));
        break;
    }
    case action::assign: {
        std::vector<std::pair<std::string, std::string>> firms;
        for (const auto& c : web(ctx).reads.contractors()) {
            firms.emplace_back(std::to_string(c.id), c.name);
        }
        auto firm = field(p + "contractor", "contractor_id", "Contractor", "", errors);
        firm.set("blank", "Select a contractor");
        firm.set("options", options(firms, kept(in, name, "contractor_id")));
        f.set("f_contractor", firm);
        break;
    }
    case action::schedule: {
        auto date =
            field(p + "date", "date", "Date", kept(in, name, "date"), errors, "For example, 2027-03-27");
        date.set("type", "date");
        date.set("width", "govuk-input--width-10");
        if (job.appointment && !in) {
            date.set("value", domain::format_date(domain::uk_local_date(job.appointment->start)));
        }
        f.set("f_date", date);
        auto start = field(p + "start", "start", "From (UK time)", kept(in, name, "start"), errors,
                           "For example, 09:00");
        start.set("type", "time");
        start.set("width", "govuk-input--width-5");
        auto end =
            field(p + "end", "end", "Until (UK time)", kept(in, name, "end"), errors, "For example, 13:00");
        end.set("type", "time");
        end.set("width", "govuk-input--width-5");
        if (job.appointment && !in) {
            start.set("value", domain::uk_clock_time(job.appointment->start));
            end.set("value", domain::uk_clock_time(job.appointment->end));
        }
        f.set("f_start", start);
        f.set("f_end", end);
        break;
    }
    case action::hold:
        f.set("f_hold_reason", radios(p + "reason", "reason", "Why is the job on hold?",
                                      enum_options<domain::hold_reason>(), kept(in, name, "reason"), errors));
        break;
    case action::reopen:
    case action::cancel:
    case action::reject: {
        const std::string question = act == action::reopen   ? "What is still wrong?"
                                     : act == action::cancel ? "Why cancel this repair?"
                                                             : "Why is this job not accepted?";
        f.set("f_reason", field(p + "reason", "reason", question, kept(in, name, "reason"), errors));
        break;
    }
    case action::mark_duplicate: {
        auto other = field(p + "duplicate_of", "duplicate_of", "Reference of the job this repeats",
                           kept(in, name, "duplicate_of"), errors, "For example, K7QD-9XPT");
        other.set("width", "govuk-input--width-10");
        f.set("f_duplicate_of", other);
        break;
    }
    case action::complete:
        f.set("f_photos",
              field(p + "photos", "photos", "Photos of the finished work (optional)", "", errors));
        f.set("f_note", field(p + "note", "note", "What was done", kept(in, name, "note"), errors,
                              "The tenant can see this"));
        break;
    case action::investigation_concluded:
        // Only a significant hazard has a separate safety work clock; an emergency one is made safe at once.
        if (job.hazard == domain::hazard::significant) {
            f.set("f_safety_work",
                  radios(p + "safety_work", "safety_work", "Is safety work needed?",
                         enum_options<domain::safety_work_need>(), kept(in, name, "safety_work"), errors,
                         "Safety work must be done within 5 working days"));
        }
        f.set("f_further_works",
              radios(p + "further_works", "further_works", "Are further works needed?",
                     enum_options<domain::further_works_need>(), kept(in, name, "further_works"), errors));
        break;
    case action::works_started:
        f.set("f_note", field(p + "note", "note", "What has started (optional)", kept(in, name, "note"),
                              errors, "The tenant can see this"));
        break;
    case action::pause_clock:
    case action::resume_clock: {
        const bool pausing = act == action::pause_clock;
        auto which = field(p + "clock", "clock", "Which legal clock?", "", errors);
        which.set("blank", pausing ? "All running legal clocks" : "All paused legal clocks");
        which.set("options", options(clock_choices(clocks, !pausing), kept(in, name, "clock")));
        f.set("f_clock", which);
        if (pausing) {
            const std::string reason = kept(in, name, "reason");
            // Not a conditional reveal: govuk-frontend's script puts aria-expanded on the radio, which ARIA
            // does not allow there (axe-core's aria-allowed-attr).
            f.set("f_pause_reason",
                  radios(p + "reason", "reason", "Why pause it?", enum_options<domain::pause_reason>(),
                         kept(in, name, "reason"), errors,
                         "The law allows a pause only for reasons outside the landlord's control"));
            f.set("f_reason_detail",
                  field(p + "reason_detail", "reason_detail", "If other, say why",
                        kept(in, name, "reason_detail"), errors, "Kept as an internal note with the pause"));
        }
        break;
    }
    case action::rate: {
        auto repair = radios(p + "repair_rating", "repair_rating", "How satisfied are you with the repair?",
                             rating_options(), kept(in, name, "repair_rating"), errors);
        auto time = radios(p + "time_rating", "time_rating", "How satisfied are you with the time it took?",
                           rating_options(), kept(in, name, "time_rating"), errors);
        repair.set("large", true);
        time.set("large", true);
        f.set("f_repair_rating", repair);
        f.set("f_time_rating", time);
        f.set("f_note", field(p + "note", "note", "Anything else you want to tell us? (optional)",
                              kept(in, name, "note"), errors, "Your housing team reads this"));
        break;
    }
    default:
        break;
    }
    return f;
}

bool offered(action act, const domain::job& job, const std::vector<domain::job_clock>& clocks,
             const domain::clock_settings& settings, domain::instant now) {
    if (!domain::is_clock_action(act)) {
        return true;
    }
    // The same rules that would refuse the post, asked about an action with no parameters taken now.
    domain::event e;
    e.job_id = job.id;
    e.at = now;
    e.action = act;
    e.from = job.state;
    e.to = job.state;
    return !domain::plan_clocks(settings, clocks, &job, job, e).refusal;
}

void check_action_form(const std::string& act, const form& in, const domain::job& job, form_errors& errors) {
    const std::string p = act + "-";
    const auto blank = [&in](std::string_view name) {
        return domain::is_blank(form_value(in, name));
    };
    if (act == "triage" && blank("priority")) {
        errors.add(p + "priority", "Select a priority");
    } else if (act == "assign" && blank("contractor_id")) {
        errors.add(p + "contractor", "Select a contractor");
    } else if (act == "schedule") {
        if (blank("date")) {
            errors.add(p + "date", "Enter the date of the appointment");
        }
        if (blank("start")) {
            errors.add(p + "start", "Enter the time the appointment starts");
        }
        if (blank("end")) {
            errors.add(p + "end", "Enter the time the appointment ends");
        }
    } else if (act == "hold" && blank("reason")) {
        errors.add(p + "reason-no_access", "Select why the job is on hold");
    } else if ((act == "reopen" || act == "cancel" || act == "reject") && blank("reason")) {
        errors.add(p + "reason", act == "reopen" ? "Tell us what is still wrong" : "Enter a reason");
    } else if (act == "mark_duplicate" && blank("duplicate_of")) {
        errors.add(p + "duplicate_of", "Enter the reference of the job this repeats");
    } else if (act == "reprioritise") {
        const std::string prio = form_value(in, "priority");
        const std::string hz =
            blank("hazard") ? std::string(domain::to_string(job.hazard)) : form_value(in, "hazard");
        if (prio.empty()) {
            errors.add(p + "priority", "Select a priority");
        } else if (job.priority && prio == domain::to_string(*job.priority) &&
                   hz == domain::to_string(job.hazard)) {
            errors.add(p + "priority", "Choose a different priority or hazard: the job is already " +
                                           label(*job.priority) + " with " + label(job.hazard));
        }
        if (blank("reason")) {
            errors.add(p + "reason", "Enter why the priority is changing");
        }
    } else if (act == "investigation_concluded") {
        if (job.hazard == domain::hazard::significant && blank("safety_work")) {
            errors.add(p + "safety_work-required", "Select whether safety work is needed");
        }
        if (blank("further_works")) {
            errors.add(p + "further_works-within_5_working_days", "Select whether further works are needed");
        }
    } else if (act == "pause_clock") {
        if (blank("reason")) {
            errors.add(p + "reason-no_access", "Select why the clock is paused");
        } else if (form_value(in, "reason") == "other" && blank("reason_detail")) {
            errors.add(p + "reason_detail", "Say why the clock is paused");
        }
    } else if (act == "rate") {
        if (blank("repair_rating")) {
            errors.add(p + "repair_rating-5", "Select how satisfied you are with the repair");
        }
        if (blank("time_rating")) {
            errors.add(p + "time_rating-5", "Select how satisfied you are with the time it took");
        }
    }
}

app::outcome<app::action_command> command_of(const std::string& act, const form& in) {
    app::action_command cmd;
    cmd.action = act;
    cmd.note = form_value(in, "note");
    cmd.internal_note = form_value(in, "internal_note");
    const auto text = [&in](std::string_view name) -> std::optional<std::string> {
        auto v = form_value(in, name);
        if (v.empty()) {
            return std::nullopt;
        }
        return v;
    };
    if (act == "triage" || act == "reprioritise") {
        cmd.priority = text("priority");
        cmd.hazard = text("hazard");
    }
    if (act == "assign") {
        const auto v = form_value(in, "contractor_id");
        app::id_t id = 0;
        const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
        if (ec != std::errc{} || ptr != v.data() + v.size()) {
            return app::invalid("contractor_id", "Select a contractor");
        }
        cmd.contractor_id = id;
    }
    if (act == "schedule") {
        const auto start = domain::parse_uk_date_time(form_value(in, "date"), form_value(in, "start"));
        const auto end = domain::parse_uk_date_time(form_value(in, "date"), form_value(in, "end"));
        if (!start) {
            return app::invalid("appointment.start", "Enter a real date and start time");
        }
        if (!end) {
            return app::invalid("appointment.end", "Enter a real end time");
        }
        if (*end <= *start) {
            return app::invalid("appointment.end", "The appointment must end after it starts");
        }
        cmd.has_appointment = true;
        cmd.appointment_start = domain::format_iso(*start);
        cmd.appointment_end = domain::format_iso(*end);
    }
    if (act == "investigation_concluded") {
        cmd.safety_work = text("safety_work");
        cmd.further_works = text("further_works");
    }
    if (act == "pause_clock" || act == "resume_clock") {
        cmd.clock = text("clock");
    }
    if (act == "pause_clock") {
        // The law asks why a clock stopped; "other" has its words kept with the event, for staff.
        const auto detail = form_value(in, "reason_detail");
        if (!domain::is_blank(detail)) {
            std::string note = "Why the clock is paused: " + detail;
            if (!cmd.internal_note.empty()) {
                note.append("\n").append(cmd.internal_note);
            }
            cmd.internal_note = std::move(note);
        }
    }
    if (act == "rate") {
        for (auto [name, target, message] :
             {std::tuple{"repair_rating", &cmd.repair_rating, "Select how satisfied you are with the repair"},
              std::tuple{"time_rating", &cmd.time_rating,
                         "Select how satisfied you are with the time it took"}}) {
            const auto v = form_value(in, name);
            std::int64_t n = 0;
            const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc{} || ptr != v.data() + v.size() || n < 1 || n > 5) {
                return app::invalid(name, message);
            }
            *target = n;
        }
    }
    cmd.reason = text("reason");
    cmd.duplicate_of = text("duplicate_of");
    const auto version = form_value(in, "expected_version");
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(version.data(), version.data() + version.size(), v);
    if (ec == std::errc{} && ptr == version.data() + version.size()) {
        cmd.expected_version = v;
    }
    return cmd;
}

std::string field_id(const std::string& field, const std::string& act) {
    const std::string p = act.empty() ? std::string() : act + "-";
    if (field.empty()) {
        return act.empty() ? "main-content" : p + "form";
    }
    // Radios: the first option.
    if (field == "category") {
        return p + "category-plumbing";
    }
    if (field == "hazard" && act.empty()) {
        return "hazard-none";
    }
    if (field == "reason" && (act == "hold" || act == "pause_clock")) {
        return p + "reason-no_access";
    }
    if (field == "repair_rating" || field == "time_rating") {
        return p + field + "-5";
    }
    if (field == "safety_work") {
        return p + "safety_work-required";
    }
    if (field == "further_works") {
        return p + "further_works-within_5_working_days";
    }
    if (field == "appointment.start" || field == "appointment") {
        return p + "date";
    }
    if (field == "appointment.end") {
        return p + "end";
    }
    if (field == "contractor_id") {
        return p + "contractor";
    }
    return p + field;
}

} // namespace mend::pages
