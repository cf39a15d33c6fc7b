// `mend check-config [--config FILE]`: what would stop `mend serve` or a channel from working, said so that a
// person can fix it, before the service is restarted.
#include "cli/subcommand.hpp"
#include "storage/sqlite/migrations.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace mend::cli {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr auto connect_timeout = std::chrono::seconds(5);

// Why a TCP connection to host:port cannot be made within connect_timeout; nothing when it can.
std::optional<std::string> connect_problem(const std::string& host, const std::string& port) {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    tcp::socket socket(ioc);
    boost::system::error_code result = net::error::timed_out;
    resolver.async_resolve(host, port,
                           [&](boost::system::error_code ec, const tcp::resolver::results_type& found) {
                               if (ec) {
                                   result = ec;
                                   return;
                               }
                               net::async_connect(socket, found,
                                                  [&result](boost::system::error_code connected,
                                                            const tcp::endpoint&) { result = connected; });
                           });
    ioc.run_for(connect_timeout);
    if (!result) {
        return std::nullopt;
    }
    return result.message();
}

struct checker {
    std::vector<std::string> problems;

    void file_readable(const std::string& what, const std::filesystem::path& path) {
        if (path.empty()) {
            return;
        }
        if (!std::ifstream(path, std::ios::binary)) {
            problems.push_back(what + " = \"" + path.string() +
                               "\" cannot be read by this user: check that " +
                               "it exists and its permissions");
        }
    }

    void directory_readable(const std::string& what, const std::filesystem::path& path) {
        std::error_code ec;
        if (!std::filesystem::is_directory(path, ec) || ::access(path.c_str(), R_OK | X_OK) != 0) {
            problems.push_back(what + " = \"" + path.string() + "\" is not a directory this user can read");
        }
    }

    void reachable(const std::string& what, const std::string& host, const std::string& port) {
        if (const auto why = connect_problem(host, port)) {
            problems.push_back(what + ": cannot connect to " + host + ":" + port + " (" + *why +
                               "); check the host, the port and the firewall");
        }
    }

    void url_reachable(const std::string& what, const std::string& url) {
        const auto parsed = boost::urls::parse_uri(url);
        if (!parsed || parsed->host().empty()) {
            problems.push_back(what + " = \"" + url + "\" is not a URL like https://host.example");
            return;
        }
        std::string port = parsed->port();
        if (port.empty()) {
            port = parsed->scheme() == "http" ? "80" : "443";
        }
        reachable(what, parsed->host(), port);
    }

    // The data directory: one this user can write (or create), holding no database newer than this mend.
    void data(const std::filesystem::path& dir) {
        std::error_code ec;
        auto existing = dir;
        while (!existing.empty() && !std::filesystem::exists(existing, ec)) {
            existing = existing.parent_path();
        }
        if (::access((existing.empty() ? std::filesystem::path(".") : existing).c_str(), W_OK | X_OK) != 0) {
            problems.push_back("storage.data = \"" + dir.string() + "\": this user cannot write " +
                               existing.string() + " (the service runs as the mend user)");
            return;
        }
        try {
            storage::plan_migrations(dir / "mend.db");
        } catch (const std::exception& e) {
            problems.push_back("storage.data: " + std::string(e.what()));
        }
    }
};

int check(const config& cfg, const std::optional<std::string>& file) {
    checker c;
    for (const auto& key : cfg.unknown_keys) {
        c.problems.push_back(key + " is not a setting mend knows (a typo, or a key of another version?)");
    }
    c.data(cfg.data);
    c.file_readable("notify.email.ca_file", cfg.notify.email.ca_file);
    c.file_readable("notify.webhook.ca_file", cfg.notify.webhook.ca_file);
    if (!cfg.assets_dir.empty()) {
        c.file_readable("web.assets_dir", cfg.assets_dir / "govuk-frontend.min.css");
        c.file_readable("web.assets_dir", cfg.assets_dir / "govuk-frontend.min.js");
    }
    if (cfg.notify.templates_dir) {
        c.directory_readable("notify.templates_dir", *cfg.notify.templates_dir);
    }
    if (cfg.social.templates_dir) {
        c.directory_readable("social.mastodon.templates_dir", *cfg.social.templates_dir);
    }
    if (cfg.notify.email.enabled) {
        c.reachable("notify.email", cfg.notify.email.host, std::to_string(cfg.notify.email.port));
    }
    if (cfg.notify.notify.enabled) {
        c.url_reachable("notify.notify.base_url", cfg.notify.notify.base_url);
    }
    if (!cfg.social.base_url.empty()) {
        c.url_reachable("social.mastodon.base_url", cfg.social.base_url);
    }
    if (cfg.social.bluesky.templates_dir) {
        c.directory_readable("social.bluesky.templates_dir", *cfg.social.bluesky.templates_dir);
    }
    if (!cfg.social.bluesky.service_url.empty()) {
        c.url_reachable("social.bluesky.service_url", cfg.social.bluesky.service_url);
    }
    const std::string name = file ? *file : std::string("the defaults and MEND_* variables");
    for (const auto& problem : c.problems) {
        std::cerr << "mend: " << name << ": " << problem << "\n";
    }
    if (!c.problems.empty()) {
        std::cerr << "mend: " << c.problems.size() << " problem(s) in " << name << std::endl;
        return 1;
    }
    std::cout << "mend: " << name << " is fine" << std::endl;
    return 0;
}

} // namespace

void add_check_config(CLI::App& cli, common_options& common, subcommands& out) {
    auto* cmd = cli.add_subcommand("check-config", "check a configuration before serving with it");
    cmd->footer(
        "Reads the file as `mend serve` would (a bad value stops it there, named), then lists every key\n"
        "mend does not know, files it cannot read (CA files, template and asset directories), a data\n"
        "directory it cannot write or holding a newer schema, and channels it cannot connect to\n"
        "(SMTP, GOV.UK Notify, Mastodon; 5 s each). Exits 1 when there is any, 0 when there is none.");
    add_config_option(*cmd, common, "TOML configuration file to check");
    add_data_option(*cmd, common);
    out.push_back({cmd, [&common](const config& cfg) {
                       return check(cfg, common.config_file);
                   }});
}

} // namespace mend::cli
