// `mend export jobs|events`: CSV of the jobs reported, or the events recorded, in a period.
#include "cli/subcommand.hpp"
#include "formats/reports.hpp"

#include <iostream>
#include <memory>

namespace mend::cli {

namespace {

struct export_options {
    std::string what;
    std::optional<std::string> from, to;
};

// Page by page, so that memory stays flat however long the period.
void export_csv(app::report_reads& reads, const app::period& p, bool jobs) {
    constexpr int page = 500;
    std::cout << (jobs ? formats::job_csv_header() : formats::event_csv_header());
    for (app::id_t after = 0;;) {
        std::string chunk;
        std::size_t rows = 0;
        if (jobs) {
            const auto items = reads.jobs_page(p.from, p.to, after, page);
            for (const auto& row : items) {
                chunk += formats::job_csv_row(row);
                after = row.job.id;
            }
            rows = items.size();
        } else {
            const auto items = reads.events_page(p.from, p.to, after, page);
            for (const auto& [reference, e] : items) {
                chunk += formats::event_csv_row(reference, e);
                after = e.id;
            }
            rows = items.size();
        }
        std::cout << chunk;
        if (rows < static_cast<std::size_t>(page)) {
            break;
        }
    }
    std::cout.flush();
}

} // namespace

void add_export(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd = cli.add_subcommand("export", "CSV of jobs reported, or events recorded, in a period");
    auto in = std::make_shared<export_options>();
    cmd->add_option("what", in->what, "jobs or events")->required()->check(CLI::IsMember({"jobs", "events"}));
    cmd->add_option("--from", in->from, "first day (2026-04-01) or time, inclusive")->required();
    cmd->add_option("--to", in->to, "last bound (2027-04-01) or time, exclusive")->required();
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       with_reports(cfg, in->from, in->to,
                                    [&in](app::report_reads& reads, const app::period& p) {
                                        export_csv(reads, p, in->what == "jobs");
                                    });
                       return 0;
                   }});
}

} // namespace mend::cli
