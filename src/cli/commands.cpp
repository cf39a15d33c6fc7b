#include "cli/commands.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/admin.hpp"
#include "app/accounts/web.hpp"
#include "app/notices/notices.hpp"
#include "cli/config.hpp"
#include "cli/serve.hpp"
#include "formats/reports.hpp"
#include "storage/sqlite/database.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <sstream>

namespace mend::cli {

namespace json = boost::json;

namespace {

// A use case refused the input: the message names the option.
struct refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string option_for(const std::string& field) {
    return field.empty() ? std::string("input") : "--" + field;
}

template <typename T> T value_or_refuse(app::outcome<T> result) {
    if (!result) {
        throw refused(option_for(result.error().field) + ": " + result.error().message);
    }
    return std::move(*result);
}

json::value optional_json(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

json::object user_json(const app::created_user& u) {
    json::object out{{"id", u.user.id},
                     {"role", domain::to_string(u.user.role)},
                     {"name", u.user.name},
                     {"email", optional_json(u.user.email)},
                     {"phone", optional_json(u.user.phone)},
                     {"token", u.token}};
    out["contractor_id"] = u.user.contractor_id ? json::value(*u.user.contractor_id) : json::value(nullptr);
    return out;
}

json::object contractor_json(const app::contractor_record& c) {
    json::array trades;
    for (const auto& t : c.trades) {
        trades.emplace_back(t);
    }
    return {{"id", c.id}, {"name", c.name}, {"trades", std::move(trades)}};
}

json::object property_json(const app::property_record& p, std::optional<domain::id_t> tenant) {
    json::object out{{"id", p.id}, {"uprn", p.uprn}, {"address", p.address}, {"postcode", p.postcode}};
    out["tenant_id"] = tenant ? json::value(*tenant) : json::value(nullptr);
    return out;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty()) {
            out.push_back(item);
        }
    }
    return out;
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

// A new user with their channels and handle, in one unit of work: refused channels leave no user behind.
json::object add_account(app::unit_of_work& uow, const app::new_user& input,
                         const std::optional<std::string>& handle, const std::vector<std::string>& channels) {
    const auto created = value_or_refuse(app::add_user(uow, input));
    json::object out = user_json(created);
    const auto prefs = value_or_refuse(app::set_contact_preferences(uow, created.user.id, handle, channels));
    json::array names;
    for (const auto& name : prefs.channels) {
        names.emplace_back(name);
    }
    out["channels"] = std::move(names);
    out["handle"] = optional_json(prefs.handle);
    return out;
}

// Hashes first (slow, outside the writer's transaction), then stores.
std::string checked_hash(const std::string& password) {
    if (auto p = app::check_new_password(password)) {
        throw refused("--password: " + p->message);
    }
    return app::hash_password(password);
}

// Known passwords for the demo accounts, printed by `mend demo` and scripts/run; never for a real install.
std::string demo_password(const std::string& role) {
    return "demo-" + role + "-password";
}

json::object seed_demo(app::unit_of_work& uow, const std::map<std::string, std::string>& hashes) {
    // Ids start at 1 in an empty table, so a user 1 means the directory was set up already.
    if (uow.accounts().user_by_id(1)) {
        throw refused("this data directory already has users; `mend demo` seeds only an empty one");
    }
    json::array accounts, contractors, properties;
    const auto firm = value_or_refuse(
        app::add_contractor(uow, "Fixwell Repairs Ltd", {"plumbing", "heating", "carpentry"}));
    contractors.push_back(contractor_json(firm));
    const auto add = [&](app::new_user u) {
        u.password_hash = hashes.at(u.role);
        auto created = value_or_refuse(app::add_user(uow, u));
        auto account = user_json(created);
        account["password"] = demo_password(u.role);
        accounts.push_back(std::move(account));
        return created.user;
    };
    add({"officer", "Olivia Okafor", "olivia.okafor@example.org", "02079460001", std::nullopt});
    const auto first = add({"tenant", "Tom Byrne", "tom.byrne@example.org", "07700900123", std::nullopt});
    const auto second =
        add({"tenant", "Amira Haddad", "amira.haddad@example.org", "07700900456", std::nullopt});
    add({"contractor", "Carl Mensah", "carl@fixwell.example.org", "07700900789", firm.id});
    add({"admin", "Ada Admin", "ada.admin@example.org", std::nullopt, std::nullopt});
    const auto home1 = value_or_refuse(
        app::add_property(uow, {"100023336956", "Flat 3, 12 Mill Lane, London", "E8 1AB", first.id}));
    properties.push_back(property_json(home1, first.id));
    const auto home2 = value_or_refuse(
        app::add_property(uow, {"100023336957", "7 Orchard Court, London", "E8 2CD", second.id}));
    properties.push_back(property_json(home2, second.id));
    return {{"accounts", std::move(accounts)},
            {"contractors", std::move(contractors)},
            {"properties", std::move(properties)}};
}

// Page by page, so that memory stays flat however long the period.
void export_csv(app::report_reads& reads, const app::period& p, bool jobs) {
    constexpr int page = 500;
    std::cout << (jobs ? formats::job_csv_header : formats::event_csv_header);
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

int run(int argc, char** argv) {
    CLI::App cli{"mend: a housing-repair tracker for social landlords", "mend"};
    cli.set_version_flag("--version", std::string("mend ") + MEND_VERSION);
    cli.require_subcommand(1);

    std::optional<std::string> config_file;
    overrides flags;
    const auto add_data = [&flags](CLI::App* cmd) {
        cmd->add_option("--data", flags.data, "data directory (default ./data, or MEND_DATA)");
    };

    auto* serve_cmd = cli.add_subcommand("serve", "serve the HTTP API");
    serve_cmd->add_option("--config", config_file, "TOML configuration file")->check(CLI::ExistingFile);
    add_data(serve_cmd);
    serve_cmd->add_option("--listen", flags.listen, "HOST:PORT to listen on (port 0 picks a free port)");

    auto* migrate_cmd = cli.add_subcommand("migrate", "create or upgrade the database schema");
    add_data(migrate_cmd);

    auto* user_cmd = cli.add_subcommand("user", "manage users")->require_subcommand(1);
    auto* user_add = user_cmd->add_subcommand("add", "add a user and print their API token");
    app::new_user new_user;
    user_add->add_option("--role", new_user.role, "tenant, officer, contractor or admin")
        ->required()
        ->check(CLI::IsMember({"tenant", "officer", "contractor", "admin"}));
    user_add->add_option("--name", new_user.name, "full name")->required();
    user_add->add_option("--email", new_user.email, "email address");
    user_add->add_option("--phone", new_user.phone, "phone number");
    user_add->add_option("--contractor", new_user.contractor_id,
                         "id of the contractor firm (contractor users)");
    std::optional<std::string> new_password;
    user_add->add_option("--password", new_password,
                         "password for the web pages (at least 10 characters); else none until one is set");
    std::string user_channels;
    std::optional<std::string> user_handle;
    user_add->add_option(
        "--channels", user_channels,
        "channels to hear on, in order of preference, e.g. sms,email (default: the configured "
        "default_channels)");
    user_add->add_option("--handle", user_handle, "social-media handle, e.g. @tom@social.example");
    add_data(user_add);
    auto* user_password = user_cmd->add_subcommand("password", "set a user's password for the web pages");
    app::id_t password_user = 0;
    std::string password_text;
    user_password->add_option("--id", password_user, "user id")->required();
    user_password->add_option("--password", password_text, "the new password (at least 10 characters)")
        ->required();
    add_data(user_password);

    auto* firm_cmd = cli.add_subcommand("contractor", "manage contractor firms")->require_subcommand(1);
    auto* firm_add = firm_cmd->add_subcommand("add", "add a contractor firm");
    std::string firm_name, firm_trades;
    firm_add->add_option("--name", firm_name, "firm name")->required();
    firm_add->add_option("--trades", firm_trades, "comma-separated categories, e.g. plumbing,heating");
    add_data(firm_add);

    auto* home_cmd = cli.add_subcommand("property", "manage homes")->require_subcommand(1);
    auto* home_add = home_cmd->add_subcommand("add", "add a home, optionally with its tenant");
    app::new_property new_home;
    home_add->add_option("--uprn", new_home.uprn, "Unique Property Reference Number")->required();
    home_add->add_option("--address", new_home.address, "postal address")->required();
    home_add->add_option("--postcode", new_home.postcode, "postcode")->required();
    home_add->add_option("--tenant", new_home.tenant_id, "user id of the tenant who holds it");
    add_data(home_add);

    auto* hook_cmd = cli.add_subcommand("webhook", "manage webhook endpoints")->require_subcommand(1);
    auto* hook_add = hook_cmd->add_subcommand(
        "add",
        "add a Standard Webhooks endpoint for a contractor firm, or for an integration that hears every "
        "change; prints it with its signing secret");
    std::string hook_url, hook_name;
    std::optional<app::id_t> hook_firm;
    std::optional<std::string> hook_secret;
    hook_add->add_option("--url", hook_url, "where to POST, e.g. https://firm.example/mend")->required();
    hook_add->add_option("--contractor", hook_firm, "id of the contractor firm (omit for an integration)");
    hook_add->add_option("--name", hook_name, "a name for officers to recognise it by");
    hook_add->add_option("--secret", hook_secret, "whsec_<base64> (default: a new random secret)");
    add_data(hook_add);

    auto* demo_cmd = cli.add_subcommand("demo", "seed an empty data directory with demo accounts and homes");
    add_data(demo_cmd);

    auto* report_cmd = cli.add_subcommand("report", "the regulator's measures")->require_subcommand(1);
    auto* rp02_cmd =
        report_cmd->add_subcommand("rp02", "RP02, TP02, TP03, days to complete and repeat repairs");
    std::optional<std::string> report_from, report_to;
    bool report_csv = false;
    rp02_cmd->add_option("--from", report_from, "first day (2026-04-01) or time, inclusive")->required();
    rp02_cmd->add_option("--to", report_to, "last bound (2027-04-01) or time, exclusive")->required();
    rp02_cmd->add_flag("--csv", report_csv, "print CSV instead of JSON");
    rp02_cmd->add_option("--config", config_file, "TOML configuration file (for [targets] and [calendar])")
        ->check(CLI::ExistingFile);
    add_data(rp02_cmd);

    auto* export_cmd = cli.add_subcommand("export", "CSV of jobs reported, or events recorded, in a period");
    std::string export_what;
    export_cmd->add_option("what", export_what, "jobs or events")
        ->required()
        ->check(CLI::IsMember({"jobs", "events"}));
    export_cmd->add_option("--from", report_from, "first day (2026-04-01) or time, inclusive")->required();
    export_cmd->add_option("--to", report_to, "last bound (2027-04-01) or time, exclusive")->required();
    add_data(export_cmd);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    try {
        const config cfg = load_config(
            config_file ? std::optional<std::filesystem::path>(*config_file) : std::nullopt, flags);
        if (serve_cmd->parsed()) {
            return serve(cfg);
        }
        if (migrate_cmd->parsed()) {
            std::filesystem::create_directories(cfg.data);
            const int version = storage::migrate(cfg.data / "mend.db");
            std::cout << json::serialize(json::object{{"schema_version", version}}) << std::endl;
            return 0;
        }
        if (rp02_cmd->parsed()) {
            const domain::actor system{0, domain::role::system, "mend", std::nullopt};
            auto p = app::report_period(system, report_from, report_to);
            if (!p) {
                throw refused(option_for(p.error().field) + ": " + p.error().message);
            }
            if (!std::filesystem::exists(cfg.data / "mend.db")) {
                throw refused("no database in " + cfg.data.string() + " (--data)");
            }
            storage::database db({cfg.data / "mend.db", 1});
            const auto report = app::rp02(db.report_reads(), *p, cfg.clocks);
            if (report_csv) {
                std::cout << formats::rp02_to_csv(report);
            } else {
                std::cout << json::serialize(formats::rp02_to_json(report)) << std::endl;
            }
            return 0;
        }
        if (export_cmd->parsed()) {
            const domain::actor system{0, domain::role::system, "mend", std::nullopt};
            auto p = app::report_period(system, report_from, report_to);
            if (!p) {
                throw refused(option_for(p.error().field) + ": " + p.error().message);
            }
            if (!std::filesystem::exists(cfg.data / "mend.db")) {
                throw refused("no database in " + cfg.data.string() + " (--data)");
            }
            storage::database db({cfg.data / "mend.db", 1});
            export_csv(db.report_reads(), *p, export_what == "jobs");
            return 0;
        }
        json::object out;
        if (user_add->parsed()) {
            new_user.password_hash = new_password ? checked_hash(*new_password) : std::string();
            out = with_database(cfg, add_account, new_user, user_handle, split_list(user_channels));
        } else if (user_password->parsed()) {
            const std::string hash = checked_hash(password_text);
            const domain::actor console{0, domain::role::admin, "mend", std::nullopt}; // may set anyone's
            if (!with_database(cfg, app::set_password, console, password_user, hash)) {
                throw refused("--id: no user has id " + std::to_string(password_user));
            }
            out = {{"id", password_user}, {"password_set", true}};
        } else if (firm_add->parsed()) {
            out = contractor_json(
                value_or_refuse(with_database(cfg, app::add_contractor, firm_name, split_list(firm_trades))));
        } else if (home_add->parsed()) {
            out = property_json(value_or_refuse(with_database(cfg, app::add_property, new_home)),
                                new_home.tenant_id);
        } else if (hook_add->parsed()) {
            const app::millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
            const auto e = value_or_refuse(with_database(cfg, app::add_webhook_endpoint, hook_firm, hook_name,
                                                         hook_url, hook_secret, now));
            out = {{"id", e.id}, {"name", e.name}, {"url", e.url}, {"secret", e.secret}};
            out["contractor_id"] = e.contractor_id ? json::value(*e.contractor_id) : json::value(nullptr);
        } else if (demo_cmd->parsed()) {
            std::map<std::string, std::string> hashes;
            for (const char* role : {"officer", "tenant", "contractor", "admin"}) {
                hashes[role] = app::hash_password(demo_password(role));
            }
            out = with_database(cfg, seed_demo, hashes);
        }
        std::cout << json::serialize(out) << std::endl;
        return 0;
    } catch (const refused& e) {
        std::cerr << "mend: " << e.what() << std::endl;
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "mend: error: " << e.what() << std::endl;
        return 1;
    }
}

} // namespace mend::cli
