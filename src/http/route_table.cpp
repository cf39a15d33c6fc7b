#include "http/route_table.hpp"

#include <algorithm>

namespace mend::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.empty() || path.front() != '/') {
        return out;
    }
    path.remove_prefix(1);
    if (path.size() > 1 && path.back() == '/') {
        path.remove_suffix(1); // a trailing slash names the same resource
    }
    while (true) {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return out;
}

} // namespace

std::vector<route_table::segment> route_table::split_pattern(std::string_view pattern) {
    std::vector<segment> out;
    for (const auto part : split_path(pattern)) {
        const bool parameter = part.size() > 2 && part.front() == '{' && part.back() == '}';
        out.push_back({std::string(part), parameter});
    }
    return out;
}

// Whether the path's segments fit the pattern's; if so, `params` becomes the parameters' segments in order.
bool route_table::matches(const std::vector<segment>& pattern, const std::vector<std::string_view>& segments,
                          std::vector<std::string>& params) {
    if (pattern.size() != segments.size()) {
        return false;
    }
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i].parameter ? segments[i].empty() : pattern[i].text != segments[i]) {
            return false;
        }
    }
    params.clear();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i].parameter) {
            params.emplace_back(segments[i]);
        }
    }
    return true;
}

std::string client_address(const context& ctx) {
    return ctx.peer.to_string();
}

void route_table::add(route r) {
    patterns_.push_back(split_pattern(r.pattern));
    routes_.push_back(r);
}

route_table::match_result route_table::match(boost::beast::http::verb method, std::string_view path) const {
    match_result out;
    const auto segments = split_path(path);
    std::vector<std::string> params;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const route& r = routes_[i];
        if (!matches(patterns_[i], segments, params)) {
            continue;
        }
        if (std::find(out.methods.begin(), out.methods.end(), r.method) == out.methods.end()) {
            out.methods.push_back(r.method);
        }
        const bool head_as_get =
            method == boost::beast::http::verb::head && r.method == boost::beast::http::verb::get;
        if (out.found == nullptr && (r.method == method || head_as_get)) {
            out.found = &r;
            out.params = std::move(params);
        }
    }
    return out;
}

} // namespace mend::http
