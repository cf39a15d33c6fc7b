// `mend webhook add`: a Standard Webhooks endpoint, printed once with its signing secret.
#include "app/notices/notices.hpp"
#include "cli/subcommand.hpp"

#include <chrono>
#include <memory>

namespace mend::cli {

namespace json = boost::json;

namespace {

struct new_endpoint {
    std::string url;
    std::string name;
    std::optional<app::id_t> contractor_id;
    std::optional<std::string> secret;
};

int add_endpoint(const config& cfg, const new_endpoint& in) {
    const auto now = app::system_clock{}.now();
    const auto e = value_or_refuse(
        with_database(cfg, app::add_webhook_endpoint, in.contractor_id, in.name, in.url, in.secret, now));
    json::object out{{"id", e.id}, {"name", e.name}, {"url", e.url}, {"secret", e.secret}};
    out["contractor_id"] = e.contractor_id ? json::value(*e.contractor_id) : json::value(nullptr);
    return print(out);
}

} // namespace

void add_webhook(CLI::App& cli, common_options& common, subcommands& out) {
    auto* hook = cli.add_subcommand("webhook", "manage webhook endpoints")->require_subcommand(1);
    auto* cmd = hook->add_subcommand(
        "add",
        "add a Standard Webhooks endpoint for a contractor firm, or for an integration that hears every "
        "change; prints it with its signing secret");
    auto in = std::make_shared<new_endpoint>();
    cmd->add_option("--url", in->url, "where to POST, e.g. https://firm.example/mend")->required();
    cmd->add_option("--contractor", in->contractor_id, "id of the contractor firm (omit for an integration)");
    cmd->add_option("--name", in->name, "a name for officers to recognise it by");
    cmd->add_option("--secret", in->secret, "whsec_<base64> (default: a new random secret)");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return add_endpoint(cfg, *in);
                   }});
}

} // namespace mend::cli
