// `mend user add` and `mend user password`: accounts, their API tokens, passwords and how they hear from us.
#include "app/accounts/web.hpp"
#include "app/notices/notices.hpp"
#include "cli/subcommand.hpp"

#include <memory>

namespace mend::cli {

namespace json = boost::json;

namespace {

struct new_account {
    app::new_user user;
    std::optional<std::string> password;
    std::string channels;
    std::optional<std::string> handle;
};

struct new_password {
    app::id_t user_id = 0;
    std::string password;
};

// Hashes first (slow, outside the writer's transaction), then stores.
std::string checked_hash(const std::string& password) {
    if (auto p = app::check_new_password(password)) {
        throw refused("--password: " + p->message);
    }
    return app::hash_password(password);
}

// A new user with their channels and handle, in one unit of work: refused channels leave no user behind.
json::object insert_account(app::unit_of_work& uow, const app::new_user& input,
                            const std::optional<std::string>& handle,
                            const std::vector<std::string>& channels) {
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

int add_account(const config& cfg, const new_account& in) {
    app::new_user user = in.user;
    user.password_hash = in.password ? checked_hash(*in.password) : std::string();
    return print(with_database(cfg, insert_account, user, in.handle, split_list(in.channels)));
}

int set_password(const config& cfg, const new_password& in) {
    const std::string hash = checked_hash(in.password);
    const domain::actor console{0, domain::role::admin, "mend", std::nullopt}; // may set anyone's
    if (!with_database(cfg, app::set_password, console, in.user_id, hash)) {
        throw refused("--id: no user has id " + std::to_string(in.user_id));
    }
    return print({{"id", in.user_id}, {"password_set", true}});
}

void add_account_command(CLI::App& user, common_options& common, subcommands& out) {
    auto* cmd = user.add_subcommand("add", "add a user and print their API token");
    auto in = std::make_shared<new_account>();
    cmd->add_option("--role", in->user.role, "tenant, officer, contractor or admin")
        ->required()
        ->check(CLI::IsMember({"tenant", "officer", "contractor", "admin"}));
    cmd->add_option("--name", in->user.name, "full name")->required();
    cmd->add_option("--email", in->user.email, "email address");
    cmd->add_option("--phone", in->user.phone, "phone number");
    cmd->add_option("--contractor", in->user.contractor_id, "id of the contractor firm (contractor users)");
    cmd->add_option("--password", in->password,
                    "password for the web pages (at least 10 characters); else none until one is set");
    cmd->add_option("--channels", in->channels,
                    "channels to hear on, in order of preference, e.g. sms,email (default: the configured "
                    "default_channels)");
    cmd->add_option("--handle", in->handle, "social-media handle, e.g. @tom@social.example");
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return add_account(cfg, *in);
                   }});
}

void add_password_command(CLI::App& user, common_options& common, subcommands& out) {
    auto* cmd = user.add_subcommand("password", "set a user's password for the web pages");
    auto in = std::make_shared<new_password>();
    cmd->add_option("--id", in->user_id, "user id")->required();
    cmd->add_option("--password", in->password, "the new password (at least 10 characters)")->required();
    add_data_option(*cmd, common);
    out.push_back({cmd, [in](const config& cfg) {
                       return set_password(cfg, *in);
                   }});
}

} // namespace

void add_user(CLI::App& cli, common_options& common, subcommands& out) {
    auto* user = cli.add_subcommand("user", "manage users")->require_subcommand(1);
    add_account_command(*user, common, out);
    add_password_command(*user, common, out);
}

} // namespace mend::cli
