// `mend integration add|list|revoke`: clients of Open311 GeoReport v2 (FixMyStreet), each with an API key
// shown once (only its hash is kept) and a user of its own that the history shows as "via NAME".
#include "app/open311.hpp"
#include "cli/subcommand.hpp"

#include <memory>

namespace mend::cli {

namespace json = boost::json;

namespace {

struct revoke_input {
    app::id_t id = 0;
};

json::object integration_json(const app::integration& i) {
    json::object out{{"id", i.id},           {"kind", i.kind},
                     {"name", i.name},       {"jurisdiction", i.jurisdiction},
                     {"user_id", i.user_id}, {"created_at", domain::format_iso(i.created_at)}};
    out["revoked_at"] = i.revoked_at ? json::value(domain::format_iso(*i.revoked_at)) : json::value(nullptr);
    return out;
}

int add_one(const config& cfg, const app::new_integration& in) {
    const auto created =
        value_or_refuse(with_database(cfg, app::add_integration, in, app::system_clock{}.now()));
    json::object out = integration_json(created.record);
    out["api_key"] = created.api_key;
    out["endpoint"] = "/open311/v2/";
    return print(out);
}

int list_all(const config& cfg) {
    json::array items;
    for (const auto& i : with_database(cfg, app::list_integrations)) {
        items.push_back(integration_json(i));
    }
    return print({{"items", std::move(items)}});
}

int revoke_one(const config& cfg, const revoke_input& in) {
    return print(integration_json(
        value_or_refuse(with_database(cfg, app::revoke_integration, in.id, app::system_clock{}.now()))));
}

} // namespace

void add_integration(CLI::App& cli, common_options& common, subcommands& out) {
    auto* group =
        cli.add_subcommand("integration", "manage Open311 integrations (FixMyStreet and other clients)")
            ->require_subcommand(1);

    auto* add =
        group->add_subcommand("add", "add an integration and print it with its API key (shown only once)");
    auto in = std::make_shared<app::new_integration>();
    add->add_option("--kind", in->kind, "the protocol it speaks: open311")
        ->required()
        ->check(CLI::IsMember({"open311"}));
    add->add_option("--name", in->name,
                    "the name officers see in the history (\"via NAME\"), e.g. FixMyStreet")
        ->required();
    add->add_option(
        "--jurisdiction", in->jurisdiction,
        "the jurisdiction_id the client sends (default: none; requests with any or none are accepted)");
    add_data_option(*add, common);
    out.push_back({add, [in](const config& cfg) {
                       return add_one(cfg, *in);
                   }});

    auto* list = group->add_subcommand("list", "list the integrations, revoked ones too, without their keys");
    add_data_option(*list, common);
    out.push_back({list, list_all});

    auto* revoke =
        group->add_subcommand("revoke", "revoke an integration: its API key stops working at once");
    auto id = std::make_shared<revoke_input>();
    revoke->add_option("ID", id->id, "the integration's id")->required();
    add_data_option(*revoke, common);
    out.push_back({revoke, [id](const config& cfg) {
                       return revoke_one(cfg, *id);
                   }});
}

} // namespace mend::cli
