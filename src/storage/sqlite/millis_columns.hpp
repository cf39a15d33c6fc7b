// The outbox's and the social inbox's time columns: Unix milliseconds, NULL for none.
#pragma once

#include "domain/time.hpp"

#include <SQLiteCpp/Statement.h>
#include <optional>

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

} // namespace mend::storage
