// Mapping between table rows and domain values, and the queries that both the reader and the writer need.
#pragma once

#include "domain/job.hpp"
#include "storage/sqlite/connection.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace mend::storage {

// The columns read_job expects, in order; append WHERE/ORDER BY to it.
inline constexpr std::string_view select_job =
    "SELECT r.id, r.reference, r.status, r.version, r.property_id, p.uprn, r.tenant_id, r.raised_by, "
    "r.category, "
    "r.description, r.location, r.priority, r.hazard, r.source, r.contractor_id, r.accepted, r.appt_start, "
    "r.appt_end, r.hold_reason, r.duplicate_of, r.created_at, r.updated_at, r.completed_at, r.rated, "
    "r.place_id, pl.kind, pl.name, r.public_summary, r.recharge "
    "FROM requests r JOIN properties p ON p.id = r.property_id LEFT JOIN places pl ON pl.id = r.place_id ";

domain::job read_job(SQLite::Statement& row);

// events.data: a JSON object of string values, in the order given.
std::string encode_event_data(const domain::event_data& data);
domain::event_data decode_event_data(std::string_view json);

[[noreturn]] void throw_unknown_value(std::string_view text);

// Throws when the text is not a wire name of E: the database holds something this build cannot read.
template <typename E> E parse_stored(std::string_view text) {
    if (auto value = domain::parse<E>(text)) {
        return *value;
    }
    throw_unknown_value(text);
}

std::optional<domain::job> find_job_by_reference(connection& c, std::string_view reference);
bool find_holds_home(connection& c, domain::id_t user_id, domain::id_t property_id);

} // namespace mend::storage
