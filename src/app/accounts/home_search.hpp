// Phone intake: an officer finds the caller's home and tenant by postcode, address or name, never by UPRN.
#pragma once

#include "app/accounts/web_ports.hpp"
#include "app/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

constexpr int max_home_matches = 20;
constexpr std::size_t max_search_text = 100;

// The words of what was typed, lower-cased: runs of letters and digits (any other character separates
// words, so "NW1 9", "Agar-Gro" and "o'conn" work), at most 8 of them.
std::vector<std::string> search_words(std::string_view text);

// The homes whose address, postcode or tenants' names have words starting with each word typed, best first
// (a tenant's name weighs most, then the postcode). Staff only; `q` names the field at fault.
outcome<std::vector<home_match>> find_homes(web_read_store& store, const domain::actor& who,
                                            std::string_view text);

// A home chosen from the results, and the tenant the call is from (none: the home has no tenant, or the
// caller is not one of them).
struct intake_choice {
    property_record home;
    std::optional<user_record> tenant;
};

// The choice carried by the report step's links and form (ids as text); refused, naming `home` or `tenant`,
// when the home does not exist or the tenant does not hold it.
outcome<intake_choice> choose_home(web_read_store& store, const domain::actor& who, std::string_view home_id,
                                   std::string_view tenant_id);

} // namespace mend::app
