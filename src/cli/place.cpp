// `mend place add`: a block or an estate, which homes can then belong to.
#include "api/json_mapping.hpp"
#include "app/places.hpp"
#include "cli/subcommand.hpp"

#include <memory>

namespace mend::cli {

void add_place(CLI::App& cli, common_options& common, subcommands& out) {
    auto* place = cli.add_subcommand("place", "manage blocks and estates")->require_subcommand(1);
    auto* cmd = place->add_subcommand("add", "add a block or an estate");
    auto in = std::make_shared<app::new_place>();
    cmd->add_option("--kind", in->kind, "block or estate")->required();
    cmd->add_option("--name", in->name, "its name, e.g. Agar House")->required();
    cmd->add_option("--address", in->address, "postal address")->required();
    cmd->add_option("--uprn", in->uprn, "its own UPRN, when it has one");
    cmd->add_option("--estate", in->estate_id, "a block's estate (the estate's id)");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return print(
                           api::place_to_json(value_or_refuse(with_database(cfg, app::add_place, *in))));
                   }});
}

} // namespace mend::cli
