#include "formats/reports.hpp"

#include <cmath>
#include <cstdio>

namespace mend::formats {

namespace json = boost::json;

namespace {

double rounded(double value) {
    return std::round(value * 100.0) / 100.0;
}

// "percent" is null when there is nothing to count.
json::object measure_json(const domain::share_measure& m) {
    const auto percent = m.percent();
    return {{"count", m.count},
            {"meeting", m.meeting},
            {"percent", percent ? json::value(rounded(*percent)) : json::value(nullptr)}};
}

json::object days_json(const std::map<std::string, domain::days_summary>& by) {
    json::object out;
    for (const auto& [key, d] : by) {
        out[key] = json::object{
            {"count", d.count}, {"median_days", rounded(d.median)}, {"p90_days", rounded(d.p90)}};
    }
    return out;
}

std::string number(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", value);
    return buf;
}

std::string line(std::initializer_list<std::string> fields) {
    std::string out;
    for (const auto& f : fields) {
        if (!out.empty()) {
            out += ',';
        }
        out += csv_field(f);
    }
    return out + "\r\n";
}

std::string optional_time(const std::optional<domain::instant>& t) {
    return t ? domain::format_iso(*t) : std::string();
}

} // namespace

std::string rp02_to_json(const domain::rp02_report& r) {
    json::object head;
    head["from"] = domain::format_iso(r.from);
    head["to"] = domain::format_iso(r.to);
    head["rp02"] = json::object{{"emergency", measure_json(r.emergency)},
                                {"non_emergency", measure_json(r.non_emergency)},
                                {"planned_excluded", r.planned_excluded},
                                {"targets_recomputed", r.targets_recomputed}};
    head["job_satisfaction"] = json::object{{"repair", measure_json(r.job_satisfaction.repair)},
                                            {"time_taken", measure_json(r.job_satisfaction.time_taken)}};
    head["days_to_complete"] = json::object{{"by_category", days_json(r.by_category)},
                                            {"by_contractor", days_json(r.by_contractor)}};
    // The repeats are written as text, not built as a JSON tree: at a million jobs (70,000 homes with
    // repeats) their tree and the text growing behind it were the report's peak memory (heaptrack).
    std::int64_t repeat_jobs = 0;
    std::size_t size = 0;
    for (const auto& rr : r.repeats) {
        repeat_jobs += static_cast<std::int64_t>(rr.references.size());
        size += 48 + rr.uprn.size() + 16 * rr.references.size();
    }
    std::string out = json::serialize(head);
    out.pop_back(); // its closing brace: the repeats and the method follow
    out.reserve(out.size() + size + 1024);
    out.append(R"(,"repeat_repairs":{"jobs":)").append(std::to_string(repeat_jobs)).append(R"(,"homes":[)");
    for (const auto& rr : r.repeats) {
        out.append(&rr == r.repeats.data() ? R"({"uprn":)" : R"(,{"uprn":)");
        out.append(json::serialize(json::string_view(rr.uprn)));
        out.append(R"(,"category":)")
            .append(json::serialize(json::string_view(domain::to_string(rr.category))));
        out.append(R"(,"references":[)");
        for (const auto& ref : rr.references) {
            out.append(&ref == rr.references.data() ? "" : ",")
                .append(json::serialize(json::string_view(ref)));
        }
        out.append("]}");
    }
    out.append(R"(]},"method":)");
    out.append(json::serialize(json::string_view(
        "RP02: repairs completed in [from, to) (last completion, events before `to` only) within the "
        "target recorded at triage; emergency vs urgent and routine; planned work excluded. Job "
        "satisfaction: "
        "the per-job ratings given in the period, satisfied = 4 or 5 of 5 (transactional, not TP02/TP03, "
        "which come from perception surveys: /api/v1/reports/tsm). Days: report to completion; median, and "
        "90th percentile by nearest rank. Repeat: reported in the period within 90 days of the "
        "completion of another job at the same home in the same category.")));
    out.push_back('}');
    return out;
}

std::string rp02_to_csv(const domain::rp02_report& r) {
    std::string out = line({"measure", "group", "count", "meeting", "percent", "median_days", "p90_days"});
    const auto measure = [&out](std::string name, std::string group, const domain::share_measure& m) {
        out += line({std::move(name), std::move(group), std::to_string(m.count), std::to_string(m.meeting),
                     percent_text(m), "", ""});
    };
    measure("RP02", "emergency", r.emergency);
    measure("RP02", "non_emergency", r.non_emergency);
    measure("job_satisfaction", "repair", r.job_satisfaction.repair);
    measure("job_satisfaction", "time_taken", r.job_satisfaction.time_taken);
    const auto days = [&out](const std::string& name, const std::map<std::string, domain::days_summary>& by) {
        for (const auto& [key, d] : by) {
            out += line({name, key, std::to_string(d.count), "", "", number(d.median), number(d.p90)});
        }
    };
    days("days_by_category", r.by_category);
    days("days_by_contractor", r.by_contractor);
    for (const auto& rr : r.repeats) {
        out += line({"repeat_repairs", rr.uprn + " " + std::string(domain::to_string(rr.category)),
                     std::to_string(rr.references.size()), "", "", "", ""});
    }
    return out;
}

json::object tsm_to_json(const domain::tsm_report& r) {
    const auto group = [](const domain::tsm_group& g) {
        return json::object{{"respondents", g.respondents},
                            {"tp01", measure_json(g.tp01)},
                            {"tp02", measure_json(g.tp02)},
                            {"tp03", measure_json(g.tp03)}};
    };
    json::object out;
    out["from"] = domain::format_iso(r.from);
    out["to"] = domain::format_iso(r.to);
    out["low_cost_rental"] = group(r.low_cost_rental);
    out["low_cost_home_ownership"] = group(r.low_cost_home_ownership);
    out["all"] = group(r.all);
    out["responses"] = r.responses;
    out["earlier_superseded"] = r.earlier_superseded;
    out["method"] =
        "Perception survey responses made on UK days in [from, to), each respondent counted once by their "
        "most "
        "recent response. TP01 overall satisfaction, TP02 satisfaction with the repairs service (respondents "
        "who had a repair in the last 12 months), TP03 satisfaction with the time taken to complete the most "
        "recent repair: the share answering very or fairly satisfied, of those who answered on the scale "
        "(don't know, not applicable and blank are left out). Split by tenure, as the regulator reports "
        "them.";
    return out;
}

std::string tsm_to_csv(const domain::tsm_report& r) {
    std::string out = line({"measure", "tenure", "respondents", "count", "satisfied", "percent"});
    const auto group = [&out](std::string_view tenure, const domain::tsm_group& g) {
        for (const auto& [name, m] :
             {std::pair{"TP01", &g.tp01}, std::pair{"TP02", &g.tp02}, std::pair{"TP03", &g.tp03}}) {
            out += line({name, std::string(tenure), std::to_string(g.respondents), std::to_string(m->count),
                         std::to_string(m->meeting), percent_text(*m)});
        }
    };
    group("low_cost_rental", r.low_cost_rental);
    group("low_cost_home_ownership", r.low_cost_home_ownership);
    group("all", r.all);
    return out;
}

std::string csv_field(std::string_view text) {
    std::string value(text);
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
        value.insert(value.begin(), '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string out = "\"";
    for (char c : value) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string job_csv_header() {
    return line({"reference", "uprn", "category", "priority", "hazard", "status", "source", "contractor_id",
                 "reported_at", "completed_at", "target_due", "recharge"});
}

std::string job_csv_row(const app::job_export_row& row) {
    const auto& j = row.job;
    return line({j.reference, j.uprn, std::string(domain::to_string(j.category)),
                 j.priority ? std::string(domain::to_string(*j.priority)) : "",
                 std::string(domain::to_string(j.hazard)), std::string(domain::to_string(j.state)),
                 std::string(domain::to_string(j.source)),
                 j.contractor_id ? std::to_string(*j.contractor_id) : "", domain::format_iso(j.created_at),
                 optional_time(j.completed_at), optional_time(row.target_due), j.recharge ? "yes" : "no"});
}

std::string event_csv_header() {
    return line({"reference", "seq", "at", "actor_role", "actor_id", "action", "from", "to", "note",
                 "internal_note", "data"});
}

std::string event_csv_row(const std::string& reference, const domain::event& e) {
    json::object data;
    for (const auto& [k, v] : e.data) {
        data[k] = v;
    }
    return line({reference, std::to_string(e.seq), domain::format_iso(e.at),
                 std::string(domain::to_string(e.actor_role)), std::to_string(e.actor_id),
                 std::string(domain::to_string(e.action)),
                 e.from ? std::string(domain::to_string(*e.from)) : "", std::string(domain::to_string(e.to)),
                 e.note, e.internal_note, json::serialize(data)});
}

// "n/a" when there is nothing to count.
std::string percent_text(const domain::share_measure& m) {
    const auto percent = m.percent();
    return percent ? number(*percent) : "n/a";
}

json::object complaint_figures_to_json(const domain::complaint_figures& f) {
    const auto stage = [](const domain::complaint_stage_figures& s) {
        return json::object{{"received", s.received},
                            {"acknowledged", s.acknowledged},
                            {"acknowledged_in_time", measure_json(s.acknowledged_in_time)},
                            {"responded_in_time", measure_json(s.responded_in_time)},
                            {"extended", s.extended},
                            {"per_1000_homes", s.per_1000_homes ? json::value(rounded(*s.per_1000_homes))
                                                                : json::value(nullptr)}};
    };
    return {{"from", domain::format_iso(f.from)},
            {"to", domain::format_iso(f.to)},
            {"homes", f.homes},
            {"stage1", stage(f.stage1)},
            {"stage2", stage(f.stage2)}};
}

} // namespace mend::formats
