// Use cases for setting a landlord up: users, contractor firms and homes, and the homes' access notes.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::app {

struct new_user {
    std::string role;
    std::string name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<id_t> contractor_id;
    std::string password_hash{}; // argon2id (hash_password), hashed before the unit of work; empty: none
};

struct created_user {
    user_record user;
    std::string token; // shown once; only its hash is kept
};

struct new_property {
    std::string uprn;
    std::string address;
    std::string postcode;
    std::optional<id_t> tenant_id;
    std::string access_notes{}; // how a contractor gets in; empty: none
    std::optional<id_t> block_id{};
    std::optional<id_t> estate_id{}; // none: the block's estate, if it has one
    std::string tenure{};            // how the tenant holds it (domain::home_tenure); empty: "tenant"
};

outcome<created_user> add_user(unit_of_work& uow, const new_user& input);
outcome<contractor_record> add_contractor(unit_of_work& uow, const std::string& name,
                                          const std::vector<std::string>& trades);
// The home's block and estate are checked with app::places_for_home.
outcome<property_record> add_property(unit_of_work& uow, const new_property& input);

constexpr std::size_t max_access_notes = 1000; // bytes

// Officers and admins change how a contractor gets into a home (a key safe's code, a dog, which door); the
// notes are trimmed, empty clears them, and who changed them when is recorded. Returns the notes as kept.
outcome<std::string> set_access_notes(unit_of_work& uow, const domain::actor& who, id_t property_id,
                                      const std::string& notes, domain::instant now);

} // namespace mend::app
