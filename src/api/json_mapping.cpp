#include "api/json_mapping.hpp"

#include <algorithm>
#include <array>

namespace mend::api {

namespace json = boost::json;

namespace {

json::value optional_text(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

json::value optional_id(const std::optional<domain::id_t>& id) {
    return id ? json::value(*id) : json::value(nullptr);
}

template <typename E> json::value optional_enum(const std::optional<E>& e) {
    return e ? json::value(domain::to_string(*e)) : json::value(nullptr);
}

// Reads optional typed members of a JSON object, naming the field on a type error.
class reader {
public:
    reader(const json::object& body, std::string prefix = {})
        : body_(body)
        , prefix_(std::move(prefix)) {}

    std::optional<app::problem> check_known(std::initializer_list<std::string_view> known) const {
        for (const auto& member : body_) {
            if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
                return app::invalid(name(member.key()), "unknown field " + name(member.key()));
            }
        }
        return std::nullopt;
    }

    std::optional<app::problem> text(std::string_view key, std::optional<std::string>& out) const {
        const json::value* v = body_.if_contains(key);
        if (v == nullptr || v->is_null()) {
            return std::nullopt;
        }
        if (!v->is_string()) {
            return app::invalid(name(key), name(key) + " must be a string");
        }
        out = std::string(v->get_string());
        return std::nullopt;
    }

    std::optional<app::problem> text(std::string_view key, std::string& out) const {
        std::optional<std::string> value;
        auto p = text(key, value);
        out = value.value_or("");
        return p;
    }

    // UPRNs are often sent as numbers; both forms are accepted.
    std::optional<app::problem> text_or_number(std::string_view key, std::string& out) const {
        const json::value* v = body_.if_contains(key);
        if (v != nullptr && v->is_int64()) {
            out = std::to_string(v->get_int64());
            return std::nullopt;
        }
        return text(key, out);
    }

    std::optional<app::problem> integer(std::string_view key, std::optional<std::int64_t>& out) const {
        const json::value* v = body_.if_contains(key);
        if (v == nullptr || v->is_null()) {
            return std::nullopt;
        }
        if (v->is_int64()) {
            out = v->get_int64();
        } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
            out = static_cast<std::int64_t>(v->get_uint64());
        } else {
            return app::invalid(name(key), name(key) + " must be a whole number");
        }
        return std::nullopt;
    }

    std::optional<app::problem> texts(std::string_view key, std::vector<std::string>& out) const {
        const json::value* v = body_.if_contains(key);
        if (v == nullptr || v->is_null()) {
            return std::nullopt;
        }
        if (!v->is_array()) {
            return app::invalid(name(key), name(key) + " must be an array of strings");
        }
        for (const auto& item : v->get_array()) {
            if (!item.is_string()) {
                return app::invalid(name(key), name(key) + " must be an array of strings");
            }
            out.emplace_back(item.get_string());
        }
        return std::nullopt;
    }

    const json::object* object(std::string_view key, std::optional<app::problem>& error) const {
        const json::value* v = body_.if_contains(key);
        if (v == nullptr || v->is_null()) {
            return nullptr;
        }
        if (!v->is_object()) {
            error = app::invalid(name(key), name(key) + " must be an object");
            return nullptr;
        }
        return &v->get_object();
    }

private:
    std::string name(std::string_view key) const { return prefix_ + std::string(key); }

    const json::object& body_;
    std::string prefix_;
};

} // namespace

json::object job_to_json(const domain::job& job, const std::vector<std::string>& allowed) {
    json::object out;
    out["reference"] = job.reference;
    out["status"] = domain::to_string(job.state);
    out["version"] = job.version;
    out["uprn"] = job.uprn;
    out["category"] = domain::to_string(job.category);
    out["description"] = job.description;
    out["location"] = job.location;
    out["priority"] = optional_enum(job.priority);
    out["hazard"] = domain::to_string(job.hazard);
    out["source"] = domain::to_string(job.source);
    out["tenant_id"] = optional_id(job.tenant_id);
    out["raised_by"] = job.raised_by;
    out["contractor_id"] = optional_id(job.contractor_id);
    out["accepted"] = job.accepted;
    if (job.appointment) {
        out["appointment"] = json::object{{"start", domain::format_iso(job.appointment->start)},
                                          {"end", domain::format_iso(job.appointment->end)}};
    } else {
        out["appointment"] = nullptr;
    }
    out["hold_reason"] = optional_enum(job.hold);
    out["duplicate_of"] = optional_text(job.duplicate_of);
    out["created_at"] = domain::format_iso(job.created_at);
    out["updated_at"] = domain::format_iso(job.updated_at);
    out["completed_at"] = optional_time(job.completed_at);
    if (job.place) {
        out["place"] =
            json::object{{"id", job.place->id}, {"kind", job.place->kind}, {"name", job.place->name}};
    } else {
        out["place"] = nullptr;
    }
    out["public_summary"] = job.public_summary;
    out["recharge"] = job.recharge;
    json::array actions;
    for (const auto& a : allowed) {
        actions.emplace_back(a);
    }
    out["allowed_actions"] = std::move(actions);
    return out;
}

json::object event_to_json(const domain::event& e, bool show_internal) {
    json::object out;
    out["seq"] = e.seq;
    out["at"] = domain::format_iso(e.at);
    out["actor"] =
        json::object{{"id", e.actor_id}, {"role", domain::to_string(e.actor_role)}, {"name", e.actor_name}};
    out["action"] = domain::to_string(e.action);
    out["from"] = optional_enum(e.from);
    out["to"] = domain::to_string(e.to);
    out["note"] = e.note;
    if (show_internal) {
        out["internal_note"] = e.internal_note;
    }
    json::object data;
    for (const auto& [key, value] : e.data) {
        data[key] = value;
    }
    out["data"] = std::move(data);
    return out;
}

json::object actor_to_json(const domain::actor& who) {
    return {{"id", who.user_id},
            {"role", domain::to_string(who.role)},
            {"name", who.name},
            {"contractor_id", optional_id(who.contractor_id)}};
}

json::object place_to_json(const app::place_record& place) {
    json::object out{{"id", place.id},
                     {"kind", app::to_string(place.kind)},
                     {"name", place.name},
                     {"address", place.address},
                     {"uprn", optional_text(place.uprn)}};
    if (place.kind == app::place_kind::block) {
        out["estate_id"] = optional_id(place.estate_id);
    }
    return out;
}

json::object home_to_json(const app::property_record& home) {
    return {{"id", home.id},
            {"uprn", home.uprn},
            {"address", home.address},
            {"postcode", home.postcode},
            {"block_id", optional_id(home.block_id)},
            {"estate_id", optional_id(home.estate_id)}};
}

app::outcome<app::new_place> parse_place(const json::object& body, app::place_kind kind) {
    const reader r(body);
    app::new_place out{std::string(app::to_string(kind)), {}, {}};
    std::optional<std::int64_t> estate;
    const bool block = kind == app::place_kind::block;
    for (auto p : {block ? r.check_known({"name", "address", "uprn", "estate_id"})
                         : r.check_known({"name", "address", "uprn"}),
                   r.text("name", out.name), r.text("address", out.address),
                   r.text_or_number("uprn", out.uprn), r.integer("estate_id", estate)}) {
        if (p) {
            return *p;
        }
    }
    out.estate_id = estate;
    return out;
}

app::outcome<app::new_follower> parse_follower(const json::object& body) {
    const reader r(body);
    app::new_follower out;
    std::optional<std::int64_t> user;
    std::optional<std::int64_t> mention;
    for (auto p :
         {r.check_known({"kind", "user_id", "channel", "address", "name", "mention_id"}),
          r.text("kind", out.kind), r.integer("user_id", user), r.text("channel", out.channel),
          r.text("address", out.address), r.text("name", out.name), r.integer("mention_id", mention)}) {
        if (p) {
            return *p;
        }
    }
    out.user_id = user;
    out.mention_id = mention;
    return out;
}

json::object follower_to_json(const app::follower_record& f) {
    const auto text_or_null = [](const std::string& t) {
        return t.empty() ? json::value(nullptr) : json::value(t);
    };
    json::object o{{"id", f.id}, {"kind", std::string(app::to_string(f.kind))}, {"name", f.name}};
    o["user_id"] = f.user_id ? json::value(*f.user_id) : json::value(nullptr);
    o["mention_id"] = f.mention_id ? json::value(*f.mention_id) : json::value(nullptr);
    o["mention_reference"] = text_or_null(f.mention_reference);
    o["channel"] = text_or_null(f.channel);
    o["address"] = text_or_null(f.address);
    o["added_at"] = domain::format_iso(f.added_at);
    return o;
}

app::outcome<app::report_command> parse_report(const json::object& body) {
    const reader r(body);
    app::report_command cmd;
    std::optional<std::int64_t> tenant;
    for (auto p : {r.check_known({"uprn", "category", "description", "location", "priority", "hazard",
                                  "tenant_id", "source", "notify_via", "block", "estate", "public_summary"}),
                   r.integer("block", cmd.block), r.integer("estate", cmd.estate),
                   r.text("public_summary", cmd.public_summary), r.text_or_number("uprn", cmd.uprn),
                   r.text("category", cmd.category), r.text("description", cmd.description),
                   r.text("location", cmd.location), r.text("priority", cmd.priority),
                   r.text("hazard", cmd.hazard), r.integer("tenant_id", tenant), r.text("source", cmd.source),
                   r.texts("notify_via", cmd.notify_via)}) {
        if (p) {
            return *p;
        }
    }
    if (cmd.category.empty()) {
        return app::invalid("category", "category is required: one of " + domain::one_of<domain::category>());
    }
    cmd.tenant_id = tenant;
    return cmd;
}

app::outcome<app::action_command> parse_action(const json::object& body) {
    const reader r(body);
    app::action_command cmd;
    std::optional<std::int64_t> contractor;
    for (auto p :
         {r.check_known({"action", "note", "internal_note", "priority", "hazard", "contractor_id",
                         "appointment", "reason", "duplicate_of", "expected_version", "clock", "safety_work",
                         "further_works", "repair_rating", "time_rating", "reason_detail", "aware_at",
                         "awareness_source", "public_summary"}),
          r.text("public_summary", cmd.public_summary), r.text("action", cmd.action),
          r.text("note", cmd.note), r.text("internal_note", cmd.internal_note),
          r.text("priority", cmd.priority), r.text("hazard", cmd.hazard),
          r.integer("contractor_id", contractor), r.text("reason", cmd.reason),
          r.text("duplicate_of", cmd.duplicate_of), r.integer("expected_version", cmd.expected_version),
          r.text("clock", cmd.clock), r.text("reason_detail", cmd.reason_detail),
          r.text("safety_work", cmd.safety_work), r.text("further_works", cmd.further_works),
          r.integer("repair_rating", cmd.repair_rating), r.integer("time_rating", cmd.time_rating),
          r.text("aware_at", cmd.aware_at), r.text("awareness_source", cmd.awareness_source)}) {
        if (p) {
            return *p;
        }
    }
    if (cmd.action.empty()) {
        return app::invalid("action", "action is required");
    }
    cmd.contractor_id = contractor;
    std::optional<app::problem> error;
    if (const json::object* slot = r.object("appointment", error)) {
        const reader slot_reader(*slot, "appointment.");
        for (auto p :
             {slot_reader.check_known({"start", "end"}), slot_reader.text("start", cmd.appointment_start),
              slot_reader.text("end", cmd.appointment_end)}) {
            if (p) {
                return *p;
            }
        }
        cmd.has_appointment = true;
    }
    if (error) {
        return *error;
    }
    return cmd;
}

json::value optional_time(const std::optional<domain::instant>& t) {
    return t ? json::value(domain::format_iso(*t)) : json::value(nullptr);
}

app::outcome<app::complaint_input> parse_complaint(const json::object& body) {
    const reader r(body);
    app::complaint_input in;
    for (auto p : {r.check_known({"job", "summary", "outcome_wanted", "via", "received_at", "mention"}),
                   r.text("mention", in.mention), r.text("job", in.job), r.text("summary", in.summary),
                   r.text("outcome_wanted", in.outcome_wanted), r.text("via", in.via),
                   r.text("received_at", in.received_at)}) {
        if (p) {
            return *p;
        }
    }
    return in;
}

app::outcome<app::complaint_step_input> parse_complaint_step(const json::object& body) {
    const reader r(body);
    app::complaint_step_input in;
    std::optional<std::int64_t> days;
    for (auto p : {r.check_known({"action", "note", "response", "reason", "days", "job"}),
                   r.text("action", in.action), r.text("note", in.note), r.text("response", in.response),
                   r.text("reason", in.reason), r.integer("days", days), r.text("job", in.job)}) {
        if (p) {
            return *p;
        }
    }
    if (days) {
        in.days = std::to_string(*days);
    }
    return in;
}

} // namespace mend::api
