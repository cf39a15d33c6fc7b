#include "notify/templates.hpp"

#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <stdexcept>

namespace mend::notify {

namespace mst = kainjow::mustache;

namespace {

std::string plain(const std::string& text) {
    return text;
}

mst::data data_of(const app::template_vars& vars) {
    mst::data d;
    for (const auto& [k, v] : vars) {
        d.set(k, v);
    }
    return d;
}

std::string trim_end(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

} // namespace

template_renderer::template_renderer(std::optional<std::filesystem::path> override_dir)
    : templates_(builtin_templates()) {
    if (override_dir) {
        if (!std::filesystem::is_directory(*override_dir)) {
            throw std::runtime_error("notify.templates_dir " + override_dir->string() +
                                     " is not a directory");
        }
        for (const auto& entry : std::filesystem::recursive_directory_iterator(*override_dir)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".mustache") {
                continue;
            }
            auto name =
                std::filesystem::relative(entry.path(), *override_dir).replace_extension().generic_string();
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            templates_[name] = text.str();
        }
    }
    for (const auto& [name, text] : templates_) {
        mst::mustache check(text);
        if (!check.is_valid()) {
            throw std::runtime_error("template " + name + ": " + check.error_message());
        }
    }
}

const std::string* template_renderer::find(std::string_view name) const {
    auto it = templates_.find(name);
    return it == templates_.end() ? nullptr : &it->second;
}

std::optional<app::rendered_text> template_renderer::render(std::string_view event, std::string_view channel,
                                                            const app::template_vars& vars) const {
    const std::string own = std::string(channel) + "/" + std::string(event);
    const std::string* text = find(own);
    if (text == nullptr) {
        text = find("default/" + std::string(event));
    }
    if (text == nullptr) {
        return std::nullopt;
    }
    mst::mustache body_template(*text);
    body_template.set_custom_escape(&plain);
    std::string rendered = body_template.render(data_of(vars));

    app::rendered_text out;
    constexpr std::string_view subject_prefix = "Subject: ";
    if (rendered.rfind(subject_prefix, 0) == 0) {
        const auto end = rendered.find('\n');
        out.subject = trim_end(rendered.substr(subject_prefix.size(), end - subject_prefix.size()));
        rendered = end == std::string::npos ? std::string() : rendered.substr(end + 1);
        while (!rendered.empty() && rendered.front() == '\n') {
            rendered.erase(0, 1);
        }
    }
    out.body = trim_end(std::move(rendered));

    if (const std::string* layout = find(std::string(channel) + "/layout")) {
        auto with_body = vars;
        with_body.emplace_back("body", out.body);
        with_body.emplace_back("subject", out.subject);
        mst::mustache page(*layout); // HTML escaping stays on
        out.body = page.render(data_of(with_body));
    }
    return out;
}

} // namespace mend::notify
