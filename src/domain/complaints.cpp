#include "domain/complaints.hpp"

#include "domain/targets.hpp"

#include <algorithm>

namespace mend::domain {

namespace {

complaint_clock* open_clock(std::vector<complaint_clock>& clocks, int stage, complaint_step step) {
    for (auto& c : clocks) {
        if (c.stage == stage && c.step == step && c.open()) {
            return &c;
        }
    }
    return nullptr;
}

// The Code's periods run to the end of their last working day, as the law's do.
complaint_clock new_clock(const holiday_calendar& cal, id_t complaint_id, int stage, complaint_step step,
                          instant from, int working_days, std::string_view since) {
    complaint_clock c;
    c.complaint_id = complaint_id;
    c.stage = stage;
    c.step = step;
    c.started = from;
    const span allowed{working_days, span::unit::working_days};
    c.base_due = add_span(cal, from, allowed, deadline_rule::end_of_day);
    c.basis = describe(allowed) + " from " + std::string(since) + " at " + format_iso(from) +
              ", to the end of the last day (" + cal.name() + " bank holidays; Complaint Handling Code " +
              (stage == 1 ? "5." : "6.") + (step == complaint_step::acknowledge ? "4" : "6") + ")";
    return c;
}

class complaint_planner {
public:
    complaint_planner(const holiday_calendar& cal, const code_periods& periods, const complaint& c,
                      std::vector<complaint_clock> clocks, instant at)
        : cal_(cal)
        , periods_(periods)
        , c_(c)
        , clocks_(std::move(clocks))
        , at_(at) {}

    complaint_plan run(complaint_action a, int extension_days) {
        const auto allowed = complaint_actions(c_.state);
        if (a != complaint_action::raise && std::find(allowed.begin(), allowed.end(), a) == allowed.end()) {
            return refuse("cannot " + std::string(to_string(a)) + " a complaint that is " +
                          std::string(to_string(c_.state)));
        }
        plan_.next = c_.state;
        switch (a) {
        case complaint_action::raise:
            plan_.next = complaint_status::stage1_received;
            start(1, complaint_step::acknowledge, periods_.acknowledge, "receipt");
            break;
        case complaint_action::acknowledge:
            acknowledge();
            break;
        case complaint_action::extend:
            extend(extension_days);
            break;
        case complaint_action::respond:
            respond();
            break;
        case complaint_action::escalate:
            stop_open("escalated to stage 2");
            plan_.next = complaint_status::stage2_received;
            start(2, complaint_step::acknowledge, periods_.acknowledge, "escalation");
            break;
        case complaint_action::close:
            stop_open("complaint closed");
            plan_.next = complaint_status::closed;
            break;
        case complaint_action::link_job:
            break;
        }
        return std::move(plan_);
    }

private:
    complaint_plan refuse(std::string why, std::string field = {}) {
        complaint_plan p;
        p.refusal = std::move(why);
        p.refusal_field = std::move(field);
        return p;
    }

    void start(int stage, complaint_step step, int days, std::string_view since) {
        plan_.changed.push_back(new_clock(cal_, c_.id, stage, step, at_, days, since));
    }

    void meet(complaint_clock& c) {
        c.met = at_;
        plan_.changed.push_back(c);
    }

    void acknowledge() {
        const int stage = c_.stage;
        if (auto* ack = open_clock(clocks_, stage, complaint_step::acknowledge)) {
            meet(*ack);
        }
        start(stage, complaint_step::respond, periods_.response(stage), "acknowledgement");
        plan_.next =
            stage == 1 ? complaint_status::stage1_acknowledged : complaint_status::stage2_acknowledged;
    }

    void extend(int days) {
        const int stage = c_.stage;
        auto* respond = open_clock(clocks_, stage, complaint_step::respond);
        if (respond == nullptr) {
            plan_ = refuse("there is no response due to extend");
            return;
        }
        const int limit = periods_.extension(stage);
        if (days < 1 || respond->extended_days + days > limit) {
            plan_ = refuse("the Code allows an extension of 1 to " + std::to_string(limit) +
                               " working days in all at stage " + std::to_string(stage) +
                               (respond->extended_days > 0
                                    ? " (" + std::to_string(respond->extended_days) + " already given)"
                                    : std::string{}),
                           "days");
            return;
        }
        respond->extended_days += days;
        // Counted again from the start, so the extension adds whole working days to the Code's period.
        respond->extended_due =
            add_span(cal_, respond->started,
                     {periods_.response(stage) + respond->extended_days, span::unit::working_days},
                     deadline_rule::end_of_day);
        plan_.changed.push_back(*respond);
    }

    // A response sent before an acknowledgement also acknowledges: both clocks are met by it.
    void respond() {
        const int stage = c_.stage;
        if (auto* ack = open_clock(clocks_, stage, complaint_step::acknowledge)) {
            meet(*ack);
            start(stage, complaint_step::respond, periods_.response(stage), "acknowledgement");
            plan_.changed.back().met = at_;
        } else if (auto* respond = open_clock(clocks_, stage, complaint_step::respond)) {
            meet(*respond);
        }
        plan_.next = stage == 1 ? complaint_status::stage1_responded : complaint_status::closed;
    }

    void stop_open(std::string_view reason) {
        for (auto& c : clocks_) {
            if (c.open()) {
                c.stopped = at_;
                c.stop_reason = std::string(reason);
                plan_.changed.push_back(c);
            }
        }
    }

    const holiday_calendar& cal_;
    const code_periods& periods_;
    const complaint& c_;
    std::vector<complaint_clock> clocks_;
    instant at_;
    complaint_plan plan_;
};

bool within(instant t, instant from, instant to) {
    return t >= from && t < to;
}

void count(share_measure& m, bool in_time) {
    ++m.count;
    if (in_time) {
        ++m.meeting;
    }
}

} // namespace

job_clock complaint_clock::timing() const {
    job_clock t;
    t.id = id;
    t.started = started;
    t.base_due = due();
    t.met = met;
    t.stopped = stopped;
    t.escalated = escalated;
    return t;
}

clock_state state_of(const complaint_clock& c, instant now, double at_risk_share) {
    return state_of(c.timing(), now, at_risk_share);
}

std::vector<complaint_action> complaint_actions(complaint_status s) {
    using a = complaint_action;
    switch (s) {
    case complaint_status::stage1_received:
    case complaint_status::stage2_received:
        return {a::acknowledge, a::respond, a::link_job, a::close};
    case complaint_status::stage1_acknowledged:
        return {a::extend, a::respond, a::escalate, a::link_job, a::close};
    case complaint_status::stage2_acknowledged:
        return {a::extend, a::respond, a::link_job, a::close};
    case complaint_status::stage1_responded:
        return {a::escalate, a::link_job, a::close};
    case complaint_status::closed:
        break;
    }
    return {};
}

complaint_plan plan_complaint(const holiday_calendar& cal, const code_periods& periods, const complaint& c,
                              const std::vector<complaint_clock>& clocks, complaint_action a, instant at,
                              int extension_days) {
    return complaint_planner(cal, periods, c, clocks, at).run(a, extension_days);
}

complaint_figures complaint_figures_of(const std::vector<complaint_clock>& clocks, std::int64_t homes,
                                       instant from, instant to) {
    complaint_figures out;
    out.from = from;
    out.to = to;
    out.homes = homes;
    for (const auto& c : clocks) {
        auto& stage = c.stage == 1 ? out.stage1 : out.stage2;
        if (c.step == complaint_step::acknowledge) {
            if (within(c.started, from, to)) {
                ++stage.received;
            }
            if (c.met && within(*c.met, from, to)) {
                ++stage.acknowledged;
                count(stage.acknowledged_in_time, *c.met <= c.due());
            }
        } else if (c.met && within(*c.met, from, to)) {
            count(stage.responded_in_time, *c.met <= c.due());
            if (c.extended_days > 0) {
                ++stage.extended;
            }
        }
    }
    for (auto* stage : {&out.stage1, &out.stage2}) {
        if (homes > 0) {
            stage->per_1000_homes =
                static_cast<double>(stage->received) * 1000.0 / static_cast<double>(homes);
        }
    }
    return out;
}

} // namespace mend::domain
