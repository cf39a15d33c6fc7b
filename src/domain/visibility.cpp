#include "domain/visibility.hpp"

namespace mend::domain {

visibility visibility_of(const actor& who) {
    switch (who.role) {
    case role::officer:
    case role::admin:
    case role::system:
        return {scope::all, 0};
    case role::tenant:
        return {scope::tenant, who.user_id};
    case role::contractor:
        if (who.contractor_id) {
            return {scope::firm, *who.contractor_id};
        }
        return {scope::none, 0};
    }
    return {scope::none, 0};
}

bool visible(const visibility& seen, const job& job, bool holds_home) {
    switch (seen.scope) {
    case scope::all:
        return true;
    case scope::tenant:
        return job.tenant_id == seen.id || holds_home;
    case scope::firm:
        return job.contractor_id == seen.id;
    case scope::none:
        return false;
    }
    return false;
}

bool can_see(const actor& who, const job& job, bool holds_home) {
    return visible(visibility_of(who), job, holds_home);
}

bool may_view(const actor& who, const job& job, bool holds_home, bool lives_in_place) {
    return can_see(who, job, holds_home) || (who.role == role::tenant && job.place && lives_in_place);
}

} // namespace mend::domain
