// The outbox's and the social inbox's time columns: Unix milliseconds, NULL for none.
#pragma once

#include "domain/time.hpp"

#include <SQLiteCpp/Statement.h>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::storage {

inline domain::instant read_millis(SQLite::Statement& row, int column) {
    return domain::from_unix_millis(row.getColumn(column).getInt64());
}

inline std::optional<domain::instant> read_optional_millis(SQLite::Statement& row, int column) {
    if (row.getColumn(column).isNull()) {
        return std::nullopt;
    }
    return read_millis(row, column);
}

inline void bind_millis(SQLite::Statement& s, int index, std::optional<domain::instant> t) {
    if (t) {
        s.bind(index, domain::to_unix_millis(*t));
    } else {
        s.bind(index);
    }
}

// Runs `q`, a query of ids whose parameters are, in order, a name (a channel or a network), a time and a
// limit; returns the ids.
inline std::vector<std::int64_t> ids_by_name_and_time(SQLite::Statement& q, std::string_view name,
                                                      domain::instant t, std::size_t limit) {
    q.bind(1, std::string(name));
    bind_millis(q, 2, t);
    q.bind(3, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> out;
    while (q.executeStep()) {
        out.push_back(q.getColumn(0).getInt64());
    }
    return out;
}

} // namespace mend::storage
