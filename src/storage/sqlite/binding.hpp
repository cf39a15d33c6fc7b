// Binding values a plain bind cannot take: optional ones (NULL when there is none) and lists of ids; and
// reading an optional id back.
#pragma once

#include "domain/enums.hpp"
#include "domain/job.hpp"
#include "domain/time.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace mend::storage {

// Whole numbers as 64-bit integers, text as text.
template <typename T> void bind_optional(SQLite::Statement& s, int index, const std::optional<T>& value) {
    if (!value) {
        s.bind(index);
    } else if constexpr (std::is_integral_v<T>) {
        s.bind(index, static_cast<std::int64_t>(*value));
    } else {
        s.bind(index, *value);
    }
}

// An enum by its wire name.
template <typename E>
void bind_optional_enum(SQLite::Statement& s, int index, const std::optional<E>& value) {
    if (value) {
        s.bind(index, std::string(domain::to_string(*value)));
    } else {
        s.bind(index);
    }
}

// A time as Unix seconds.
inline void bind_optional_instant(SQLite::Statement& s, int index,
                                  const std::optional<domain::instant>& value) {
    if (value) {
        s.bind(index, domain::to_unix(*value));
    } else {
        s.bind(index);
    }
}

// A list of ids as one JSON array parameter, for `IN (SELECT value FROM json_each(?))`: one statement,
// prepared once, whatever the list's length.
inline void bind_ids(SQLite::Statement& s, int index, const std::vector<domain::id_t>& ids) {
    std::string array = "[";
    for (const auto id : ids) {
        if (array.size() > 1) {
            array += ',';
        }
        array += std::to_string(id);
    }
    s.bind(index, array + "]");
}

// A time column (Unix seconds) that may be NULL.
inline std::optional<domain::instant> read_optional_instant(const SQLite::Column& c) {
    if (c.isNull()) {
        return std::nullopt;
    }
    return domain::from_unix(c.getInt64());
}

// An INTEGER id column that may be NULL.
inline std::optional<domain::id_t> read_optional_id(const SQLite::Column& c) {
    if (c.isNull()) {
        return std::nullopt;
    }
    return c.getInt64();
}

} // namespace mend::storage
