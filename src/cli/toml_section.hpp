// The config file read table by table: each key checked as it is read, each error naming the file and the
// key.
#pragma once

#include "cli/config.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <toml++/toml.h>
#include <utility>
#include <vector>

namespace mend::cli {

// A config file being read: its name for messages, and every key looked up ("notify.email.host"), so that the
// keys nothing looked up can be named as unknown.
struct config_source {
    std::string name;
    mutable std::set<std::string> looked_up;
};

// One table of the config file ("notify.email"); a key that is not set leaves the setting as it was.
struct toml_section {
    toml::node_view<const toml::node> node;
    const config_source& file;
    std::string name;

    // The key's value (empty when it is not set), recorded as looked up.
    toml::node_view<const toml::node> at(const std::string& key) const;

    // "config file FILE: NAME.KEY " followed by the rule broken.
    [[noreturn]] void refuse(const std::string& key, const std::string& rule) const;
    // "... NAME.KEY must be " followed by `what`.
    [[noreturn]] void fail(const std::string& key, const std::string& what) const;

    // Each returns whether the key is set.
    bool text(const char* key, std::string& out) const;
    bool path(const char* key, std::filesystem::path& out) const;
    // Several text settings, in the order given.
    void texts(std::initializer_list<std::pair<const char*, std::string*>> keys) const;
    bool flag(const char* key, bool& out) const;
    bool text_list(const char* key, std::vector<std::string>& out) const; // an array of strings
    bool rate(const char* key, double& out) const; // messages per second, 0 for no limit
    // A whole number from min to max.
    bool number(const char* key, long& out, long min, long max) const;
    bool number(const char* key, int& out, int min, int max) const;
    // A number from min to max, said as `what` when it is not.
    std::optional<std::int64_t> bounded(const char* key, std::int64_t min, std::int64_t max,
                                        const std::string& what) const;
};

// The table NAME ("server", "social.mastodon") of a parsed file.
toml_section section_of(const toml::table& table, const config_source& file, const std::string& name);

// Every key of `table` that `file` did not look up, as "table.key", sorted.
std::vector<std::string> keys_not_looked_up(const toml::table& table, const config_source& file);

// [notify] and its channel tables: the outbox's policy and each channel's settings (cli/notify_config.cpp).
void load_notify_config(const toml::table& table, const config_source& file, config& cfg);

} // namespace mend::cli
