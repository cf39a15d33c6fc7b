// Leaseholders and shared owners: the repairs inside their own home that are theirs to arrange (a list the
// landlord configures by kind of repair), and the refusal of a report of one, so that a leaseholder is told
// at once rather than left waiting for a job the landlord will reject.
//
// A tenancy's tenure says how the resident holds the home (domain::home_tenure). The landlord still repairs
// the structure, the outside and the shared areas for everyone: a leaseholder reports those as a tenant does,
// and a communal job for a block or estate with leasehold homes carries the recharge flag
// (domain::job::recharge).
#pragma once

#include "app/error.hpp"
#include "app/unit_of_work.hpp"
#include "domain/enums.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

struct leasehold_policy {
    // Inside a home held by a leaseholder or a shared owner, these kinds of repair are theirs to arrange.
    std::vector<domain::category> own_repairs{domain::category::plumbing, domain::category::heating,
                                              domain::category::electrical, domain::category::carpentry,
                                              domain::category::pests};

    bool owns(domain::category c) const;
};

// Whether the tenure holds a lease (leaseholder, shared owner): the landlord repairs less inside the home.
bool holds_a_lease(domain::home_tenure t);

// What a kind of repair covers inside a home, for the list a leaseholder reads: "taps, sinks, toilets, ...".
std::string_view inside_the_home(domain::category c);

// The policy's kinds of repair from their wire names ("plumbing", ...); a problem naming `field` for an
// unknown name.
outcome<leasehold_policy> leasehold_policy_of(const std::vector<std::string>& names, std::string_view field);

// Refuses a resident's report of a repair inside their own home that is theirs to arrange as its leaseholder
// or shared owner (field "category", saying what to do instead). Staff may still raise any job: an officer
// decides, for example, that a leak comes from the flat above.
class leasehold_listener final : public change_listener {
public:
    explicit leasehold_listener(const leasehold_policy& policy); // outlives this
    std::optional<problem> before_change(unit_of_work& uow, const change& proposed,
                                         domain::event_data& data) override;
    void on_change(unit_of_work& /*uow*/, const change& /*c*/) override {}

private:
    const leasehold_policy& policy_;
};

} // namespace mend::app
