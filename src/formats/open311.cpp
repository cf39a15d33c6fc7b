#include "formats/open311.hpp"

#include <boost/json.hpp>

namespace mend::formats {

namespace json = boost::json;

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// A small tree that writes as GeoReport's XML or its JSON: a list writes as an array of its children (whose
// names are the XML's item tags), a record as an object, a value as a string or a boolean.
struct node {
    enum class kind { value, flag, record, list } shape = kind::value;
    std::string name;
    std::string text;
    std::vector<node> children;
};

node value(std::string name, std::string text) {
    return {node::kind::value, std::move(name), std::move(text), {}};
}
node flag(std::string name, bool on) {
    return {node::kind::flag, std::move(name), on ? "true" : "false", {}};
}
node record(std::string name, std::vector<node> children) {
    return {node::kind::record, std::move(name), {}, std::move(children)};
}
node list(std::string name, std::vector<node> children) {
    return {node::kind::list, std::move(name), {}, std::move(children)};
}

void write_xml(const node& n, std::string& out) {
    out += "<" + n.name + ">";
    if (n.shape == node::kind::value || n.shape == node::kind::flag) {
        out += xml_escape(n.text);
    } else {
        for (const auto& c : n.children) {
            write_xml(c, out);
        }
    }
    out += "</" + n.name + ">";
}

json::value to_json(const node& n) {
    switch (n.shape) {
    case node::kind::value:
        return json::value(n.text);
    case node::kind::flag:
        return json::value(n.text == "true");
    case node::kind::record: {
        json::object o;
        for (const auto& c : n.children) {
            o[c.name] = to_json(c);
        }
        return o;
    }
    case node::kind::list:
        break;
    }
    json::array a;
    for (const auto& c : n.children) {
        a.push_back(to_json(c));
    }
    return a;
}

open311_document document(open311_format f, const node& root) {
    if (f == open311_format::json) {
        return {"application/json; charset=utf-8", json::serialize(to_json(root))};
    }
    std::string body = R"(<?xml version="1.0" encoding="utf-8"?>)";
    write_xml(root, body);
    return {"text/xml; charset=utf-8", std::move(body)};
}

// The length of the well-formed UTF-8 sequence at the start of `s` that XML 1.0 allows, or 0.
std::size_t allowed_sequence(std::string_view s) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    if (b0 < 0x80) {
        return (b0 >= 0x20 || b0 == '\t' || b0 == '\n' || b0 == '\r') ? 1 : 0;
    }
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2;
        cp = b0 & 0x1FU;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3;
        cp = b0 & 0x0FU;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4;
        cp = b0 & 0x07U;
    } else {
        return 0;
    }
    if (s.size() < n) {
        return 0;
    }
    for (std::size_t i = 1; i < n; ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6U) | (b & 0x3FU);
    }
    constexpr std::uint32_t min_of[] = {0, 0, 0x80, 0x800, 0x10000};
    const bool ok =
        cp >= min_of[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF;
    return ok ? n : 0;
}

node service_node(const app::service& s) {
    return record("service", {value("service_code", s.code), value("service_name", s.name),
                              value("description", s.description), flag("metadata", true),
                              value("type", "realtime"), value("keywords", ""), value("group", s.group),
                              list("groups", {value("group", s.group)})});
}

node attribute_node(const app::service_attribute& a) {
    std::vector<node> values;
    for (const auto& v : a.values) {
        values.push_back(record("value", {value("key", v.key), value("name", v.name)}));
    }
    std::vector<node> fields{flag("variable", a.variable),       value("code", a.code),
                             value("datatype", a.datatype),      flag("required", a.required),
                             value("datatype_description", ""),  value("order", std::to_string(a.order)),
                             value("description", a.description)};
    if (!a.automated.empty()) {
        fields.push_back(value("automated", a.automated));
    }
    fields.push_back(list("values", std::move(values)));
    return record("attribute", std::move(fields));
}

node request_node(const app::request_view& v) {
    const auto& r = v.request;
    const app::service* s = app::find_service(r.service_code);
    std::string status = "open";
    std::string extended = "OPEN";
    std::string description;
    domain::instant updated = r.created_at;
    if (v.job) {
        status = open311_plain_status(v.job->state);
        extended = open311_status(v.job->state);
        description = v.job->description;
        updated = v.job->updated_at;
    }
    return record("request",
                  {value("service_request_id", r.service_request_id), value("status", status),
                   value("extended_status", extended), value("service_code", r.service_code),
                   value("service_name", s != nullptr ? s->name : r.service_code),
                   value("description", description), value("requested_datetime", w3c_time(r.created_at)),
                   value("updated_datetime", w3c_time(updated)), value("address", r.address_string),
                   value("lat", r.lat), value("long", r.lon)});
}

} // namespace

std::string_view open311_status(domain::status s) {
    using enum domain::status;
    switch (s) {
    case reported:
        return "OPEN";
    case triaged:
        return "INVESTIGATING";
    case assigned:
    case scheduled:
        return "ACTION_SCHEDULED";
    case in_progress:
    case on_hold:
        return "IN_PROGRESS";
    case completed:
    case resolved:
    case closed:
        return "FIXED";
    case cancelled:
        return "CANCELLED";
    case rejected:
        return "NO_FURTHER_ACTION";
    case duplicate:
        return "DUPLICATE";
    }
    return "OPEN";
}

std::string_view open311_plain_status(domain::status s) {
    const auto extended = open311_status(s);
    return extended == "OPEN" || extended == "INVESTIGATING" || extended == "ACTION_SCHEDULED" ||
                   extended == "IN_PROGRESS"
               ? "open"
               : "closed";
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const std::size_t n = allowed_sequence(text);
        if (n == 0) {
            out += replacement;
            text.remove_prefix(1);
            continue;
        }
        switch (text[0]) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        case '\r':
            out += "&#13;"; // kept as sent; a raw CR would be read as a line end
            break;
        default:
            out.append(text.substr(0, n));
        }
        text.remove_prefix(n);
    }
    return out;
}

std::string w3c_time(domain::instant t) {
    return domain::format_iso(t);
}

open311_document services_document(open311_format f, const std::vector<app::service>& services) {
    std::vector<node> items;
    items.reserve(services.size());
    for (const auto& s : services) {
        items.push_back(service_node(s));
    }
    return document(f, list("services", std::move(items)));
}

open311_document definition_document(open311_format f, const app::service& s,
                                     const std::vector<app::service_attribute>& attributes) {
    std::vector<node> items;
    items.reserve(attributes.size());
    for (const auto& a : attributes) {
        items.push_back(attribute_node(a));
    }
    return document(f, record("service_definition",
                              {value("service_code", s.code), list("attributes", std::move(items))}));
}

open311_document created_document(open311_format f, const std::string& service_request_id) {
    return document(f, list("service_requests",
                            {record("request", {value("service_request_id", service_request_id),
                                                value("service_notice", ""), value("account_id", "")})}));
}

open311_document requests_document(open311_format f, const std::vector<app::request_view>& requests) {
    std::vector<node> items;
    items.reserve(requests.size());
    for (const auto& r : requests) {
        items.push_back(request_node(r));
    }
    return document(f, list("service_requests", std::move(items)));
}

open311_document updates_document(open311_format f, const std::vector<app::open311_update>& updates) {
    std::vector<node> items;
    items.reserve(updates.size());
    for (const auto& u : updates) {
        items.push_back(
            record("request_update",
                   {value("update_id", u.update_id), value("service_request_id", u.service_request_id),
                    value("status", std::string(open311_status(u.status))),
                    value("updated_datetime", w3c_time(u.at)), value("description", u.description),
                    value("media_url", "")}));
    }
    return document(f, list("service_request_updates", std::move(items)));
}

open311_document update_created_document(open311_format f, const std::string& update_id) {
    return document(
        f, list("service_request_updates", {record("request_update", {value("update_id", update_id)})}));
}

open311_document errors_document(open311_format f, int code, std::string_view description) {
    return document(f, list("errors", {record("error", {value("code", std::to_string(code)),
                                                        value("description", std::string(description))})}));
}

} // namespace mend::formats
