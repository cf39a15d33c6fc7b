// `mend migrate`: creates or upgrades the database schema, after a backup; --dry-run says what would run.
#include "cli/subcommand.hpp"
#include "cli/upgrade.hpp"
#include "log/log.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/migrations.hpp"

#include <filesystem>
#include <memory>

namespace mend::cli {

namespace {

struct migrate_request {
    bool dry_run = false;
    bool no_backup = false;
};

// Changes nothing: the version the database has and the migrations this mend would apply to it, in order.
int print_plan(const config& cfg) {
    const auto file = cfg.data / "mend.db";
    const auto plan = storage::plan_migrations(file);
    boost::json::array pending;
    for (const auto& m : plan.pending) {
        pending.push_back(boost::json::object{{"version", m.version}, {"name", m.name}});
    }
    return print({{"database", file.string()},
                  {"schema_version", plan.schema_version},
                  {"pending", std::move(pending)}});
}

} // namespace

void backup_before_migrating(const config& cfg) {
    if (!cfg.backup_before_migrate) {
        return;
    }
    if (const auto copy = storage::backup_before_migrating(cfg.data / "mend.db", cfg.data / "backups")) {
        log::info("backed up the database before migrating it", {{"backup", copy->string()}});
    }
}

void add_migrate(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd = cli.add_subcommand("migrate", "create or upgrade the database schema");
    cmd->footer("Before it applies a migration to a database that has a schema, it copies the database to\n"
                "DATA/backups/mend-schema<N>-<UTC time>.db (as `mend backup` does), unless --no-backup or\n"
                "[storage] backup_before_migrate = false. `mend serve` does the same at start.");
    auto in = std::make_shared<migrate_request>();
    cmd->add_flag("--dry-run", in->dry_run, "list the migrations that would run, as JSON; change nothing");
    cmd->add_flag("--no-backup", in->no_backup, "apply migrations without taking a backup first");
    add_config_option(*cmd, common, "TOML configuration file (for [storage])");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       if (in->dry_run) {
                           return print_plan(cfg);
                       }
                       std::filesystem::create_directories(cfg.data);
                       if (!in->no_backup) {
                           backup_before_migrating(cfg);
                       }
                       const int version = storage::migrate(cfg.data / "mend.db");
                       return print({{"schema_version", version}});
                   }});
}

} // namespace mend::cli
