#include "storage/open311/open311_rows.hpp"

#include "storage/sqlite/millis_columns.hpp"

#include <type_traits>

namespace mend::storage {

namespace {

template <typename T> std::optional<T> optional_column(SQLite::Statement& row, int column) {
    if (row.getColumn(column).isNull()) {
        return std::nullopt;
    }
    if constexpr (std::is_integral_v<T>) {
        return row.getColumn(column).getInt64();
    } else {
        return row.getColumn(column).getString();
    }
}

} // namespace

app::integration read_integration(SQLite::Statement& row) {
    app::integration out;
    out.id = row.getColumn(0).getInt64();
    out.kind = row.getColumn(1).getString();
    out.name = row.getColumn(2).getString();
    out.jurisdiction = row.getColumn(3).getString();
    out.user_id = row.getColumn(4).getInt64();
    out.created_at = read_millis(row, 5);
    out.revoked_at = read_optional_millis(row, 6);
    return out;
}

app::open311_request read_request(SQLite::Statement& row) {
    app::open311_request out;
    out.id = row.getColumn(0).getInt64();
    out.integration_id = row.getColumn(1).getInt64();
    out.sender_id = optional_column<std::string>(row, 2);
    out.service_request_id = row.getColumn(3).getString();
    out.job_id = optional_column<app::id_t>(row, 4);
    out.mention_id = optional_column<app::id_t>(row, 5);
    out.service_code = row.getColumn(6).getString();
    out.lat = row.getColumn(7).getString();
    out.lon = row.getColumn(8).getString();
    out.address_string = row.getColumn(9).getString();
    out.first_name = row.getColumn(10).getString();
    out.last_name = row.getColumn(11).getString();
    out.email = row.getColumn(12).getString();
    out.phone = row.getColumn(13).getString();
    out.created_at = read_millis(row, 14);
    out.job_reference = optional_column<std::string>(row, 15).value_or("");
    return out;
}

} // namespace mend::storage
