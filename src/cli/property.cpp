// `mend property add`: a home, optionally with the tenant who holds it.
#include "cli/subcommand.hpp"

#include <memory>

namespace mend::cli {

void add_property(CLI::App& cli, common_options& common, subcommands& out) {
    auto* home = cli.add_subcommand("property", "manage homes")->require_subcommand(1);
    auto* cmd = home->add_subcommand("add", "add a home, optionally with its tenant");
    auto in = std::make_shared<app::new_property>();
    cmd->add_option("--uprn", in->uprn, "Unique Property Reference Number")->required();
    cmd->add_option("--address", in->address, "postal address")->required();
    cmd->add_option("--postcode", in->postcode, "postcode")->required();
    cmd->add_option("--tenant", in->tenant_id, "user id of the tenant who holds it");
    cmd->add_option("--tenure", in->tenure,
                    "how the tenant holds it: tenant (the default), leaseholder or shared_owner");
    cmd->add_option("--block", in->block_id, "the id of its block (mend place add)");
    cmd->add_option("--estate", in->estate_id, "the id of its estate; by default its block's");
    cmd->add_option("--access-notes", in->access_notes,
                    "how a contractor gets in (key safe, concierge, pets), shown to the firm assigned");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return print(property_json(value_or_refuse(with_database(cfg, app::add_property, *in)),
                                                  in->tenant_id));
                   }});
}

} // namespace mend::cli
