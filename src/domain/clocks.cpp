#include "domain/clocks.hpp"

#include "domain/text.hpp"

#include <algorithm>
#include <cmath>

namespace mend::domain {

namespace {

using std::chrono::seconds;

constexpr span emergency_hazard_span{24, span::unit::hours};
constexpr span investigate_span{10, span::unit::working_days};
constexpr span summary_span{3, span::unit::working_days};
constexpr span safety_span{5, span::unit::working_days};
constexpr span begin_works_span{5, span::unit::working_days};
constexpr span start_works_span{84, span::unit::calendar_days}; // 12 weeks

// The law's periods in days run to the end of their last day.
job_clock new_clock(const clock_settings& s, const job& job, clock_kind kind, instant from,
                    const span& allowed, std::string_view since) {
    job_clock c;
    c.job_id = job.id;
    c.kind = kind;
    c.started = from;
    c.base_due = add_span(s.calendar, from, allowed, deadline_rule::end_of_day);
    c.basis = describe(allowed) + " from " + std::string(since) + " at " + format_iso(from);
    if (allowed.u != span::unit::hours) {
        c.basis += ", to the end of the last day";
    }
    if (allowed.u == span::unit::working_days) {
        c.basis += " (" + s.calendar.name() + " bank holidays)";
    }
    return c;
}

// The clocks a hazard class starts with; later ones follow from the investigation. An emergency hazard is
// investigated and made safe as two steps, each within 24 hours.
std::vector<clock_kind> first_clocks(hazard h) {
    switch (h) {
    case hazard::emergency:
        return {clock_kind::investigate, clock_kind::make_safe};
    case hazard::significant:
        return {clock_kind::investigate};
    case hazard::none:
        break;
    }
    return {};
}

bool is_first_clock(clock_kind k) {
    return k == clock_kind::investigate || k == clock_kind::make_safe;
}

class planner {
public:
    planner(const clock_settings& s, const std::vector<job_clock>& existing, const job& job, const event& e)
        : s_(s)
        , clocks_(existing)
        , job_(job)
        , e_(e) {}

    clock_plan run(const job* before) {
        follow(before);
        for (const auto& c : clocks_) {
            if (is_touched(c)) {
                plan_.changed.push_back(c);
            }
        }
        return std::move(plan_);
    }

private:
    void follow(const job* before) {
        switch (e_.action) {
        case action::triage:
            set_target(find_any(clock_kind::repair_target));
            start_hazard_clocks(job_.created_at, "the report");
            break;
        case action::reprioritise:
            reprioritise(before);
            break;
        case action::complete:
            meet(clock_kind::repair_target);
            break;
        case action::reopen:
            reopen_target();
            break;
        case action::cancel:
        case action::reject:
        case action::mark_duplicate:
            stop_all();
            break;
        case action::investigation_concluded:
            conclude_investigation();
            break;
        case action::summary_sent:
            meet_or_refuse(clock_kind::written_summary,
                           "no written summary is due: record investigation_concluded first");
            break;
        case action::safety_work_done:
            safety_work_done();
            break;
        case action::works_started:
            meet_or_refuse(clock_kind::further_works,
                           "no further works are due: record investigation_concluded first");
            break;
        case action::pause_clock:
            pause();
            break;
        case action::resume_clock:
            resume();
            break;
        case action::settle_clock:
            settle();
            break;
        case action::record_awareness:
            record_awareness();
            break;
        case action::close:
            refuse_while_owed();
            break;
        default:
            break;
        }
    }

    void reprioritise(const job* before) {
        if (before != nullptr && before->priority != job_.priority) {
            set_target(find_any(clock_kind::repair_target));
        }
        if (before != nullptr && before->hazard != job_.hazard) {
            reclassify();
        }
    }

    void reopen_target() {
        if (job_clock* t = find_any(clock_kind::repair_target); t != nullptr && t->met) {
            t->met.reset();
            touch(*t);
        }
    }

    // Closing would leave a legal step owed with nothing able to meet or stop it.
    void refuse_while_owed() {
        std::vector<std::string> owed;
        for (const auto& c : clocks_) {
            if (c.open() && is_legal(c.kind)) {
                owed.push_back(std::string(to_string(c.kind)) + " (due " + format_iso(c.due()) + ")");
            }
        }
        if (!owed.empty()) {
            refuse("the job cannot be closed while a legal clock runs: " + join_list(owed) +
                   "; record the step, or settle the clock with settle_clock and a reason");
        }
    }

    void settle() {
        const std::string only = data_value(e_.data, "clock");
        std::vector<std::string> kinds;
        for (auto& c : clocks_) {
            if (c.open() && is_legal(c.kind) && (only.empty() || to_string(c.kind) == only)) {
                stop(c, "settled: " + data_value(e_.data, "reason"));
                kinds.emplace_back(to_string(c.kind));
            }
        }
        if (kinds.empty()) {
            refuse("no legal clock is running on this job to settle");
            return;
        }
        plan_.data.emplace_back("clocks", join_list(kinds));
    }

    // The first clocks run from when the landlord became aware; the app checks that is no later than the
    // report. Without a time (a form not yet filled in) it only asks whether there is a clock to move.
    void record_awareness() {
        const auto aware = parse_iso(data_value(e_.data, "aware_at"));
        bool any = false;
        for (auto& c : clocks_) {
            if (c.open() && is_first_clock(c.kind)) {
                any = true;
                if (aware) {
                    const job_clock moved = new_clock(s_, job_, c.kind, *aware, first_span(), "awareness");
                    c.started = moved.started;
                    c.base_due = moved.base_due;
                    c.basis = moved.basis;
                    touch(c);
                    plan_.data.emplace_back(std::string(to_string(c.kind)) + "_due", format_iso(c.due()));
                }
            }
        }
        if (!any) {
            refuse("no first step of the hazard is still owed: awareness can only move a running clock");
        }
    }

    const span& first_span() const {
        return job_.hazard == hazard::emergency ? emergency_hazard_span : investigate_span;
    }

    void stop_all() {
        for (auto& c : clocks_) {
            if (c.open()) {
                stop(c, std::string(to_string(e_.action)));
            }
        }
    }

    void meet_or_refuse(clock_kind k, std::string why) {
        if (!meet(k)) {
            refuse(std::move(why));
        }
    }

    void safety_work_done() {
        const bool safety = meet(clock_kind::safety_work);
        const bool made_safe = meet(clock_kind::make_safe);
        if (!safety && !made_safe) {
            refuse("no safety work is due on this job");
        }
    }

    job_clock* find_any(clock_kind k) {
        for (auto& c : clocks_) {
            if (c.kind == k) {
                return &c;
            }
        }
        return nullptr;
    }

    job_clock* find_open(clock_kind k) {
        for (auto& c : clocks_) {
            if (c.kind == k && c.open()) {
                return &c;
            }
        }
        return nullptr;
    }

    void touch(job_clock& c) {
        if (c.id != 0) {
            touched_ids_.push_back(c.id);
        }
    }

    bool is_touched(const job_clock& c) const {
        return c.id == 0 || std::find(touched_ids_.begin(), touched_ids_.end(), c.id) != touched_ids_.end();
    }

    void add(job_clock c) {
        plan_.data.emplace_back(std::string(to_string(c.kind)) + "_due", format_iso(c.due()));
        clocks_.push_back(std::move(c));
    }

    void refuse(std::string why) { plan_.refusal = std::move(why); }

    // Targets always count from the report, whatever the priority was then.
    void set_target(job_clock* existing) {
        if (!job_.priority) {
            return;
        }
        const target t = compute_target(s_.targets, s_.calendar, *job_.priority, job_.created_at);
        if (existing == nullptr) {
            job_clock c;
            c.job_id = job_.id;
            c.kind = clock_kind::repair_target;
            c.started = t.from;
            c.base_due = t.due;
            c.basis = t.basis;
            clocks_.push_back(std::move(c));
        } else {
            plan_.data.emplace_back("previous_target_due", format_iso(existing->due()));
            existing->base_due = t.due;
            existing->basis = t.basis;
            // A new target is a new promise: the overdue loop reports against it afresh.
            existing->escalated = 0;
            touch(*existing);
        }
        plan_.data.emplace_back("target_due", format_iso(t.due));
        plan_.data.emplace_back("target_basis", t.basis);
    }

    void start_hazard_clocks(instant from, std::string_view since) {
        for (auto kind : first_clocks(job_.hazard)) {
            if (find_open(kind) == nullptr) {
                add(new_clock(s_, job_, kind, from, first_span(), since));
            }
        }
    }

    // When the landlord became aware of the hazard: the start of its first clocks, else the report.
    instant awareness() const {
        instant aware = job_.created_at;
        for (const auto& c : clocks_) {
            if (is_first_clock(c.kind)) {
                aware = std::min(aware, c.started);
            }
        }
        return aware;
    }

    // A new class of hazard changes the steps owed, never when the landlord became aware of it: the new
    // first clocks run from the original awareness.
    void reclassify() {
        const instant aware = awareness();
        const bool concluded = find_any(clock_kind::written_summary) != nullptr;
        for (auto& c : clocks_) {
            if (c.open() && is_legal(c.kind) && (job_.hazard == hazard::none || is_first_clock(c.kind))) {
                stop(c, "hazard reclassified as " + std::string(to_string(job_.hazard)));
            }
        }
        if (!concluded) {
            start_hazard_clocks(aware, aware == job_.created_at ? "the report" : "awareness");
        }
    }

    void conclude_investigation() {
        if (find_any(clock_kind::written_summary) != nullptr) {
            refuse("the investigation has already been concluded");
            return;
        }
        meet(clock_kind::investigate);
        const auto concluded = e_.at;
        add(new_clock(s_, job_, clock_kind::written_summary, concluded, summary_span, "the investigation"));
        const auto safety = parse<safety_work_need>(data_value(e_.data, "safety_work"));
        const bool needed = safety.value_or(safety_work_need::required) == safety_work_need::required;
        if (needed && job_.hazard == hazard::significant) {
            add(new_clock(s_, job_, clock_kind::safety_work, concluded, safety_span, "the investigation"));
        }
        if (job_clock* m = find_open(clock_kind::make_safe); m != nullptr && !needed) {
            // The duty to make safe ends when the investigation finds no safety work is required.
            stop(*m, "the investigation found no safety work is required");
        }
        switch (parse<further_works_need>(data_value(e_.data, "further_works"))
                    .value_or(further_works_need::within_5_working_days)) {
        case further_works_need::within_5_working_days:
            add(new_clock(s_, job_, clock_kind::further_works, concluded, begin_works_span,
                          "the investigation"));
            break;
        case further_works_need::within_12_weeks:
            add(new_clock(s_, job_, clock_kind::further_works, concluded, start_works_span,
                          "the investigation"));
            break;
        case further_works_need::none:
            break;
        }
    }

    bool meet(clock_kind k) {
        job_clock* c = find_open(k);
        if (c == nullptr) {
            return false;
        }
        if (c->paused_since()) {
            c->pauses.back().to = e_.at;
        }
        c->met = e_.at;
        touch(*c);
        return true;
    }

    void stop(job_clock& c, std::string reason) {
        if (c.paused_since()) {
            c.pauses.back().to = e_.at;
        }
        c.stopped = e_.at;
        c.stop_reason = std::move(reason);
        touch(c);
    }

    // Only the legal clocks pause: the repair target is the landlord's own promise, and RP02 counts it as
    // made.
    std::vector<job_clock*> chosen(bool paused) {
        const std::string only = data_value(e_.data, "clock");
        std::vector<job_clock*> out;
        for (auto& c : clocks_) {
            if (c.open() && is_legal(c.kind) && c.paused_since().has_value() == paused &&
                (only.empty() || to_string(c.kind) == only)) {
                out.push_back(&c);
            }
        }
        return out;
    }

    void pause() {
        const auto reason = parse<pause_reason>(data_value(e_.data, "reason")).value_or(pause_reason::other);
        std::vector<std::string> kinds;
        for (job_clock* c : chosen(false)) {
            c->pauses.push_back({e_.at, std::nullopt, reason});
            touch(*c);
            kinds.emplace_back(to_string(c->kind));
        }
        if (kinds.empty()) {
            refuse("no legal clock is running on this job to pause");
            return;
        }
        plan_.data.emplace_back("clocks", join_list(kinds));
    }

    void resume() {
        std::vector<std::string> kinds;
        for (job_clock* c : chosen(true)) {
            c->pauses.back().to = e_.at;
            touch(*c);
            kinds.emplace_back(to_string(c->kind));
            plan_.data.emplace_back(std::string(to_string(c->kind)) + "_due", format_iso(c->due()));
        }
        if (kinds.empty()) {
            refuse("no clock on this job is paused");
            return;
        }
        plan_.data.emplace_back("clocks", join_list(kinds));
    }

    const clock_settings& s_;
    std::vector<job_clock> clocks_;
    const job& job_;
    const event& e_;
    std::vector<id_t> touched_ids_;
    clock_plan plan_;
};

} // namespace

seconds job_clock::paused_for() const {
    seconds total{0};
    for (const auto& p : pauses) {
        if (p.to) {
            total += std::chrono::floor<seconds>(*p.to - p.from);
        }
    }
    return total;
}

std::optional<instant> job_clock::paused_since() const {
    if (!pauses.empty() && !pauses.back().to) {
        return pauses.back().from;
    }
    return std::nullopt;
}

instant at_risk_from(const job_clock& c, double at_risk_share) {
    const double allowed = std::chrono::duration<double>(c.base_due - c.started).count(); // seconds
    return c.due() - seconds{static_cast<std::int64_t>(std::llround(allowed * at_risk_share))};
}

clock_state state_of(const job_clock& c, instant now, double at_risk_share) {
    if (c.stopped) {
        return clock_state::stopped;
    }
    if (c.met) {
        return *c.met <= c.due() ? clock_state::met : clock_state::met_late;
    }
    if (const auto since = c.paused_since()) {
        // A pause cannot undo a deadline already missed.
        return *since > c.due() ? clock_state::breached : clock_state::paused;
    }
    if (now > c.due()) {
        return clock_state::breached;
    }
    if (now >= at_risk_from(c, at_risk_share)) {
        return clock_state::at_risk;
    }
    return clock_state::running;
}

clock_plan plan_clocks(const clock_settings& settings, const std::vector<job_clock>& existing,
                       const job* before, const job& after, const event& e) {
    return planner(settings, existing, after, e).run(before);
}

std::optional<date> last_day(const job_clock& c) {
    const instant due = c.due();
    const date day = uk_local_date(due);
    if (uk_start_of_day(day) != due) {
        return std::nullopt;
    }
    return day - std::chrono::days{1};
}

std::string data_value(const event_data& data, std::string_view key) {
    for (const auto& [k, v] : data) {
        if (k == key) {
            return v;
        }
    }
    return {};
}

} // namespace mend::domain
