#include "pages/job_forms.hpp"

#include "domain/calendar.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"
#include "pages/date_input.hpp"
#include "pages/pages.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <tuple>

namespace mend::pages {

namespace {

using domain::action;
using domain::needs;
using choices = std::vector<std::pair<std::string, std::string>>;

// The parameters the workflow table says an action takes, required or not.
needs parameters_of(std::string_view act) {
    const auto parsed = domain::parse<action>(act);
    const domain::transition* t = parsed ? domain::find_transition(*parsed) : nullptr;
    return t != nullptr ? t->required | t->accepted : needs::nothing;
}

// One action's form being filled in: for this job, and again with what was sent when it came back with
// errors.
struct filling {
    const context& ctx;
    action act;
    std::string name; // the action's wire name, the prefix of its inputs' ids
    const domain::job& job;
    const std::vector<domain::job_clock>& clocks;
    const form_errors& errors;
    const action_input* in;
    bool shared; // in the one form of the staff's page: inputs named after their ids

    std::string id(std::string_view input) const { return name + "-" + std::string(input); }
    std::string name_of(std::string_view input) const { return shared ? id(input) : std::string(input); }
    bool sent_back() const { return in != nullptr && in->action == name; }
    // What was sent, after an error on this form; else the job's own value.
    std::string kept(std::string_view input, std::string current = {}) const {
        return sent_back() ? form_value(in->fields, input) : std::move(current);
    }
    mdata text(std::string_view input, const std::string& label, const std::string& hint = {}) const {
        return field(id(input), name_of(input), label, kept(input), errors, hint);
    }
    // A time box ("9am", "14:30"), as wide as a time.
    mdata time(std::string_view input, const std::string& label, std::string current = {}) const {
        auto f = field(id(input), name_of(input), label, kept(input, std::move(current)), errors,
                       "For example, 9am or 14:30");
        f.set("width", "govuk-input--width-5");
        return f;
    }
    // A GOV.UK date input: day, month and year boxes, filled with `current`'s UK date until something is
    // sent.
    mdata date(std::string_view input, const std::string& legend,
               std::optional<domain::instant> current) const {
        date_parts now;
        if (current) {
            const std::chrono::year_month_day ymd{domain::uk_local_date(*current)};
            now = {std::to_string(static_cast<unsigned>(ymd.day())),
                   std::to_string(static_cast<unsigned>(ymd.month())),
                   std::to_string(static_cast<int>(ymd.year()))};
        }
        const std::string box(input);
        const date_parts shown{kept(box + "-day", now.day), kept(box + "-month", now.month),
                               kept(box + "-year", now.year)};
        return date_field(id(input), name_of(input), legend, shown, errors, "For example, 27 3 2027");
    }
    mdata select(std::string_view input, const std::string& label, const choices& values,
                 const std::string& chosen, const std::string& blank, const std::string& hint = {}) const {
        auto f = field(id(input), name_of(input), label, "", errors, hint);
        if (!blank.empty()) {
            f.set("blank", blank);
        }
        f.set("options", options(values, chosen));
        return f;
    }
    mdata radios(std::string_view input, const std::string& legend, const choices& values,
                 const std::string& hint = {}) const {
        auto f = field(id(input), name_of(input), legend, "", errors, hint);
        f.set("options", options(values, kept(input)));
        f.set("large", false);
        return f;
    }
};

// A posted form being checked; each error goes under the id of the input it is about (radios: their first
// option).
struct checking {
    std::string name;
    const form& in;
    const domain::job& job;
    form_errors& errors;

    std::string value(std::string_view input) const { return form_value(in, input); }
    bool blank(std::string_view input) const {
        return value(input).find_first_not_of(" \r\n\t") == std::string::npos;
    }
    void refuse(std::string_view input, std::string message) const {
        errors.add(name + "-" + std::string(input), std::move(message));
    }
    date_parts date(std::string_view input) const {
        const std::string box(input);
        return {value(box + "-day"), value(box + "-month"), value(box + "-year")};
    }
    // A date input, refused box by box; `what` names the date ("The date of the appointment").
    void check_date(std::string_view input, std::string_view what) const {
        if (auto p = date_problem(date(input), what)) {
            refuse(std::string(input) + p->first, p->second);
        }
    }
    // A time box, refused when empty (`missing`) or not a time.
    void check_time(std::string_view input, const std::string& missing) const {
        if (blank(input)) {
            refuse(input, missing);
        } else if (!clock_time_of(value(input))) {
            refuse(input, "Enter a time, like 9am or 14:30");
        }
    }
};

// The instant a form's date input and time box name, in UK time.
std::optional<domain::instant> date_time_of(const form& in, std::string_view date_input,
                                            std::string_view time_input) {
    const std::string d(date_input);
    const auto day =
        date_of({form_value(in, d + "-day"), form_value(in, d + "-month"), form_value(in, d + "-year")});
    const auto time = clock_time_of(form_value(in, time_input));
    if (!day || !time) {
        return std::nullopt;
    }
    return domain::parse_uk_date_time(*day, *time);
}

std::optional<std::string> text_of(const form& in, std::string_view input) {
    auto v = form_value(in, input);
    if (v.empty()) {
        return std::nullopt;
    }
    return v;
}

// The whole of `text` as a number, or nothing.
template <typename N> std::optional<N> number_of(const std::string& text) {
    N n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return n;
}

bool is_legal_clock(const domain::job_clock& c) {
    return c.kind != domain::clock_kind::repair_target;
}

// The legal clocks that are running (paused == false) or paused (true) now, as select options.
choices clock_choices(const std::vector<domain::job_clock>& clocks, bool paused) {
    choices out;
    for (const auto& c : clocks) {
        if (c.open() && is_legal_clock(c) && c.paused_since().has_value() == paused) {
            out.emplace_back(std::string(domain::to_string(c.kind)), label(c.kind));
        }
    }
    return out;
}

choices rating_options() {
    choices out;
    for (int r = 5; r >= 1; --r) {
        out.emplace_back(std::to_string(r), rating_label(r));
    }
    return out;
}

// How the form asks for the free-text reason of each action that needs one.
struct reason_words {
    action act;
    const char* question;
    const char* hint;
    const char* missing;
};

constexpr std::array reason_wording{
    reason_words{action::reopen, "What is still wrong?", "", "Tell us what is still wrong"},
    reason_words{action::cancel, "Why cancel this repair?", "", "Enter a reason"},
    reason_words{action::reject, "Why is this job not accepted?", "", "Enter a reason"},
    reason_words{action::reprioritise, "Why change it?", "Recorded with the change; the tenant can see this",
                 "Enter why the priority is changing"},
    reason_words{action::settle_clock, "Why is this legal step no longer owed?",
                 "Recorded with the clock, for the tenant, the Ombudsman or a court",
                 "Enter why the clock is settled"},
};

reason_words reason_of(std::string_view act) {
    for (const auto& w : reason_wording) {
        if (domain::to_string(w.act) == act) {
            return w;
        }
    }
    return {action::report, "Why?", "", "Enter a reason"};
}

// The note for the tenant, where an action asks for it in its own words.
struct note_words {
    action act;
    const char* label;
    const char* hint;
};

constexpr std::array note_wording{
    note_words{action::complete, "What was done (optional)", "The tenant can see this"},
    note_words{action::decline, "Why are you declining? (optional)", "Only the housing officer sees this"},
    note_words{action::works_started, "What has started (optional)", "The tenant can see this"},
    note_words{action::rate, "Anything else you want to tell us? (optional)", "Your housing team reads this"},
};

note_words note_of(action act) {
    for (const auto& w : note_wording) {
        if (w.act == act) {
            return w;
        }
    }
    return {act, "Note for the tenant (optional)", "The tenant can see this"};
}

// --- One field builder, one check and one reader per parameter ---

void ask_priority(const filling& f, mdata& out) {
    const std::string current = f.job.priority ? std::string(domain::to_string(*f.job.priority)) : "";
    out.set("f_priority", f.select("priority", "Priority", enum_options<domain::priority>(),
                                   f.kept("priority", current), "Select a priority"));
}

void check_priority(const checking& c) {
    const auto& job = c.job;
    if (c.blank("priority")) {
        c.refuse("priority", "Select a priority");
        return;
    }
    // Reprioritising must change something; the hazard stays as it is when none is sent.
    const std::string hazard =
        c.blank("hazard") ? std::string(domain::to_string(job.hazard)) : c.value("hazard");
    if (c.name == domain::to_string(action::reprioritise) && job.priority &&
        c.value("priority") == domain::to_string(*job.priority) && hazard == domain::to_string(job.hazard)) {
        c.refuse("priority", "Choose a different priority or hazard: the job is already " +
                                 label(*job.priority) + " with " + label(job.hazard));
    }
}

void ask_hazard(const filling& f, mdata& out) {
    // Once triaged, a changed hazard starts its clock from the change rather than from the report.
    const std::string hint =
        f.act == action::reprioritise ? "A new or graver hazard starts its legal clock from now" : "";
    out.set("f_hazard", f.select("hazard", "Hazard", enum_options<domain::hazard>(),
                                 f.kept("hazard", std::string(domain::to_string(f.job.hazard))), "", hint));
}

// Firms that take on the job's kind of repair come first, each group in the order the store gives.
void ask_contractor(const filling& f, mdata& out) {
    const std::string trade(domain::to_string(f.job.category));
    auto firms_known = web(f.ctx).reads.contractors();
    std::stable_partition(firms_known.begin(), firms_known.end(), [&trade](const app::contractor_record& c) {
        return std::find(c.trades.begin(), c.trades.end(), trade) != c.trades.end();
    });
    choices firms;
    firms.reserve(firms_known.size());
    for (const auto& c : firms_known) {
        firms.emplace_back(std::to_string(c.id), c.name);
    }
    auto firm =
        field(f.id("contractor"), f.name_of("contractor_id"), "Contractor", "", f.errors,
              "Firms that take on " + domain::lower_case(label(f.job.category)) + " are listed first");
    firm.set("blank", "Select a contractor");
    firm.set("options", options(firms, f.kept("contractor_id")));
    out.set("f_contractor", firm);
}

void check_contractor(const checking& c) {
    if (c.blank("contractor_id")) {
        c.refuse("contractor", "Select a contractor");
    }
}

std::optional<app::problem> read_contractor(const form& in, app::action_command& cmd) {
    const auto id = number_of<app::id_t>(form_value(in, "contractor_id"));
    if (!id) {
        return app::invalid("contractor_id", "Select a contractor");
    }
    cmd.contractor_id = *id;
    return std::nullopt;
}

void ask_appointment(const filling& f, mdata& out) {
    const auto& appointment = f.job.appointment;
    out.set("f_date", f.date("date", "Date", appointment ? std::optional(appointment->start) : std::nullopt));
    out.set("f_start",
            f.time("start", "From (UK time)", appointment ? domain::uk_clock_time(appointment->start) : ""));
    out.set("f_end",
            f.time("end", "Until (UK time)", appointment ? domain::uk_clock_time(appointment->end) : ""));
}

void check_appointment(const checking& c) {
    c.check_date("date", "The date of the appointment");
    c.check_time("start", "Enter the time the appointment starts");
    c.check_time("end", "Enter the time the appointment ends");
}

std::optional<app::problem> read_appointment(const form& in, app::action_command& cmd) {
    const auto start = date_time_of(in, "date", "start");
    const auto end = date_time_of(in, "date", "end");
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
    return std::nullopt;
}

void ask_hold_reason(const filling& f, mdata& out) {
    out.set("f_hold_reason",
            f.radios("reason", "Why is the job on hold?", enum_options<domain::hold_reason>()));
}

void check_hold_reason(const checking& c) {
    if (c.blank("reason")) {
        c.refuse("reason-no_access", "Select why the job is on hold");
    }
}

void ask_reason(const filling& f, mdata& out) {
    const auto words = reason_of(f.name);
    out.set("f_reason", f.text("reason", words.question, words.hint));
}

void check_reason(const checking& c) {
    if (c.blank("reason")) {
        c.refuse("reason", reason_of(c.name).missing);
    }
}

void ask_duplicate_of(const filling& f, mdata& out) {
    auto other = f.text("duplicate_of", "Reference of the job this repeats", "For example, K7QD-9XPT");
    other.set("width", "govuk-input--width-10");
    out.set("f_duplicate_of", other);
}

void check_duplicate_of(const checking& c) {
    if (c.blank("duplicate_of")) {
        c.refuse("duplicate_of", "Enter the reference of the job this repeats");
    }
}

void ask_pause_reason(const filling& f, mdata& out) {
    // Revealed by mend.mjs, not by govuk-frontend's script: that puts aria-expanded on the radio, which ARIA
    // does not allow there (axe-core's aria-allowed-attr).
    auto radios = f.radios("reason", "Why pause it?", enum_options<domain::pause_reason>(),
                           "The law allows a pause only for reasons outside the landlord's control");
    auto reasons = options(enum_options<domain::pause_reason>(), f.kept("reason"));
    reveal_with(reasons, "other",
                f.text("reason_detail", "If other, say why", "Kept as an internal note with the pause"));
    radios.set("options", reasons);
    out.set("f_pause_reason", radios);
}

void check_pause_reason(const checking& c) {
    if (c.blank("reason")) {
        c.refuse("reason-no_access", "Select why the clock is paused");
    } else if (c.value("reason") == "other" && c.blank("reason_detail")) {
        c.refuse("reason_detail", "Say why the clock is paused");
    }
}

// The law asks why a clock stopped; "other" has its words kept with the event, for staff.
std::optional<app::problem> read_pause_reason(const form& in, app::action_command& cmd) {
    const auto detail = form_value(in, "reason_detail");
    if (detail.find_first_not_of(" \r\n\t") != std::string::npos) {
        cmd.reason_detail = detail;
        std::string note = "Why the clock is paused: " + detail;
        if (!cmd.internal_note.empty()) {
            note.append("\n").append(cmd.internal_note);
        }
        cmd.internal_note = std::move(note);
    }
    return std::nullopt;
}

void ask_awareness(const filling& f, mdata& out) {
    out.set("f_aware_date", f.date("aware_date", "Date the landlord became aware", std::nullopt));
    out.set("f_aware_time", f.time("aware_time", "Time (UK time)"));
    out.set("f_awareness_source",
            f.text("awareness_source", "How did the landlord become aware?",
                   "For example, a contractor saw the mould on an earlier visit, or an earlier complaint"));
}

void check_awareness(const checking& c) {
    c.check_date("aware_date", "The date the landlord became aware");
    c.check_time("aware_time", "Enter the time the landlord became aware");
    if (c.blank("awareness_source")) {
        c.refuse("awareness_source", "Enter how the landlord became aware");
    }
}

std::optional<app::problem> read_awareness(const form& in, app::action_command& cmd) {
    const auto aware = date_time_of(in, "aware_date", "aware_time");
    if (!aware) {
        return app::invalid("aware_at", "Enter a real date and time");
    }
    cmd.aware_at = domain::format_iso(*aware);
    return std::nullopt;
}

void ask_ratings(const filling& f, mdata& out) {
    auto repair = f.radios("repair_rating", "How satisfied are you with the repair?", rating_options());
    auto time = f.radios("time_rating", "How satisfied are you with the time it took?", rating_options());
    repair.set("large", true);
    time.set("large", true);
    out.set("f_repair_rating", repair);
    out.set("f_time_rating", time);
}

// The two questions of the tenant satisfaction measures, each a rating from 1 to 5.
struct rating_question {
    const char* input;
    std::optional<std::int64_t> app::action_command::*target;
    const char* missing;
};

constexpr std::array rating_questions{
    rating_question{"repair_rating", &app::action_command::repair_rating,
                    "Select how satisfied you are with the repair"},
    rating_question{"time_rating", &app::action_command::time_rating,
                    "Select how satisfied you are with the time it took"},
};

void check_ratings(const checking& c) {
    for (const auto& q : rating_questions) {
        if (c.blank(q.input)) {
            c.refuse(std::string(q.input) + "-5", q.missing);
        }
    }
}

std::optional<app::problem> read_ratings(const form& in, app::action_command& cmd) {
    for (const auto& q : rating_questions) {
        const auto n = number_of<std::int64_t>(form_value(in, q.input));
        if (!n || *n < 1 || *n > 5) {
            return app::invalid(q.input, q.missing);
        }
        cmd.*q.target = *n;
    }
    return std::nullopt;
}

void ask_clock(const filling& f, mdata& out) {
    // A form that asks why a clock stops offers the running clocks; the other, the paused ones.
    const auto* t = domain::find_transition(f.act);
    const bool pausing = t != nullptr && has(t->required, needs::pause_reason);
    if (f.act == action::settle_clock) {
        auto open = clock_choices(f.clocks, false);
        auto paused = clock_choices(f.clocks, true);
        open.insert(open.end(), paused.begin(), paused.end());
        out.set("f_clock",
                f.select("clock", "Which legal clock?", open, f.kept("clock"), "All legal clocks"));
        return;
    }
    out.set("f_clock",
            f.select("clock", "Which legal clock?", clock_choices(f.clocks, !pausing), f.kept("clock"),
                     pausing ? "All running legal clocks" : "All paused legal clocks"));
}

void ask_safety_work(const filling& f, mdata& out) {
    // A significant hazard's safety work has its own clock; an emergency one's is the make-safe clock, which
    // ends if none is needed.
    if (f.job.hazard != domain::hazard::none) {
        const bool emergency = f.job.hazard == domain::hazard::emergency;
        out.set("f_safety_work",
                f.radios("safety_work", "Is safety work needed?", enum_options<domain::safety_work_need>(),
                         emergency ? "If none is needed, the duty to make safe within 24 hours ends"
                                   : "Safety work must be done within 5 working days"));
    }
}

void check_safety_work(const checking& c) {
    // For an emergency hazard the answer may be left out: the make-safe clock then keeps running.
    if (c.job.hazard == domain::hazard::significant && c.blank("safety_work")) {
        c.refuse("safety_work-required", "Select whether safety work is needed");
    }
}

void ask_further_works(const filling& f, mdata& out) {
    out.set("f_further_works", f.radios("further_works", "Are further works needed?",
                                        enum_options<domain::further_works_need>()));
}

void check_further_works(const checking& c) {
    if (c.blank("further_works")) {
        c.refuse("further_works-within_5_working_days", "Select whether further works are needed");
    }
}

void ask_photos(const filling& f, mdata& out) {
    out.set("f_photos",
            field(f.id("photos"), "photos", "Photos of the finished work (optional)", "", f.errors));
}

// What the form does for one parameter of the workflow table: the inputs it asks for, the checks of what was
// sent, and a reader where the input is not simply passed on (see passed_on). Photos come with the upload.
struct parameter_form {
    needs need;
    void (*ask)(const filling&, mdata& out);
    void (*check)(const checking&);
    std::optional<app::problem> (*read)(const form&, app::action_command&);
};

// In the order of the errors in the summary.
constexpr std::array parameter_forms{
    parameter_form{needs::priority, ask_priority, check_priority, nullptr},
    parameter_form{needs::contractor, ask_contractor, check_contractor, read_contractor},
    parameter_form{needs::appointment, ask_appointment, check_appointment, read_appointment},
    parameter_form{needs::hold_reason, ask_hold_reason, check_hold_reason, nullptr},
    parameter_form{needs::reason, ask_reason, check_reason, nullptr},
    parameter_form{needs::duplicate_of, ask_duplicate_of, check_duplicate_of, nullptr},
    parameter_form{needs::pause_reason, ask_pause_reason, check_pause_reason, read_pause_reason},
    parameter_form{needs::ratings, ask_ratings, check_ratings, read_ratings},
    parameter_form{needs::hazard, ask_hazard, nullptr, nullptr},
    parameter_form{needs::clock, ask_clock, nullptr, nullptr},
    parameter_form{needs::safety_work, ask_safety_work, check_safety_work, nullptr},
    parameter_form{needs::further_works, ask_further_works, check_further_works, nullptr},
    parameter_form{needs::photos, ask_photos, nullptr, nullptr},
    parameter_form{needs::awareness, ask_awareness, check_awareness, read_awareness},
};

// The parameters whose input is passed on as it is sent (empty: not given), under the command's field of the
// same name.
constexpr std::array<std::tuple<needs, const char*, std::optional<std::string> app::action_command::*>, 10>
    passed_on{{
        {needs::priority, "priority", &app::action_command::priority},
        {needs::hazard, "hazard", &app::action_command::hazard},
        {needs::hold_reason, "reason", &app::action_command::reason},
        {needs::reason, "reason", &app::action_command::reason},
        {needs::pause_reason, "reason", &app::action_command::reason},
        {needs::duplicate_of, "duplicate_of", &app::action_command::duplicate_of},
        {needs::clock, "clock", &app::action_command::clock},
        {needs::safety_work, "safety_work", &app::action_command::safety_work},
        {needs::further_works, "further_works", &app::action_command::further_works},
        {needs::awareness, "awareness_source", &app::action_command::awareness_source},
    }};

} // namespace

mdata action_form(const context& ctx, action act, const domain::job& job,
                  const std::vector<domain::job_clock>& clocks, const form_errors& errors,
                  const action_input* in, bool shared) {
    const filling f{ctx, act, std::string(domain::to_string(act)), job, clocks, errors, in, shared};
    mdata out = page_data(ctx);
    out.set("action", f.name);
    out.set("reference", job.reference);
    out.set("version", std::to_string(job.version));
    out.set("form_id", f.id("form"));
    out.set("staff", staff(ctx));
    out.set("is_" + f.name, true);
    const auto note = note_of(act);
    out.set("f_note", f.text("note", note.label, note.hint));
    out.set("f_internal",
            f.text("internal_note", "Internal note (optional)", "Only staff and the contractor see this"));
    const needs taken = parameters_of(f.name);
    for (const auto& p : parameter_forms) {
        if (has(taken, p.need)) {
            p.ask(f, out);
        }
    }
    return out;
}

form own_inputs(const form& sent, const std::string& act) {
    const std::string prefix = act + "-";
    form out;
    out.reserve(sent.size() * 2);
    for (const auto& f : sent) {
        if (f.name.starts_with(prefix)) {
            out.push_back(f);
            out.back().name.erase(0, prefix.size());
        }
    }
    out.insert(out.end(), sent.begin(), sent.end());
    return out;
}

bool side_action(action act) {
    switch (act) {
    case action::decline:
    case action::hold:
    case action::reopen:
    case action::cancel:
    case action::reject:
    case action::mark_duplicate:
    case action::reprioritise:
    case action::pause_clock:
    case action::resume_clock:
    case action::settle_clock:
    case action::record_awareness:
        return true;
    default:
        return false;
    }
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
    const checking c{act, in, job, errors};
    const needs taken = parameters_of(act);
    for (const auto& p : parameter_forms) {
        if (has(taken, p.need) && p.check != nullptr) {
            p.check(c);
        }
    }
}

app::outcome<app::action_command> command_of(const std::string& act, const form& in) {
    app::action_command cmd;
    cmd.action = act;
    cmd.note = form_value(in, "note");
    cmd.internal_note = form_value(in, "internal_note");
    cmd.expected_version = number_of<std::int64_t>(form_value(in, "expected_version"));
    const needs taken = parameters_of(act);
    for (const auto& [need, input, target] : passed_on) {
        if (has(taken, need)) {
            cmd.*target = text_of(in, input);
        }
    }
    for (const auto& p : parameter_forms) {
        if (has(taken, p.need) && p.read != nullptr) {
            if (auto refused = p.read(in, cmd)) {
                return std::move(*refused);
            }
        }
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
    if (field == "reason" && has(parameters_of(act), needs::hold_reason | needs::pause_reason)) {
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
        return p + "date-day";
    }
    if (field == "aware_at") {
        return p + "aware_date-day";
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
