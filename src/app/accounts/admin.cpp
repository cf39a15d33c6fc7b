#include "app/accounts/admin.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "app/places.hpp"
#include "domain/phone.hpp"
#include "domain/text.hpp"

namespace mend::app {

outcome<created_user> add_user(unit_of_work& uow, const new_user& input) {
    const auto r = domain::parse<domain::role>(input.role);
    if (!r || *r == domain::role::system) {
        return invalid("role", "role must be one of tenant, officer, contractor or admin");
    }
    if (domain::is_blank(input.name)) {
        return invalid("name", "name is required");
    }
    std::optional<std::string> email;
    if (input.email) {
        email = std::string(domain::trim(*input.email));
        if (!domain::is_email_address(*email)) {
            return invalid("email", "email must be an email address, like name@example.org");
        }
    }
    std::optional<std::string> phone;
    if (input.phone && !domain::is_blank(*input.phone)) {
        phone = domain::phone_e164(*input.phone);
        if (!phone) {
            return invalid("phone", std::string(domain::phone_format_message));
        }
    }
    if (*r == domain::role::contractor) {
        if (!input.contractor_id) {
            return invalid("contractor", "a contractor user needs the id of their firm (--contractor)");
        }
        if (!uow.accounts().contractor_by_id(*input.contractor_id)) {
            return invalid("contractor", "no contractor firm has id " + std::to_string(*input.contractor_id));
        }
    } else if (input.contractor_id) {
        return invalid("contractor", "only contractor users belong to a firm");
    }
    created_user out;
    out.token = new_token();
    out.user = uow.accounts().insert_user({0, *r, input.name, email, phone, input.contractor_id},
                                          token_hash(out.token));
    if (!input.password_hash.empty()) {
        uow.accounts().set_password_hash(out.user.id, input.password_hash);
    }
    return out;
}

outcome<contractor_record> add_contractor(unit_of_work& uow, const std::string& name,
                                          const std::vector<std::string>& trades) {
    if (domain::is_blank(name)) {
        return invalid("name", "name is required");
    }
    for (const auto& trade : trades) {
        if (!domain::parse<domain::category>(trade)) {
            return invalid("trades", "each trade must be one of " + domain::one_of<domain::category>());
        }
    }
    return uow.accounts().insert_contractor({0, name, trades});
}

outcome<property_record> add_property(unit_of_work& uow, const new_property& input) {
    if (!domain::is_uprn(input.uprn)) {
        return invalid("uprn", "uprn must be the home's UPRN: up to 12 digits");
    }
    if (domain::is_blank(input.address)) {
        return invalid("address", "address is required");
    }
    if (domain::is_blank(input.postcode)) {
        return invalid("postcode", "postcode is required");
    }
    if (uow.accounts().property_by_uprn(input.uprn)) {
        return problem{errc::conflict, "a home with UPRN " + input.uprn + " already exists", "uprn", {}};
    }
    if (input.tenant_id) {
        const auto tenant = uow.accounts().user_by_id(*input.tenant_id);
        if (!tenant || tenant->role != domain::role::tenant) {
            return invalid("tenant", "no tenant has id " + std::to_string(*input.tenant_id));
        }
    } else if (!input.tenure.empty()) {
        return invalid("tenure", "a tenure is the tenant's: name the tenant too, or leave the tenure empty");
    }
    const auto tenure = input.tenure.empty()
                            ? outcome<domain::home_tenure>(domain::home_tenure::tenant)
                            : parse_field<domain::home_tenure>("tenure", domain::trim(input.tenure));
    if (!tenure) {
        return tenure.error();
    }
    const auto places = places_for_home(uow.places(), input.block_id, input.estate_id);
    if (!places) {
        return places.error();
    }
    auto home = uow.accounts().insert_property({0, input.uprn, input.address, input.postcode,
                                                input.access_notes, places->block_id, places->estate_id});
    if (input.tenant_id) {
        uow.accounts().add_tenancy(home.id, *input.tenant_id, *tenure);
    }
    return home;
}

outcome<std::string> set_access_notes(unit_of_work& uow, const domain::actor& who, id_t property_id,
                                      const std::string& notes, domain::instant now) {
    if (who.role != domain::role::officer && who.role != domain::role::admin) {
        return problem{errc::forbidden, "only staff can change a home's access notes", "access_notes", {}};
    }
    std::string kept(domain::trim(notes));
    if (kept.size() > max_access_notes) {
        return invalid("access_notes",
                       "Access notes must be " + std::to_string(max_access_notes) + " characters or fewer");
    }
    if (!uow.accounts().set_access_notes(property_id, kept, who.user_id, now)) {
        return problem{errc::not_found, "no such home", {}, {}};
    }
    return kept;
}

} // namespace mend::app
