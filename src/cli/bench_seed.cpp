#include "cli/bench_seed.hpp"

#include "app/accounts/admin.hpp"
#include "app/jobs.hpp"
#include "domain/time.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <stdexcept>

namespace mend::cli {

namespace {

using namespace std::chrono;
using domain::instant;
using domain::status;

constexpr std::int64_t homes_per_unit = 500;
// Small units: each unit's savepoint journal is kept in memory and walked at every statement's end, so 200
// jobs (15,000 statements) a unit seeded half as fast.
constexpr std::int64_t jobs_per_unit = 20;
constexpr std::int64_t homes_per_postcode = 20;
constexpr int firm_count = 12;

constexpr std::array<const char*, 12> streets{"Mill Lane",   "Orchard Court", "Station Road", "Church Street",
                                              "Park View",   "Victoria Road", "Green Lane",   "Manor Way",
                                              "Albert Road", "Kings Walk",    "Beech Grove",  "Canal Side"};
// Categories weighted as a landlord's repairs come: plumbing and heating most, pests least.
constexpr std::array<const char*, 20> category_draws{
    "plumbing",   "plumbing",   "plumbing",   "plumbing",   "heating", "heating",       "heating",
    "electrical", "electrical", "damp_mould", "damp_mould", "roofing", "windows_doors", "windows_doors",
    "carpentry",  "carpentry",  "communal",   "communal",   "pests",   "other"};

// "LS7 3AB": 20 homes share one.
std::string postcode_of(std::int64_t home) {
    const auto k = home / homes_per_postcode;
    std::string out = "LS" + std::to_string(1 + k % 28) + " " + std::to_string((k / 28) % 10);
    out.push_back(static_cast<char>('A' + (k / 280) % 26));
    out.push_back(static_cast<char>('A' + (k / (280LL * 26)) % 26));
    return out;
}

std::string uprn_of(std::int64_t home) {
    return std::to_string(200'000'000'000 + home);
}

struct people {
    domain::actor officer;
    std::vector<std::pair<app::id_t, domain::actor>> firms; // the firm, and its contractor user
    std::vector<domain::actor> tenants;                     // the tenant of home i
};

template <typename T> T must(app::outcome<T> result, const std::string& what) {
    if (!result) {
        throw std::runtime_error("bench seed: " + what + " refused: " + result.error().message + " (" +
                                 result.error().field + ")");
    }
    return std::move(*result);
}

void add_staff(app::unit_of_work& uow, const std::string& password_hash, people& who, seed_summary& out) {
    out.officer_email = "bench.officer@example.org";
    auto officer =
        must(app::add_user(uow, {"officer", "Olivia Okafor", out.officer_email, {}, {}, password_hash}),
             "officer");
    who.officer = {officer.user.id, domain::role::officer, officer.user.name, std::nullopt};
    out.officer_token = officer.token;
    for (int i = 0; i < firm_count; ++i) {
        const auto firm = must(app::add_contractor(uow, "Firm " + std::to_string(i) + " Repairs Ltd",
                                                   {category_draws[static_cast<std::size_t>(i) % 20]}),
                               "firm");
        auto fixer = must(app::add_user(uow, {"contractor", "Fixer " + std::to_string(i), {}, {}, firm.id}),
                          "contractor");
        who.firms.push_back({firm.id, {fixer.user.id, domain::role::contractor, fixer.user.name, firm.id}});
    }
    out.firms = firm_count;
}

void add_homes(app::unit_of_work& uow, std::int64_t from, std::int64_t to, people& who, seed_summary& out) {
    for (auto home = from; home < to; ++home) {
        const std::string name = "Tenant " + std::to_string(home);
        auto tenant = must(app::add_user(uow, {"tenant", name, {}, {}, {}}), "tenant");
        const std::string address = std::to_string(1 + home % 180) + " " +
                                    streets[static_cast<std::size_t>(home / 7) % streets.size()] + ", Leeds";
        must(app::add_property(uow, {uprn_of(home), address, postcode_of(home), tenant.user.id}), "home");
        who.tenants.push_back({tenant.user.id, domain::role::tenant, name, std::nullopt});
        if (home == 0) {
            out.tenant_token = tenant.token;
            out.tenant_uprn = uprn_of(home);
            out.postcode = postcode_of(home);
        }
    }
    out.homes = to;
}

// The state a job reported `age` ago is in now: most of a year's jobs are closed, recent ones are on their
// way, and a few old ones are stuck open (overdue).
status end_state(std::mt19937& rng, hours age) {
    struct share {
        status s;
        int weight;
    };
    static const std::vector<share> old{
        {status::closed, 75},     {status::resolved, 6}, {status::completed, 3},
        {status::cancelled, 6},   {status::rejected, 4}, {status::on_hold, 2},
        {status::in_progress, 2}, {status::assigned, 1}, {status::scheduled, 1}};
    static const std::vector<share> month{
        {status::closed, 40},     {status::resolved, 15}, {status::completed, 15},
        {status::in_progress, 8}, {status::scheduled, 6}, {status::on_hold, 5},
        {status::assigned, 4},    {status::cancelled, 4}, {status::rejected, 3}};
    static const std::vector<share> fresh{
        {status::reported, 15},    {status::triaged, 15}, {status::assigned, 15},  {status::scheduled, 15},
        {status::in_progress, 12}, {status::on_hold, 5},  {status::completed, 13}, {status::resolved, 5},
        {status::cancelled, 3},    {status::rejected, 2}};
    const auto& table = age > hours{24 * 60} ? old : age > hours{24 * 14} ? month : fresh;
    int total = 0;
    for (const auto& s : table) {
        total += s.weight;
    }
    int pick = std::uniform_int_distribution<int>(0, total - 1)(rng);
    for (const auto& s : table) {
        if (pick < s.weight) {
            return s.s;
        }
        pick -= s.weight;
    }
    return table.back().s;
}

// The actions that take a reported job to `end`, in order.
std::vector<std::string> steps_to(status end) {
    switch (end) {
    case status::reported:
        return {};
    case status::triaged:
        return {"triage"};
    case status::cancelled:
        return {"triage", "cancel"};
    case status::rejected:
        return {"reject"};
    default:
        break;
    }
    std::vector<std::string> out{"triage", "assign", "accept"};
    const auto add = [&out](std::initializer_list<const char*> more) {
        out.insert(out.end(), more.begin(), more.end());
    };
    if (end == status::assigned) {
        return out;
    }
    add({"schedule"});
    if (end == status::scheduled) {
        return out;
    }
    add({"start"});
    if (end == status::in_progress) {
        return out;
    }
    if (end == status::on_hold) {
        add({"hold"});
        return out;
    }
    add({"complete"});
    if (end == status::completed) {
        return out;
    }
    add({"confirm_fixed"});
    if (end == status::resolved) {
        return out;
    }
    add({"close"});
    return out;
}

// How long after the report each step is planned: the work starts within the priority's target most of the
// time, later for about one job in seven.
hours planned_offset(const std::string& step, const std::string& priority, std::mt19937& rng) {
    const auto between = [&rng](int lo, int hi) {
        return hours{std::uniform_int_distribution<int>(lo, hi)(rng)};
    };
    const bool late = std::uniform_int_distribution<int>(0, 6)(rng) == 0;
    hours work = priority == "emergency" ? between(2, late ? 60 : 20)
                 : priority == "urgent"  ? between(24, late ? 24 * 14 : 24 * 6)
                 : priority == "routine" ? between(48, late ? 24 * 50 : 24 * 26)
                                         : between(24 * 10, 24 * 100);
    if (step == "triage" || step == "reject") {
        return hours{1};
    }
    if (step == "assign" || step == "cancel") {
        return hours{2};
    }
    if (step == "accept") {
        return hours{3};
    }
    if (step == "schedule") {
        return hours{4};
    }
    if (step == "start" || step == "hold") {
        return work;
    }
    if (step == "complete") {
        return work + hours{3};
    }
    if (step == "confirm_fixed") {
        return work + hours{30};
    }
    return work + hours{24 * 9}; // close
}

std::string pick_priority(std::mt19937& rng) {
    const int p = std::uniform_int_distribution<int>(0, 99)(rng);
    return p < 10 ? "emergency" : p < 40 ? "urgent" : p < 95 ? "routine" : "planned";
}

struct job_context {
    app::unit_of_work& uow;
    const people& who;
    std::mt19937& rng;
    seed_summary& out;
};

void act(job_context& c, const domain::actor& by, const std::string& ref, const app::action_command& cmd,
         instant at) {
    must(app::apply_action(c.uow, by, ref, cmd, at), cmd.action + " " + ref);
    ++c.out.actions;
}

// One job from its report to its planned state; the steps spread over the time since its report.
void seed_job(job_context& c, instant reported, instant now) {
    auto& rng = c.rng;
    const auto home = std::uniform_int_distribution<std::size_t>(0, c.who.tenants.size() - 1)(rng);
    const auto& tenant = c.who.tenants[home];
    const std::string category = category_draws[std::uniform_int_distribution<std::size_t>(0, 19)(rng)];
    const auto report = must(app::report_job(c.uow, tenant,
                                             {uprn_of(static_cast<std::int64_t>(home)),
                                              category,
                                              "The " + category + " needs looking at",
                                              "kitchen",
                                              {},
                                              {},
                                              {},
                                              {}},
                                             reported),
                             "report");
    const std::string ref = report.job.reference;
    const auto end = end_state(rng, duration_cast<hours>(now - reported));
    const auto priority = pick_priority(rng);
    const auto& [firm, fixer] =
        c.who.firms[std::uniform_int_distribution<std::size_t>(0, c.who.firms.size() - 1)(rng)];
    const auto steps = steps_to(end);
    const auto room = now - reported - minutes{1};
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& step = steps[i];
        const auto squeezed =
            duration_cast<seconds>(room * static_cast<double>(i + 1) / static_cast<double>(steps.size() + 1));
        const instant at = reported + std::min<seconds>(planned_offset(step, priority, rng), squeezed);
        app::action_command cmd{.action = step};
        const domain::actor* by = &c.who.officer;
        if (step == "triage") {
            cmd.priority = priority;
        } else if (step == "assign") {
            cmd.contractor_id = firm;
        } else if (step == "schedule") {
            cmd.has_appointment = true;
            cmd.appointment_start = domain::format_iso(at + hours{24});
            cmd.appointment_end = domain::format_iso(at + hours{28});
            by = &fixer;
        } else if (step == "hold") {
            cmd.reason = "parts";
            by = &fixer;
        } else if (step == "cancel" || step == "reject") {
            cmd.reason = step == "cancel" ? "the tenant fixed it" : "not a landlord's repair";
        } else if (step == "accept" || step == "start" || step == "complete") {
            by = &fixer;
        } else if (step == "confirm_fixed") {
            by = &tenant;
        }
        act(c, *by, ref, cmd, at);
    }
    ++c.out.jobs;
    ++c.out.by_status[std::string(domain::to_string(end))];
    ++c.out.by_category[category];
}

} // namespace

seed_summary seed_bench(app::writer& w, instant now, const seed_options& options,
                        const std::vector<app::escalation_listener*>& hooks, double at_risk_share) {
    if (options.jobs < 1 || options.jobs_per_home < 1) {
        throw std::invalid_argument("bench seed: jobs and jobs per home must be at least 1");
    }
    now = domain::whole_seconds(now);
    seed_summary out;
    people who;
    std::mt19937 rng(options.random_seed);
    app::run_and_wait(w, [&](app::unit_of_work& uow) {
        add_staff(uow, options.officer_password_hash, who, out);
        return true;
    });
    const auto homes = std::max<std::int64_t>(1, options.jobs / options.jobs_per_home);
    for (std::int64_t from = 0; from < homes; from += homes_per_unit) {
        app::run_and_wait(w, [&, from](app::unit_of_work& uow) {
            add_homes(uow, from, std::min(homes, from + homes_per_unit), who, out);
            return true;
        });
    }
    // Reported evenly over the year before `now`, oldest first.
    const auto year = hours{24 * 365};
    for (std::int64_t from = 0; from < options.jobs; from += jobs_per_unit) {
        app::run_and_wait(w, [&, from](app::unit_of_work& uow) {
            job_context c{uow, who, rng, out};
            for (auto j = from; j < std::min(options.jobs, from + jobs_per_unit); ++j) {
                const auto reported =
                    now - year +
                    duration_cast<seconds>(year * static_cast<double>(j) / static_cast<double>(options.jobs));
                seed_job(c, reported, now);
            }
            return true;
        });
    }
    // The overdue loop's scan, as serve's first would run it, a pass of at most 500 clocks a unit.
    for (int last = -1; last != 0;) {
        app::run_and_wait(w, [&](app::unit_of_work& uow) {
            last = app::escalate_clocks(uow, now, at_risk_share, hooks);
            return true;
        });
        out.escalated += last;
    }
    return out;
}

} // namespace mend::cli
