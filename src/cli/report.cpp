// `mend report rp02` and `mend report tsm`: the regulator's repair measures and the Tenant Satisfaction
// Measures from perception surveys over a period, as JSON or CSV.
#include "app/surveys.hpp"
#include "cli/subcommand.hpp"
#include "formats/reports.hpp"

#include <iostream>
#include <memory>

namespace mend::cli {

namespace {

struct period_options {
    std::optional<std::string> from, to;
    bool csv = false;
};

// Computes a report over the period with `compute(reads, period)` and prints it as JSON or CSV.
template <typename Compute, typename ToJson, typename ToCsv>
int print_report(const config& cfg, const period_options& in, Compute compute, ToJson to_json, ToCsv to_csv) {
    with_reports(cfg, in.from, in.to, [&](app::report_reads& reads, const app::period& p) {
        const auto report = compute(reads, p);
        if (in.csv) {
            std::cout << to_csv(report);
        } else {
            std::cout << to_json(report) << std::endl; // a JSON value, or its text
        }
    });
    return 0;
}

// --from, --to and --csv on `cmd`, into `in`.
void add_period_options(CLI::App& cmd, period_options& in) {
    cmd.add_option("--from", in.from, "first day (2026-04-01) or time, inclusive")->required();
    cmd.add_option("--to", in.to, "last bound (2027-04-01) or time, exclusive")->required();
    cmd.add_flag("--csv", in.csv, "print CSV instead of JSON");
}

} // namespace

void add_report(CLI::App& cli, common_options& common, subcommands& out) {
    auto* report = cli.add_subcommand("report", "the regulator's measures")->require_subcommand(1);
    auto* cmd =
        report->add_subcommand("rp02", "RP02, per-job satisfaction, days to complete and repeat repairs");
    auto in = std::make_shared<period_options>();
    add_period_options(*cmd, *in);
    add_config_option(*cmd, common, "TOML configuration file (for [targets] and [calendar])");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return print_report(
                           cfg, *in,
                           [&cfg](app::report_reads& reads, const app::period& p) {
                               return app::rp02(reads, p, cfg.clocks);
                           },
                           formats::rp02_to_json, formats::rp02_to_csv);
                   }});
    auto* tsm = report->add_subcommand(
        "tsm", "TP01-TP03 from imported perception-survey responses, per respondent, by tenure");
    auto tsm_in = std::make_shared<period_options>();
    add_period_options(*tsm, *tsm_in);
    add_data_option(*tsm, common);
    out.push_back({tsm, [tsm_in](const config& cfg) {
                       return print_report(cfg, *tsm_in, app::tsm, formats::tsm_to_json, formats::tsm_to_csv);
                   }});
}

} // namespace mend::cli
