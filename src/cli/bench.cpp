// `mend bench-limit` and `mend bench-seed`: scripts/bench's tools, hidden from `mend --help`. The first
// writes reports through the same use case, listeners and group writer as POST /api/v1/requests, with no
// HTTP, and prints the rate; the second seeds a year of a landlord's jobs through them (cli/bench_seed.hpp).
#include "app/accounts/tokens.hpp"
#include "app/accounts/web.hpp"
#include "app/jobs.hpp"
#include "cli/bench_limit.hpp"
#include "cli/bench_seed.hpp"
#include "cli/subcommand.hpp"
#include "cli/wiring.hpp"

#include <chrono>
#include <map>
#include <memory>

namespace mend::cli {

namespace json = boost::json;

namespace {

struct limit_options {
    std::string token;
    std::string uprn;
    double seconds = 10;
    std::size_t concurrency = 64;
};

// The report scripts/bench.d/create_request.lua posts.
app::report_command bench_report(const std::string& uprn) {
    app::report_command cmd;
    cmd.uprn = uprn;
    cmd.category = "plumbing";
    cmd.description = "Bench: the kitchen tap drips";
    cmd.location = "kitchen";
    return cmd;
}

int limit(const config& cfg, const limit_options& o) {
    if (o.concurrency == 0 || o.seconds <= 0) {
        throw refused("--concurrency and --seconds must be above 0");
    }
    storage::database db({cfg.data / "mend.db"});
    const app::system_clock clock;
    wiring parts(cfg, db, clock); // the listeners and counting writer `mend serve` has
    const auto who = db.reads().actor_by_token_hash(app::token_hash(o.token));
    if (!who) {
        throw refused("--token: no user has this API token");
    }
    const auto cmd = bench_report(o.uprn);
    using unit_t =
        app::bound_use_case<decltype(&app::report_job), domain::actor, app::report_command, domain::instant>;
    const auto make_unit = [&]() -> app::writer::work {
        auto unit = std::make_shared<unit_t>(&app::report_job, *who, cmd, clock.now());
        return [unit](app::unit_of_work& uow) {
            return (*unit)(uow);
        };
    };
    const auto result = run_limit(parts.writes, make_unit, o.concurrency,
                                  std::chrono::milliseconds(static_cast<std::int64_t>(o.seconds * 1000)));
    db.stop();
    return print({{"committed", result.committed},
                  {"refused", result.refused},
                  {"failed", result.failed},
                  {"seconds", result.seconds},
                  {"per_second", result.per_second()},
                  {"p50_ms", result.p50_ms},
                  {"p99_ms", result.p99_ms},
                  {"concurrency", o.concurrency}});
}

// The seeded officer's password, for scripts/bench's sign-in to the pages; a bench data dir only.
constexpr const char* bench_officer_password = "bench-officer-password";

json::object counts_json(const std::map<std::string, std::int64_t>& counts) {
    json::object out;
    for (const auto& [name, n] : counts) {
        out[name] = n;
    }
    return out;
}

int seed(const config& cfg, const seed_options& o) {
    if (o.jobs < 1) {
        throw refused("--jobs must be at least 1");
    }
    seed_options with_password = o;
    with_password.officer_password_hash = app::hash_password(bench_officer_password);
    storage::database db({cfg.data / "mend.db"});
    const app::system_clock clock;
    wiring parts(cfg, db, clock);
    const auto started = std::chrono::steady_clock::now();
    const auto s = seed_bench(parts.writes, clock.now(), with_password, {&parts.notices.escalation},
                              cfg.clocks.at_risk_share);
    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    db.stop();
    return print({{"homes", s.homes},
                  {"firms", s.firms},
                  {"jobs", s.jobs},
                  {"actions", s.actions},
                  {"escalated", s.escalated},
                  {"by_status", counts_json(s.by_status)},
                  {"by_category", counts_json(s.by_category)},
                  {"seconds", took},
                  {"officer_token", s.officer_token},
                  {"officer_email", s.officer_email},
                  {"officer_password", bench_officer_password},
                  {"tenant_token", s.tenant_token},
                  {"tenant_uprn", s.tenant_uprn},
                  {"postcode", s.postcode}});
}

} // namespace

void add_bench(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd =
        cli.add_subcommand("bench-limit", "scripts/bench: reports written with no HTTP, at the ceiling");
    cmd->group(""); // hidden from `mend --help`: a tool of scripts/bench, not of a landlord
    auto o = std::make_shared<limit_options>();
    cmd->add_option("--token", o->token, "API token of the tenant who reports")->required();
    cmd->add_option("--uprn", o->uprn, "the tenant's home")->required();
    cmd->add_option("--seconds", o->seconds, "how long to write (default 10)");
    cmd->add_option("--concurrency", o->concurrency, "units in flight at once (default 64, as wrk -c64)");
    add_config_option(*cmd, common, "TOML configuration file, as for serve");
    add_data_option(*cmd, common);
    out.push_back({cmd, [o](const config& cfg) {
                       return limit(cfg, *o);
                   }});

    auto* seeding =
        cli.add_subcommand("bench-seed", "scripts/bench --scale: a year of jobs in an empty data dir");
    seeding->group("");
    auto s = std::make_shared<seed_options>();
    seeding->add_option("--jobs", s->jobs, "jobs reported over the last year (default 1000)");
    seeding->add_option("--jobs-per-home", s->jobs_per_home, "homes = jobs / this (default 4)");
    add_config_option(*seeding, common, "TOML configuration file, as for serve");
    add_data_option(*seeding, common);
    out.push_back({seeding, [s](const config& cfg) {
                       return seed(cfg, *s);
                   }});
}

} // namespace mend::cli
