#include "storage/jobs/job_rows.hpp"

#include "storage/sqlite/binding.hpp"

#include <boost/json.hpp>
#include <stdexcept>

namespace mend::storage {

namespace {

template <typename E> std::optional<E> optional_enum(const SQLite::Column& c) {
    if (c.isNull()) {
        return std::nullopt;
    }
    return parse_stored<E>(c.getString());
}

} // namespace

void throw_unknown_value(std::string_view text) {
    throw std::runtime_error("the database holds a value this mend does not know: \"" + std::string(text) +
                             "\"");
}

domain::job read_job(SQLite::Statement& row) {
    domain::job r;
    r.id = row.getColumn(0).getInt64();
    r.reference = row.getColumn(1).getString();
    r.state = parse_stored<domain::status>(row.getColumn(2).getString());
    r.version = row.getColumn(3).getInt64();
    r.property_id = row.getColumn(4).getInt64();
    r.uprn = row.getColumn(5).getString();
    r.tenant_id = read_optional_id(row.getColumn(6));
    r.raised_by = row.getColumn(7).getInt64();
    r.category = parse_stored<domain::category>(row.getColumn(8).getString());
    r.description = row.getColumn(9).getString();
    r.location = row.getColumn(10).getString();
    r.priority = optional_enum<domain::priority>(row.getColumn(11));
    r.hazard = parse_stored<domain::hazard>(row.getColumn(12).getString());
    r.source = parse_stored<domain::source>(row.getColumn(13).getString());
    r.contractor_id = read_optional_id(row.getColumn(14));
    r.accepted = row.getColumn(15).getInt() != 0;
    const auto start = read_optional_instant(row.getColumn(16));
    const auto end = read_optional_instant(row.getColumn(17));
    if (start && end) {
        r.appointment = domain::appointment{*start, *end};
    }
    r.hold = optional_enum<domain::hold_reason>(row.getColumn(18));
    if (!row.getColumn(19).isNull()) {
        r.duplicate_of = row.getColumn(19).getString();
    }
    r.created_at = domain::from_unix(row.getColumn(20).getInt64());
    r.updated_at = domain::from_unix(row.getColumn(21).getInt64());
    r.completed_at = read_optional_instant(row.getColumn(22));
    r.rated = row.getColumn(23).getInt() != 0;
    if (!row.getColumn(24).isNull()) {
        r.place = domain::job_place{row.getColumn(24).getInt64(), row.getColumn(25).getString(),
                                    row.getColumn(26).getString()};
    }
    r.public_summary = row.getColumn(27).getString();
    r.recharge = row.getColumn(28).getInt() != 0;
    return r;
}

std::string encode_event_data(const domain::event_data& data) {
    boost::json::object obj;
    for (const auto& [key, value] : data) {
        obj[key] = value;
    }
    return boost::json::serialize(obj);
}

domain::event_data decode_event_data(std::string_view json) {
    domain::event_data out;
    const auto value = boost::json::parse(json);
    for (const auto& [key, item] : value.as_object()) {
        out.emplace_back(std::string(key),
                         item.is_string() ? std::string(item.get_string()) : boost::json::serialize(item));
    }
    return out;
}

std::optional<domain::job> find_job_by_reference(connection& c, std::string_view reference) {
    static const std::string sql = std::string(select_job) + "WHERE r.reference = ?";
    auto q = c.prepare(sql);
    q->bind(1, std::string(reference));
    if (!q->executeStep()) {
        return std::nullopt;
    }
    return read_job(*q);
}

bool find_holds_home(connection& c, domain::id_t user_id, domain::id_t property_id) {
    auto q = c.prepare("SELECT 1 FROM tenancies WHERE user_id = ? AND property_id = ?");
    q->bind(1, user_id);
    q->bind(2, property_id);
    return q->executeStep();
}

} // namespace mend::storage
