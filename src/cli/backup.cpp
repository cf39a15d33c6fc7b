// `mend backup --to FILE`: an online, consistent copy of the database while the server runs.
#include "storage/sqlite/backup.hpp"

#include "cli/subcommand.hpp"

#include <memory>

namespace mend::cli {

namespace {

struct backup_request {
    std::string to;
    bool force = false;
};

int backup(const config& cfg, const backup_request& in) {
    const std::filesystem::path to = in.to;
    if (std::filesystem::exists(to) && !in.force) {
        throw refused("--to: " + in.to + " exists; add --force to replace it");
    }
    const auto summary = storage::backup_database(cfg.data / "mend.db", to);
    return print({{"backup", to.string()},
                  {"pages", summary.pages},
                  {"bytes", summary.bytes},
                  {"schema_version", summary.schema_version}});
}

} // namespace

void add_backup(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd = cli.add_subcommand("backup", "copy the database to a file, while the server runs");
    cmd->footer(
        "The copy is one consistent snapshot: every change committed before the backup began is in it, and\n"
        "none made after. The server keeps writing meanwhile (SQLite's backup API reads the snapshot in "
        "steps).\n"
        "FILE is a single SQLite file, checked with integrity_check, and appears only once whole. Photos are "
        "files\n"
        "in DATA/photos named by their SHA-256, never changed: copy that folder after the database.\n"
        "Restore with `mend restore --from FILE`.");
    auto in = std::make_shared<backup_request>();
    cmd->add_option("--to", in->to, "the backup file to write")->required();
    cmd->add_flag("--force", in->force, "replace FILE when it exists");
    add_config_option(*cmd, common, "TOML configuration file (for [storage] data)");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return backup(cfg, *in);
                   }});
}

} // namespace mend::cli
