#include "api/json_complaints.hpp"

#include "api/json_mapping.hpp"

namespace mend::api {

namespace json = boost::json;

json::object complaint_clock_to_json(const domain::complaint_clock& c, domain::instant now,
                                     double at_risk_share) {
    json::object o{{"stage", c.stage},
                   {"step", domain::to_string(c.step)},
                   {"started_at", domain::format_iso(c.started)},
                   {"due_at", domain::format_iso(c.due())},
                   {"base_due_at", domain::format_iso(c.base_due)},
                   {"basis", c.basis},
                   {"state", domain::to_string(domain::state_of(c, now, at_risk_share))},
                   {"met_at", optional_time(c.met)},
                   {"stopped_at", optional_time(c.stopped)}};
    if (c.stopped) {
        o["stop_reason"] = c.stop_reason;
    }
    if (c.extended_days > 0) {
        o["extension"] = json::object{{"days", c.extended_days}, {"reason", c.extension_reason}};
    }
    return o;
}

json::object complaint_to_json(const domain::complaint& c) {
    return {{"reference", c.reference},
            {"job", c.job_reference},
            {"status", domain::to_string(c.state)},
            {"stage", c.stage},
            {"via", domain::to_string(c.via)},
            {"complainant", c.complainant_name},
            {"summary", c.summary},
            {"outcome_wanted", c.outcome_wanted},
            {"received_at", domain::format_iso(c.received_at)},
            {"closed_at", optional_time(c.closed_at)},
            {"created_at", domain::format_iso(c.created_at)},
            {"updated_at", domain::format_iso(c.updated_at)}};
}

json::object complaint_detail_to_json(const app::complaint_detail& d, const domain::actor& who,
                                      domain::instant now, double at_risk_share) {
    auto o = complaint_to_json(d.complaint);
    json::array clocks;
    for (const auto& c : d.clocks) {
        clocks.push_back(complaint_clock_to_json(c, now, at_risk_share));
    }
    o["clocks"] = std::move(clocks);
    json::array events;
    for (const auto& e : d.events) {
        json::object data;
        for (const auto& [k, v] : e.data) {
            data[k] = v;
        }
        events.push_back(json::object{{"at", domain::format_iso(e.at)},
                                      {"action", domain::to_string(e.action)},
                                      {"by", e.actor_name},
                                      {"note", e.note},
                                      {"data", std::move(data)}});
    }
    o["events"] = std::move(events);
    json::array jobs;
    for (const auto& j : d.jobs) {
        jobs.emplace_back(j);
    }
    o["jobs"] = std::move(jobs);
    json::array allowed;
    const bool staff = who.role == domain::role::officer || who.role == domain::role::admin;
    for (const auto a : domain::complaint_actions(d.complaint.state)) {
        if (staff || a == domain::complaint_action::escalate) {
            allowed.emplace_back(domain::to_string(a));
        }
    }
    o["allowed_actions"] = std::move(allowed);
    return o;
}

} // namespace mend::api
