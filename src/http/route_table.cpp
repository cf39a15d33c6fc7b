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

bool matches(std::string_view pattern, const std::vector<std::string_view>& segments,
             std::vector<std::string>& params) {
    const auto parts = split_path(pattern);
    if (parts.size() != segments.size()) {
        return false;
    }
    std::vector<std::string> found;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].size() > 2 && parts[i].front() == '{' && parts[i].back() == '}') {
            if (segments[i].empty()) {
                return false;
            }
            found.emplace_back(segments[i]);
        } else if (parts[i] != segments[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

} // namespace

std::string client_address(const context& ctx) {
    return ctx.peer.to_string();
}

void route_table::add(route r) {
    routes_.push_back(r);
}

route_table::match_result route_table::match(boost::beast::http::verb method, std::string_view path) const {
    match_result out;
    const auto segments = split_path(path);
    for (const auto& r : routes_) {
        std::vector<std::string> params;
        if (!matches(r.pattern, segments, params)) {
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
