// `mend restore --from FILE`: puts a backup in place as a data directory's database, with the server stopped.
#include "cli/data_lock.hpp"
#include "cli/subcommand.hpp"
#include "storage/sqlite/backup.hpp"

#include <memory>

namespace mend::cli {

namespace {

struct restore_request {
    std::string from;
    bool force = false;
};

int restore(const config& cfg, const restore_request& in) {
    std::filesystem::create_directories(cfg.data);
    // Held until the restore is done, so that no server starts on the directory meanwhile.
    const auto lock = data_lock::try_take(cfg.data, data_lock::kind::exclusive);
    if (!lock) {
        throw refused("--data: a mend server is running on " + cfg.data.string() + "; stop it first");
    }
    const auto database = cfg.data / "mend.db";
    if (std::filesystem::exists(database) && !in.force) {
        throw refused(
            "--data: " + database.string() +
            " exists; add --force to replace it with the backup (everything since the backup is lost)");
    }
    const int version = storage::restore_database(in.from, database);
    return print({{"restored", in.from}, {"database", database.string()}, {"schema_version", version}});
}

} // namespace

void add_restore(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd = cli.add_subcommand("restore", "put a backup in place as the database of a data directory");
    cmd->footer(
        "Refuses while a server runs on the data directory, and when it already has a database unless\n"
        "--force is given. The backup is checked first (integrity_check, a schema this mend knows); the copy "
        "is\n"
        "one transaction, so a restore cut short leaves the database as it was. Start the server on the\n"
        "directory afterwards; it applies any newer migrations. Copy the photos folder back as well.");
    auto in = std::make_shared<restore_request>();
    cmd->add_option("--from", in->from, "the backup file (from mend backup)")->required();
    cmd->add_flag("--force", in->force, "replace the data directory's database when it has one");
    add_config_option(*cmd, common, "TOML configuration file (for [storage] data)");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return restore(cfg, *in);
                   }});
}

} // namespace mend::cli
