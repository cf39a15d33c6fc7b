// `mend survey import`: perception-survey responses from the survey firm's CSV, for the TSMs (TP01-TP03).
#include "app/surveys.hpp"
#include "cli/subcommand.hpp"

#include <fstream>
#include <memory>
#include <sstream>

namespace mend::cli {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw refused("--file: cannot read " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int import_responses(const config& cfg, const std::string& path) {
    const domain::actor system{0, domain::role::system, "mend", std::nullopt};
    const auto result =
        with_database(cfg, app::import_surveys, system, read_file(path), app::system_clock{}.now());
    if (!result) {
        throw refused("--file: " + result.error().message); // names the line and the column
    }
    return print(
        {{"rows", result->rows}, {"added", result->added}, {"replaced", result->rows - result->added}});
}

} // namespace

void add_survey(CLI::App& cli, common_options& common, subcommands& out) {
    auto* survey =
        cli.add_subcommand("survey", "perception-survey responses for the TSMs")->require_subcommand(1);
    auto* cmd = survey->add_subcommand(
        "import",
        "import responses from CSV: columns respondent,tenure,date,tp01,tp02,tp03 (any order, others "
        "ignored); the whole file or nothing; the same respondent and day again replaces");
    auto path = std::make_shared<std::string>();
    cmd->add_option("--file", *path, "the CSV file")->required()->check(CLI::ExistingFile);
    add_data_option(*cmd, common);
    out.push_back({cmd, [path](const config& cfg) {
                       return import_responses(cfg, *path);
                   }});
}

} // namespace mend::cli
