#include "storage/sqlite/visibility_sql.hpp"

namespace mend::storage {

namespace {

constexpr const char* visible_to = ":visible_to";

} // namespace

std::string visibility_condition(const domain::visibility& visibility, std::string_view alias) {
    const std::string table(alias);
    switch (visibility.scope) {
    case domain::scope::all:
        return "1";
    case domain::scope::tenant:
        return "(" + table + ".tenant_id = " + visible_to + " OR " + table +
               ".property_id IN (SELECT property_id FROM tenancies WHERE user_id = " + visible_to + "))";
    case domain::scope::firm:
        return table + ".contractor_id = " + visible_to;
    case domain::scope::none:
        return "0";
    }
    return "0";
}

void bind_visibility(SQLite::Statement& query, const domain::visibility& visibility) {
    if (visibility.scope == domain::scope::tenant || visibility.scope == domain::scope::firm) {
        query.bind(visible_to, visibility.id);
    }
}

} // namespace mend::storage
