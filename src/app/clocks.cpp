#include "app/clocks.hpp"

#include "app/paging.hpp"
#include "domain/text.hpp"

#include <charconv>

namespace mend::app {

namespace {

using domain::action;

template <typename E>
std::optional<problem> record_choice(std::string_view field, const std::optional<std::string>& value,
                                     domain::event_data& data) {
    if (!value) {
        return std::nullopt;
    }
    if (!domain::parse<E>(*value)) {
        return invalid(std::string(field), std::string(field) + " must be one of " + domain::one_of<E>());
    }
    data.emplace_back(std::string(field), *value);
    return std::nullopt;
}

std::optional<problem> only_for(std::string_view field, bool given, bool allowed, std::string_view actions) {
    if (given && !allowed) {
        return invalid(std::string(field),
                       std::string(field) + " can only be given to " + std::string(actions));
    }
    return std::nullopt;
}

std::optional<problem> check_rating(std::string_view field, const std::optional<std::int64_t>& value,
                                    domain::event_data& data) {
    if (!value || *value < 1 || *value > 5) {
        return invalid(std::string(field), std::string(field) + " is required: a whole number from 1 (very "
                                                                "dissatisfied) to 5 (very satisfied)");
    }
    data.emplace_back(std::string(field), std::to_string(*value));
    return std::nullopt;
}

// The law allows a pause only for reasons outside the landlord's control: "other" says which, in words.
std::optional<problem> take_detail(domain::pause_reason reason, const std::optional<std::string>& detail,
                                   domain::event_data& data) {
    const std::string words(detail ? domain::trim(*detail) : std::string_view());
    if (reason == domain::pause_reason::other && words.empty()) {
        return invalid("reason_detail", "reason_detail is required when the reason is other: say why the "
                                        "clock is paused");
    }
    if (words.size() > 2000) {
        return invalid("reason_detail", "reason_detail must be at most 2000 characters");
    }
    if (!words.empty()) {
        data.emplace_back("reason_detail", words);
    }
    return std::nullopt;
}

// The ids of clocks stored before this unit of work, and the new ones it makes, are both saved by save_clock.
void save_all(clock_store& clocks, const std::vector<domain::job_clock>& changed) {
    for (const auto& c : changed) {
        clocks.save_clock(c);
    }
}

} // namespace

std::optional<problem> check_time_parameters(const domain::transition& t, const action_command& cmd,
                                             domain::event_data& data) {
    const bool pausing = t.action == action::pause_clock || t.action == action::resume_clock ||
                         t.action == action::settle_clock;
    const bool concluding = t.action == action::investigation_concluded;
    const bool rating = t.action == action::rate;
    for (auto p :
         {only_for("clock", cmd.clock.has_value(), pausing, "pause_clock, resume_clock or settle_clock"),
          only_for("reason_detail", cmd.reason_detail.has_value(), t.action == action::pause_clock,
                   "pause_clock"),
          only_for("safety_work", cmd.safety_work.has_value(), concluding, "investigation_concluded"),
          only_for("further_works", cmd.further_works.has_value(), concluding, "investigation_concluded"),
          only_for("repair_rating", cmd.repair_rating.has_value(), rating, "rate"),
          only_for("time_rating", cmd.time_rating.has_value(), rating, "rate")}) {
        if (p) {
            return p;
        }
    }
    if (domain::has(t.required, domain::needs::pause_reason)) {
        const auto reason = domain::parse<domain::pause_reason>(cmd.reason.value_or(""));
        if (!reason) {
            return invalid("reason", "reason is required to pause a clock: one of " +
                                         domain::one_of<domain::pause_reason>());
        }
        data.emplace_back("reason", *cmd.reason);
        if (auto p = take_detail(*reason, cmd.reason_detail, data)) {
            return p;
        }
    }
    if (pausing && cmd.clock) {
        const auto kind = domain::parse<domain::clock_kind>(*cmd.clock);
        if (!kind || *kind == domain::clock_kind::repair_target) {
            return invalid("clock",
                           "clock must be one of make_safe, investigate, written_summary, safety_work "
                           "or further_works (repair targets do not pause)");
        }
        data.emplace_back("clock", *cmd.clock);
    }
    if (concluding) {
        if (auto p = record_choice<domain::safety_work_need>("safety_work", cmd.safety_work, data)) {
            return p;
        }
        if (auto p = record_choice<domain::further_works_need>("further_works", cmd.further_works, data)) {
            return p;
        }
    }
    if (domain::has(t.required, domain::needs::ratings)) {
        if (auto p = check_rating("repair_rating", cmd.repair_rating, data)) {
            return p;
        }
        if (auto p = check_rating("time_rating", cmd.time_rating, data)) {
            return p;
        }
    }
    return std::nullopt;
}

std::optional<problem> clock_keeper::before_change(unit_of_work& uow, const change& proposed,
                                                   domain::event_data& data) {
    if (proposed.before == nullptr) {
        return std::nullopt; // a report starts nothing: the target and the legal clocks start at triage
    }
    auto& clocks = uow.clocks();
    const domain::event& e = proposed.recorded;
    if (e.action == action::rate && clocks.has_event(proposed.after.id, action::rate)) {
        return problem{errc::invalid_transition, "this job has been rated already", "action", {}};
    }
    auto plan = domain::plan_clocks(settings_, clocks.clocks_of(proposed.after.id), proposed.before,
                                    proposed.after, e);
    if (plan.refusal) {
        return problem{errc::invalid_transition, *plan.refusal, "action", {}};
    }
    data.insert(data.end(), plan.data.begin(), plan.data.end());
    return std::nullopt;
}

void clock_keeper::on_change(unit_of_work& uow, const change& c) {
    if (c.before == nullptr) {
        return;
    }
    auto& clocks = uow.clocks();
    const auto plan =
        domain::plan_clocks(settings_, clocks.clocks_of(c.after.id), c.before, c.after, c.recorded);
    save_all(clocks, plan.changed);
}

int escalate_clocks(unit_of_work& uow, domain::instant now, double at_risk_share,
                    const std::vector<escalation_listener*>& hooks, int limit) {
    auto& clocks = uow.clocks();
    int escalated = 0;
    for (auto& row : clocks.clocks_to_escalate(now, at_risk_share, limit)) {
        const auto state = domain::state_of(row.clock, now, at_risk_share);
        const int level = state == domain::clock_state::breached  ? 2
                          : state == domain::clock_state::at_risk ? 1
                                                                  : 0;
        if (level <= row.clock.escalated) {
            continue;
        }
        escalation e;
        e.clock_id = row.clock.id;
        e.job_id = row.clock.job_id;
        e.reference = row.reference;
        e.kind = row.clock.kind;
        e.level = level;
        e.at = now;
        e.due = row.clock.due();
        e.recipient = "officers";
        std::vector<escalation> made{clocks.insert_escalation(e)};
        if (row.contractor_id) {
            e.recipient = "contractor";
            e.contractor_id = row.contractor_id;
            made.push_back(clocks.insert_escalation(e));
        }
        row.clock.escalated = level;
        clocks.save_clock(row.clock);
        for (const auto& m : made) {
            for (auto* h : hooks) {
                h->on_escalation(uow, m);
            }
        }
        ++escalated;
    }
    return escalated;
}

outcome<clock_page> list_clocks(clock_reads& reads, const domain::actor& who, const clock_query& query,
                                domain::instant now, double at_risk_share) {
    clock_filter filter;
    filter.now = now;
    filter.at_risk_share = at_risk_share;
    const auto state = domain::parse<domain::clock_state>(query.state.value_or(""));
    if (!state || (*state != domain::clock_state::at_risk && *state != domain::clock_state::breached)) {
        return invalid("state", "state is required: at_risk or breached");
    }
    filter.state = *state;
    if (auto p = read_paging(query.limit, query.cursor, filter.limit, filter.after_id)) {
        return *p;
    }
    filter.visibility = domain::visibility_of(who);
    clock_page page;
    page.items = reads.list_clocks(filter);
    page.next_cursor = cut_page(page.items, filter.limit, [](const auto& item) { return item.clock.id; });
    return page;
}

} // namespace mend::app
