#include "cli/toml_section.hpp"

#include <stdexcept>

namespace mend::cli {

toml::node_view<const toml::node> toml_section::at(const std::string& key) const {
    file.looked_up.insert(name + "." + key);
    return node[key];
}

void toml_section::refuse(const std::string& key, const std::string& rule) const {
    throw std::runtime_error("config file " + file.name + ": " + name + "." + key + " " + rule);
}

void toml_section::fail(const std::string& key, const std::string& what) const {
    refuse(key, "must be " + what);
}

bool toml_section::text(const char* key, std::string& out) const {
    auto v = at(key);
    if (!v) {
        return false;
    }
    if (!v.is_string()) {
        fail(key, "a string");
    }
    out = *v.value<std::string>();
    return true;
}

bool toml_section::path(const char* key, std::filesystem::path& out) const {
    std::string text_value;
    if (!text(key, text_value)) {
        return false;
    }
    out = text_value;
    return true;
}

void toml_section::texts(std::initializer_list<std::pair<const char*, std::string*>> keys) const {
    for (const auto& [key, out] : keys) {
        text(key, *out);
    }
}

bool toml_section::flag(const char* key, bool& out) const {
    auto v = at(key);
    if (!v) {
        return false;
    }
    if (!v.is_boolean()) {
        fail(key, "true or false");
    }
    out = *v.value<bool>();
    return true;
}

bool toml_section::text_list(const char* key, std::vector<std::string>& out) const {
    auto v = at(key);
    if (!v) {
        return false;
    }
    const auto* list = v.as_array();
    if (list == nullptr) {
        fail(key, "an array of strings");
    }
    out.clear();
    for (const auto& item : *list) {
        const auto text = item.value<std::string>();
        if (!text) {
            fail(key, "an array of strings");
        }
        out.push_back(*text);
    }
    return true;
}

bool toml_section::rate(const char* key, double& out) const {
    auto v = at(key);
    if (!v) {
        return false;
    }
    const auto n = v.value<double>();
    if (!n || *n < 0) {
        fail(key, "a number of messages per second, 0 for no limit");
    }
    out = *n;
    return true;
}

bool toml_section::number(const char* key, long& out, long min, long max) const {
    auto v = at(key);
    if (!v) {
        return false;
    }
    const auto n = v.value<std::int64_t>();
    if (!v.is_integer() || !n || *n < min || *n > max) {
        fail(key, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = static_cast<long>(*n);
    return true;
}

bool toml_section::number(const char* key, int& out, int min, int max) const {
    long value = out;
    const bool set = number(key, value, min, max);
    out = static_cast<int>(value);
    return set;
}

std::optional<std::int64_t> toml_section::bounded(const char* key, std::int64_t min, std::int64_t max,
                                                  const std::string& what) const {
    auto v = at(key);
    if (!v) {
        return std::nullopt;
    }
    const auto n = v.value<std::int64_t>();
    if (!n || *n < min || *n > max) {
        fail(key, what);
    }
    return n;
}

toml_section section_of(const toml::table& table, const config_source& file, const std::string& name) {
    toml::node_view<const toml::node> node(table);
    for (std::size_t start = 0; start <= name.size();) {
        const auto dot = std::min(name.find('.', start), name.size());
        node = node[name.substr(start, dot - start)];
        start = dot + 1;
    }
    return {node, file, name};
}

namespace {

void collect_unread(const toml::table& table, const std::string& prefix, const config_source& file,
                    std::vector<std::string>& out) {
    for (const auto& [key, value] : table) {
        const std::string path =
            prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (const auto* inner = value.as_table()) {
            collect_unread(*inner, path, file, out);
        } else if (!file.looked_up.contains(path)) {
            out.push_back(path);
        }
    }
}

} // namespace

std::vector<std::string> keys_not_looked_up(const toml::table& table, const config_source& file) {
    std::vector<std::string> out;
    collect_unread(table, "", file, out);
    return out;
}

} // namespace mend::cli
