#include "app/leasehold.hpp"

#include "app/accounts/account_store.hpp"
#include "domain/text.hpp"

#include <algorithm>

namespace mend::app {

bool leasehold_policy::owns(domain::category c) const {
    return std::find(own_repairs.begin(), own_repairs.end(), c) != own_repairs.end();
}

bool holds_a_lease(domain::home_tenure t) {
    return t == domain::home_tenure::leaseholder || t == domain::home_tenure::shared_owner;
}

std::string_view inside_the_home(domain::category c) {
    using domain::category;
    switch (c) {
    case category::plumbing:
        return "taps, sinks, baths, toilets and the pipes that serve only your home";
    case category::heating:
        return "your boiler, radiators and hot water";
    case category::electrical:
        return "wiring, sockets, switches and lights inside your home";
    case category::damp_mould:
        return "condensation and mould inside your home";
    case category::roofing:
        return "a roof that is yours alone";
    case category::windows_doors:
        return "your windows and internal doors";
    case category::carpentry:
        return "kitchen units, worktops, internal doors and floors";
    case category::communal:
        return "shared areas";
    case category::pests:
        return "pests inside your home";
    case category::other:
        break;
    }
    return "other repairs inside your home";
}

outcome<leasehold_policy> leasehold_policy_of(const std::vector<std::string>& names, std::string_view field) {
    leasehold_policy out;
    out.own_repairs.clear();
    for (const auto& name : names) {
        auto c = parse_field<domain::category>(field, name);
        if (!c) {
            return c.error();
        }
        if (*c == domain::category::communal) {
            return invalid(std::string(field),
                           std::string(field) + " cannot hold communal: shared areas are the landlord's to "
                                                "repair, and leaseholders may be recharged for them");
        }
        if (!out.owns(*c)) {
            out.own_repairs.push_back(*c);
        }
    }
    return out;
}

leasehold_listener::leasehold_listener(const leasehold_policy& policy)
    : policy_(policy) {}

std::optional<problem> leasehold_listener::before_change(unit_of_work& uow, const change& proposed,
                                                         domain::event_data& /*data*/) {
    const auto& who = proposed.who;
    const auto& job = proposed.after;
    if (proposed.before != nullptr || who.role != domain::role::tenant || job.place ||
        !policy_.owns(job.category)) {
        return std::nullopt; // not a resident's new report of a repair inside a home
    }
    const auto tenure = uow.accounts().tenure_of(who.user_id, job.property_id);
    if (!tenure || !holds_a_lease(*tenure)) {
        return std::nullopt;
    }
    return invalid("category",
                   "As the " + domain::wire_words(domain::to_string(*tenure)) + " of this home, repairs to " +
                       std::string(inside_the_home(job.category)) +
                       " are yours to arrange. We repair the building's structure, its outside and "
                       "the shared areas: if the problem is in a shared area, say so and report it "
                       "there");
}

} // namespace mend::app
