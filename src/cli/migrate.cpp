// `mend migrate`: creates or upgrades the database schema.
#include "cli/subcommand.hpp"
#include "storage/sqlite/database.hpp"

#include <filesystem>

namespace mend::cli {

void add_migrate(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd = cli.add_subcommand("migrate", "create or upgrade the database schema");
    add_data_option(*cmd, common);
    out.push_back({cmd, [](const config& cfg) {
                       std::filesystem::create_directories(cfg.data);
                       const int version = storage::migrate(cfg.data / "mend.db");
                       return print({{"schema_version", version}});
                   }});
}

} // namespace mend::cli
