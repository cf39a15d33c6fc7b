#include "pages/clock_view.hpp"

#include "domain/text.hpp"

#include <algorithm>

namespace mend::pages {

namespace {

using domain::clock_kind;
using domain::clock_state;

// "10 working days from the report": the basis without its exact start time, which the due time already says.
std::string allowed_words(const domain::job_clock& c, const domain::job& job,
                          const domain::clock_settings& settings) {
    if (c.kind == clock_kind::repair_target) {
        if (!job.priority) {
            return {};
        }
        return label(*job.priority) + " priority: " + domain::describe(settings.targets.of(*job.priority)) +
               " from the report";
    }
    const auto at = c.basis.find(" at ");
    return at == std::string::npos ? c.basis : c.basis.substr(0, at);
}

std::string stop_words(const domain::job_clock& c) {
    if (const auto act = domain::parse<domain::action>(c.stop_reason)) {
        return label(*act);
    }
    return c.stop_reason;
}

mdata staff_row(const domain::job_clock& c, const domain::job& job, domain::instant now,
                const domain::clock_settings& settings) {
    const auto state = domain::state_of(c, now, settings.at_risk_share);
    mdata row;
    row.set("what", label(c.kind));
    // The law's deadlines in days run to the end of the day; the landlord's target keeps its time of day.
    if (const auto last = domain::last_day(c)) {
        row.set("due", "by the end of " + domain::uk_weekday_date_words(domain::uk_start_of_day(*last)));
    } else {
        row.set("due", domain::uk_date_time_words(c.due()));
    }
    row.set("deadline",
            domain::is_legal(c.kind) ? "Legal deadline (Awaab's Law)" : "The landlord's own target");
    row.set("state", label(state));
    row.set("state_tag", tag_class(state));
    set_text(row, "allowed", allowed_words(c, job, settings));
    if (const auto since = c.paused_since()) {
        row.set("paused",
                "Paused since " + domain::uk_date_time_words(*since) + ": " + label(c.pauses.back().reason));
    }
    if (c.paused_for().count() > 0) {
        row.set("paused_total", "The due time includes " + duration_words(c.paused_for()) + " paused");
    }
    if (c.met) {
        row.set("met", "Met " + domain::uk_date_time_words(*c.met));
    }
    if (c.stopped) {
        std::string text = "Stopped " + domain::uk_date_time_words(*c.stopped);
        if (const std::string why = stop_words(c); !why.empty()) {
            text.append(": ").append(why);
        }
        row.set("stopped", text);
    }
    return row;
}

std::string tenant_target_words(const domain::job_clock& c, clock_state state) {
    const std::string due = domain::uk_date_time_words(c.due());
    switch (state) {
    case clock_state::met:
        return due + " (done on time)";
    case clock_state::met_late:
        return due + " (done late)";
    case clock_state::breached:
        return due + " (this is late)";
    default:
        return "By " + due;
    }
}

mdata tenant_row(const domain::job_clock& c, clock_state state) {
    mdata row;
    row.set("what", tenant_label(c.kind));
    row.set("due", "By " + domain::uk_date_time_words(c.due()));
    switch (state) {
    case clock_state::met:
        row.set("note", "Done on " + domain::uk_date_time_words(*c.met));
        break;
    case clock_state::met_late:
        row.set("note", "Done on " + domain::uk_date_time_words(*c.met) + ", after the deadline");
        break;
    case clock_state::breached:
        row.set("note", "This is late");
        break;
    case clock_state::paused:
        row.set("note", "Paused because " + tenant_label(c.pauses.back().reason));
        break;
    default:
        break;
    }
    return row;
}

// Appends a sentence to the details, ". " between; an empty one adds nothing.
void add_part(std::string& out, const std::string& part) {
    if (!part.empty()) {
        out.append(out.empty() ? "" : ". ").append(part);
    }
}

// The label of a stored value of E, or the value itself when it is not one.
template <typename E> std::string words_of(const std::string& value) {
    const auto parsed = domain::parse<E>(value);
    return parsed ? label(*parsed) : value;
}

// "Priority: Urgent to Emergency", when the event changed it.
template <typename E>
void add_change(std::string& out, const domain::event& e, const std::string& what, std::string_view key,
                std::string_view previous_key) {
    const auto before = domain::data_value(e.data, previous_key), after = domain::data_value(e.data, key);
    if (!after.empty() && after != before) {
        add_part(out, what + ": " + words_of<E>(before) + " to " + words_of<E>(after));
    }
}

// "Safety work: Required", when the event recorded it.
template <typename E>
void add_choice(std::string& out, const domain::event& e, const std::string& what, std::string_view key) {
    const auto value = domain::data_value(e.data, key);
    if (!value.empty()) {
        add_part(out, what + ": " + words_of<E>(value));
    }
}

// "Investigate the hazard; Written summary": the clocks an event names in its comma-separated list, in the
// reader's words.
std::string clock_names(std::string_view list, bool tenant) {
    std::vector<std::string> names;
    for (const auto& one : domain::split_list(list)) {
        const auto kind = domain::parse<domain::clock_kind>(one);
        names.push_back(kind ? (tenant ? tenant_label(*kind) : label(*kind)) : one);
    }
    return domain::join_list(names, "; ");
}

std::string rating_words(const domain::event& e, std::string_view key) {
    const std::string v = domain::data_value(e.data, key);
    return v.size() == 1 && v[0] >= '1' && v[0] <= '5' ? rating_label(v[0] - '0') : v;
}

} // namespace

mdata time_view(const std::vector<domain::job_clock>& clocks, const domain::job& job, bool tenant,
                domain::instant now, const domain::clock_settings& settings) {
    // The target first, then the legal clocks in the order they started.
    std::vector<const domain::job_clock*> ordered;
    ordered.reserve(clocks.size());
    for (const auto& c : clocks) {
        ordered.push_back(&c);
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
        const bool at = a->kind == clock_kind::repair_target;
        const bool bt = b->kind == clock_kind::repair_target;
        return at != bt ? at : a->started < b->started;
    });
    mdata view;
    mlist rows;
    for (const auto* c : ordered) {
        const auto state = domain::state_of(*c, now, settings.at_risk_share);
        if (!tenant) {
            rows.push_back(staff_row(*c, job, now, settings));
        } else if (c->kind == clock_kind::repair_target) {
            if (state != clock_state::stopped) {
                view.set("tenant_target", tenant_target_words(*c, state));
            }
        } else if (state != clock_state::stopped) {
            rows.push_back(tenant_row(*c, state));
        }
    }
    const bool any = !rows.empty();
    view.set(tenant ? "tenant_clocks" : "deadlines", rows);
    view.set(tenant ? "has_tenant_clocks" : "has_deadlines", any);
    return view;
}

std::string event_details(const domain::event& e, bool tenant) {
    std::string out;
    switch (e.action) {
    case domain::action::reprioritise:
        add_change<domain::priority>(out, e, "Priority", "priority", "previous_priority");
        add_change<domain::hazard>(out, e, "Hazard", "hazard", "previous_hazard");
        break;
    case domain::action::investigation_concluded:
        add_choice<domain::safety_work_need>(out, e, "Safety work", "safety_work");
        add_choice<domain::further_works_need>(out, e, "Further works", "further_works");
        break;
    case domain::action::pause_clock:
    case domain::action::resume_clock:
        if (const std::string kinds = clock_names(domain::data_value(e.data, "clocks"), tenant);
            !kinds.empty()) {
            add_part(out, (tenant ? "Deadline: " : "Clock: ") + kinds);
        }
        break;
    case domain::action::rate:
        add_part(out, "The repair: " + rating_words(e, "repair_rating"));
        add_part(out, "The time it took: " + rating_words(e, "time_rating"));
        break;
    default:
        break;
    }
    return out;
}

bool overdue(const std::vector<domain::job_clock>& clocks, domain::instant now, double at_risk_share) {
    return std::any_of(clocks.begin(), clocks.end(), [&](const domain::job_clock& c) {
        return c.open() && domain::state_of(c, now, at_risk_share) == clock_state::breached;
    });
}

} // namespace mend::pages
