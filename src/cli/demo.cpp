// `mend demo`: seeds an empty data directory with demo accounts (known passwords), a firm and two homes.
#include "app/accounts/account_store.hpp"
#include "app/accounts/web.hpp"
#include "cli/subcommand.hpp"

#include <map>

namespace mend::cli {

namespace json = boost::json;

namespace {

// Known passwords for the demo accounts, printed by `mend demo` and scripts/run; never for a real install.
std::string demo_password(const std::string& role) {
    return "demo-" + role + "-password";
}

json::object seed_demo(app::unit_of_work& uow, const std::map<std::string, std::string>& hashes) {
    // Ids start at 1 in an empty table, so a user 1 means the directory was set up already.
    if (uow.accounts().user_by_id(1)) {
        throw refused("this data directory already has users; `mend demo` seeds only an empty one");
    }
    json::array accounts, contractors, properties;
    const auto firm = value_or_refuse(
        app::add_contractor(uow, "Fixwell Repairs Ltd", {"plumbing", "heating", "carpentry"}));
    contractors.push_back(contractor_json(firm));
    const auto add = [&](app::new_user u) {
        u.password_hash = hashes.at(u.role);
        auto created = value_or_refuse(app::add_user(uow, u));
        auto account = user_json(created);
        account["password"] = demo_password(u.role);
        accounts.push_back(std::move(account));
        return created.user;
    };
    add({"officer", "Olivia Okafor", "olivia.okafor@example.org", "02079460001", std::nullopt});
    const auto first = add({"tenant", "Tom Byrne", "tom.byrne@example.org", "07700900123", std::nullopt});
    const auto second =
        add({"tenant", "Amira Haddad", "amira.haddad@example.org", "07700900456", std::nullopt});
    add({"contractor", "Carl Mensah", "carl@fixwell.example.org", "07700900789", firm.id});
    add({"admin", "Ada Admin", "ada.admin@example.org", std::nullopt, std::nullopt});
    const auto home1 = value_or_refuse(
        app::add_property(uow, {"100023336956", "Flat 3, 12 Mill Lane, London", "E8 1AB", first.id}));
    properties.push_back(property_json(home1, first.id));
    const auto home2 = value_or_refuse(
        app::add_property(uow, {"100023336957", "7 Orchard Court, London", "E8 2CD", second.id}));
    properties.push_back(property_json(home2, second.id));
    return {{"accounts", std::move(accounts)},
            {"contractors", std::move(contractors)},
            {"properties", std::move(properties)}};
}

int seed(const config& cfg) {
    // Hashes first (slow, outside the writer's transaction).
    std::map<std::string, std::string> hashes;
    for (const char* role : {"officer", "tenant", "contractor", "admin"}) {
        hashes[role] = app::hash_password(demo_password(role));
    }
    return print(with_database(cfg, seed_demo, hashes));
}

} // namespace

void add_demo(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd = cli.add_subcommand("demo", "seed an empty data directory with demo accounts and homes");
    add_data_option(*cmd, common);
    out.push_back({cmd, seed});
}

} // namespace mend::cli
