#include "api/json_clocks.hpp"

#include "api/json_mapping.hpp"

namespace mend::api {

namespace json = boost::json;

json::object clock_to_json(const domain::job_clock& c, domain::instant now, double at_risk_share) {
    json::object out;
    out["kind"] = domain::to_string(c.kind);
    out["state"] = domain::to_string(domain::state_of(c, now, at_risk_share));
    out["started_at"] = domain::format_iso(c.started);
    out["due"] = domain::format_iso(c.due());
    // Legal deadlines are the law's; a target is the landlord's own. A deadline that runs to the end of a UK
    // day names that day.
    out["deadline"] = domain::is_legal(c.kind) ? "legal" : "internal";
    const auto last = domain::last_day(c);
    out["last_day"] = last ? json::value(domain::format_date(*last)) : json::value(nullptr);
    out["basis"] = c.basis;
    out["at_risk_from"] = domain::format_iso(domain::at_risk_from(c, at_risk_share));
    out["paused_seconds"] = c.paused_for().count();
    json::array pauses;
    for (const auto& p : c.pauses) {
        pauses.push_back(json::object{{"from", domain::format_iso(p.from)},
                                      {"to", optional_time(p.to)},
                                      {"reason", domain::to_string(p.reason)}});
    }
    out["pauses"] = std::move(pauses);
    out["met_at"] = optional_time(c.met);
    out["stopped_at"] = optional_time(c.stopped);
    out["stop_reason"] = c.stop_reason;
    return out;
}

void add_time_fields(json::object& job, const std::vector<domain::job_clock>& clocks, domain::instant now,
                     double at_risk_share) {
    job["target"] = nullptr;
    json::array legal;
    for (const auto& c : clocks) {
        if (c.kind == domain::clock_kind::repair_target) {
            auto t = clock_to_json(c, now, at_risk_share);
            // The priority the target is for is the job's own "priority"; "basis" says how due was worked
            // out.
            t.erase("kind");
            t.erase("pauses");
            t.erase("paused_seconds");
            job["target"] = std::move(t);
        } else {
            legal.push_back(clock_to_json(c, now, at_risk_share));
        }
    }
    job["clocks"] = std::move(legal);
}

} // namespace mend::api
