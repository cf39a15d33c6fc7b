#include "cli/commands.hpp"

#include "cli/serve.hpp"
#include "cli/subcommand.hpp"
#include "log/log.hpp"
#include "storage/sqlite/connection.hpp"

#include <iostream>

namespace mend::cli {

// serve.cpp holds the server itself; its options are registered here.
void add_serve(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd = cli.add_subcommand("serve", "serve the HTTP API");
    add_config_option(*cmd, common, "TOML configuration file");
    add_data_option(*cmd, common);
    cmd->add_option("--listen", common.flags.listen, "HOST:PORT to listen on (port 0 picks a free port)");
    out.push_back({cmd, serve});
}

int run(int argc, char** argv) {
    storage::configure_sqlite_process(); // before any command opens a database
    CLI::App cli{"mend: a housing-repair tracker for social landlords", "mend"};
    cli.set_version_flag("--version", std::string("mend ") + MEND_VERSION);
    cli.require_subcommand(1);
    common_options common;
    subcommands commands;
    for (registration add : {add_serve, add_migrate, add_user, add_contractor, add_property, add_place,
                             add_webhook, add_integration, add_demo, add_report, add_survey, add_export,
                             add_backup, add_restore, add_check_config, add_bench}) {
        add(cli, common, commands);
    }
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    try {
        const auto file =
            common.config_file ? std::optional<std::filesystem::path>(*common.config_file) : std::nullopt;
        const config cfg = load_config(file, common.flags);
        log::configure(cfg.logging);
        for (const auto& command : commands) {
            if (command.node->parsed()) {
                return command.run(cfg);
            }
        }
        return print({});
    } catch (const refused& e) {
        std::cerr << "mend: " << e.what() << std::endl;
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "mend: error: " << e.what() << std::endl;
        return 1;
    }
}

} // namespace mend::cli
