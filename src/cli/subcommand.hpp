// What the subcommands of `mend` share: how each registers itself with CLI11, the options several take, how a
// refused input reaches the user, and the JSON the set-up commands print.
#pragma once

#include "app/accounts/admin.hpp"
#include "app/error.hpp"
#include "app/reports.hpp"
#include "cli/config.hpp"
#include "domain/text.hpp"
#include "storage/sqlite/database.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mend::cli {

// Options more than one subcommand takes; the config is loaded from them once the line is parsed.
struct common_options {
    std::optional<std::string> config_file;
    overrides flags;
};

// A subcommand that does something: its CLI11 node, and what it does once parsed (the exit code). Each keeps
// its own options alive in what `run` captures.
struct subcommand {
    CLI::App* node;
    std::function<int(const config&)> run;
};
using subcommands = std::vector<subcommand>;

// One per file: each adds its subcommands (each with its --help) to `cli` and to `out`.
using registration = void (*)(CLI::App& cli, common_options& common, subcommands& out);
void add_serve(CLI::App& cli, common_options& common, subcommands& out);
void add_migrate(CLI::App& cli, common_options& common, subcommands& out);
void add_user(CLI::App& cli, common_options& common, subcommands& out);
void add_contractor(CLI::App& cli, common_options& common, subcommands& out);
void add_property(CLI::App& cli, common_options& common, subcommands& out);
void add_place(CLI::App& cli, common_options& common, subcommands& out);
void add_webhook(CLI::App& cli, common_options& common, subcommands& out);
void add_integration(CLI::App& cli, common_options& common, subcommands& out);
void add_demo(CLI::App& cli, common_options& common, subcommands& out);
void add_report(CLI::App& cli, common_options& common, subcommands& out);
void add_survey(CLI::App& cli, common_options& common, subcommands& out);
void add_export(CLI::App& cli, common_options& common, subcommands& out);
void add_backup(CLI::App& cli, common_options& common, subcommands& out);
void add_restore(CLI::App& cli, common_options& common, subcommands& out);
void add_check_config(CLI::App& cli, common_options& common, subcommands& out);
void add_bench(CLI::App& cli, common_options& common, subcommands& out); // hidden: scripts/bench's tools

void add_data_option(CLI::App& cmd, common_options& common);
void add_config_option(CLI::App& cmd, common_options& common, const std::string& description);

// A use case refused the input: the message names the option.
struct refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string option_for(const std::string& field);

template <typename T> T value_or_refuse(app::outcome<T> result) {
    if (!result) {
        throw refused(option_for(result.error().field) + ": " + result.error().message);
    }
    return std::move(*result);
}

// Runs `use_case(uow, args...)` as one unit of work on the data directory's database, waits until it is
// durable and returns its result; a problem rolls the unit back, and so does a refusal thrown inside it.
template <typename UseCase, typename... Args>
auto with_database(const config& cfg, UseCase use_case, const Args&... args) {
    std::filesystem::create_directories(cfg.data);
    storage::database db({cfg.data / "mend.db", 1});
    auto result = app::write_and_wait(db.writes(), use_case, args...);
    db.stop();
    return result;
}

// --from and --to of a report, as a period; then reads it from the data directory's database, which must
// exist already.
void with_reports(const config& cfg, const std::optional<std::string>& from,
                  const std::optional<std::string>& to,
                  const std::function<void(app::report_reads&, const app::period&)>& read);

// Prints one JSON document on a line of stdout; returns the exit code 0.
int print(const boost::json::object& out);

boost::json::value optional_json(const std::optional<std::string>& s);
boost::json::object user_json(const app::created_user& u);
boost::json::object contractor_json(const app::contractor_record& c);
boost::json::object property_json(const app::property_record& p, std::optional<domain::id_t> tenant);

// "plumbing,heating" -> {"plumbing", "heating"} (domain/text.hpp).
using domain::split_list;

} // namespace mend::cli
