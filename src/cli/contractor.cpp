// `mend contractor add`: a contractor firm and the trades it covers.
#include "cli/subcommand.hpp"

#include <memory>

namespace mend::cli {

namespace {

struct new_firm {
    std::string name;
    std::string trades;
};

} // namespace

void add_contractor(CLI::App& cli, common_options& common, subcommands& out) {
    auto* firm = cli.add_subcommand("contractor", "manage contractor firms")->require_subcommand(1);
    auto* cmd = firm->add_subcommand("add", "add a contractor firm");
    auto in = std::make_shared<new_firm>();
    cmd->add_option("--name", in->name, "firm name")->required();
    cmd->add_option("--trades", in->trades, "comma-separated categories, e.g. plumbing,heating");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return print(contractor_json(value_or_refuse(
                           with_database(cfg, app::add_contractor, in->name, split_list(in->trades)))));
                   }});
}

} // namespace mend::cli
