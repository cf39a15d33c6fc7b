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

int add_account(const config& cfg, const new_account& in) {
    const std::string hash = in.password ? checked_hash(*in.password) : std::string();
    json::object out;
    with_database(cfg, [&](app::write_tx& tx) {
        auto created = value_or_refuse(app::add_user(tx, in.user));
        if (!hash.empty()) {
            tx.extension<app::web_write_port>().set_password_hash(created.user.id, hash);
        }
        out = user_json(created);
        const auto prefs = value_or_refuse(
            app::set_contact_preferences(tx, created.user.id, in.handle, split_list(in.channels)));
        json::array names;
        for (const auto& name : prefs.channels) {
            names.emplace_back(name);
        }
        out["channels"] = std::move(names);
        out["handle"] = optional_json(prefs.handle);
    });
    return print(out);
}

int set_password(const config& cfg, const new_password& in) {
    const std::string hash = checked_hash(in.password);
    with_database(cfg, [&](app::write_tx& tx) {
        const auto user = tx.user_by_id(in.user_id);
        if (!user || user->role == domain::role::system) {
            throw refused("--id: no user has id " + std::to_string(in.user_id));
        }
        auto& port = tx.extension<app::web_write_port>();
        port.set_password_hash(in.user_id, hash);
        port.delete_sessions_of(in.user_id);
    });
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
