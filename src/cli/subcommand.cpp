#include "cli/subcommand.hpp"

#include <filesystem>
#include <iostream>
#include <sstream>

namespace mend::cli {

namespace json = boost::json;

void add_data_option(CLI::App& cmd, common_options& common) {
    cmd.add_option("--data", common.flags.data, "data directory (default ./data, or MEND_DATA)");
}

void add_config_option(CLI::App& cmd, common_options& common, const std::string& description) {
    cmd.add_option("--config", common.config_file, description)->check(CLI::ExistingFile);
}

std::string option_for(const std::string& field) {
    return field.empty() ? std::string("input") : "--" + field;
}

void with_reports(const config& cfg, const std::optional<std::string>& from,
                  const std::optional<std::string>& to,
                  const std::function<void(app::report_reads&, const app::period&)>& read) {
    const domain::actor system{0, domain::role::system, "mend", std::nullopt};
    const auto period = value_or_refuse(app::report_period(system, from, to));
    if (!std::filesystem::exists(cfg.data / "mend.db")) {
        throw refused("no database in " + cfg.data.string() + " (--data)");
    }
    storage::database db({cfg.data / "mend.db", 1});
    read(db.report_reads(), period);
}

int print(const json::object& out) {
    std::cout << json::serialize(out) << std::endl;
    return 0;
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
    out["block_id"] = p.block_id ? json::value(*p.block_id) : json::value(nullptr);
    out["estate_id"] = p.estate_id ? json::value(*p.estate_id) : json::value(nullptr);
    return out;
}

} // namespace mend::cli
