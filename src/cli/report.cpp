// `mend report rp02`: the regulator's repair measures over a period, as JSON or CSV.
#include "cli/subcommand.hpp"
#include "formats/reports.hpp"

#include <iostream>
#include <memory>

namespace mend::cli {

namespace {

struct rp02_options {
    std::optional<std::string> from, to;
    bool csv = false;
};

int print_rp02(const config& cfg, const rp02_options& in) {
    with_reports(cfg, in.from, in.to, [&](app::report_reads& reads, const app::period& p) {
        const auto report = app::rp02(reads, p, cfg.clocks);
        if (in.csv) {
            std::cout << formats::rp02_to_csv(report);
        } else {
            std::cout << boost::json::serialize(formats::rp02_to_json(report)) << std::endl;
        }
    });
    return 0;
}

} // namespace

void add_report(CLI::App& cli, common_options& common, subcommands& out) {
    auto* report = cli.add_subcommand("report", "the regulator's measures")->require_subcommand(1);
    auto* cmd = report->add_subcommand("rp02", "RP02, TP02, TP03, days to complete and repeat repairs");
    auto in = std::make_shared<rp02_options>();
    cmd->add_option("--from", in->from, "first day (2026-04-01) or time, inclusive")->required();
    cmd->add_option("--to", in->to, "last bound (2027-04-01) or time, exclusive")->required();
    cmd->add_flag("--csv", in->csv, "print CSV instead of JSON");
    add_config_option(*cmd, common, "TOML configuration file (for [targets] and [calendar])");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return print_rp02(cfg, *in);
                   }});
}

} // namespace mend::cli
