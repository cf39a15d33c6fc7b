#include "notify/templates.hpp"

#include "domain/text.hpp"

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

} // namespace

template_renderer::template_renderer(std::optional<std::filesystem::path> override_dir) {
    auto texts = builtin_templates();
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
            texts[name] = text.str();
        }
    }
    for (const auto& [name, text] : texts) {
        auto t = std::make_unique<mst::mustache>(text);
        if (!t->is_valid()) {
            throw std::runtime_error("template " + name + ": " + t->error_message());
        }
        const bool layout = name.size() > 7 && name.compare(name.size() - 7, 7, "/layout") == 0;
        if (!layout) {
            t->set_custom_escape(&plain); // message text is not HTML; layouts keep HTML escaping
        }
        templates_.emplace(name, std::move(t));
    }
}

template_renderer::~template_renderer() = default;

template_renderer::compiled* template_renderer::find(std::string_view name) const {
    auto it = templates_.find(name);
    return it == templates_.end() ? nullptr : it->second.get();
}

std::optional<app::rendered_text> template_renderer::render(std::string_view event, std::string_view channel,
                                                            const app::template_vars& vars) const {
    const std::string own = std::string(channel) + "/" + std::string(event);
    compiled* text = find(own);
    if (text == nullptr) {
        text = find("default/" + std::string(event));
    }
    if (text == nullptr) {
        return std::nullopt;
    }
    std::lock_guard lock(mutex_);
    std::string rendered = text->render(data_of(vars));

    app::rendered_text out;
    constexpr std::string_view subject_prefix = "Subject: ";
    if (rendered.rfind(subject_prefix, 0) == 0) {
        const auto end = rendered.find('\n');
        out.subject = domain::trim_end(
            std::string_view(rendered).substr(subject_prefix.size(), end - subject_prefix.size()), " \r\n");
        rendered = end == std::string::npos ? std::string() : rendered.substr(end + 1);
        while (!rendered.empty() && rendered.front() == '\n') {
            rendered.erase(0, 1);
        }
    }
    out.body = domain::trim_end(rendered, " \r\n");
    return out;
}

std::string template_renderer::lay_out(std::string_view channel, const app::notice_record& n) const {
    compiled* layout = find(std::string(channel) + "/layout");
    if (layout == nullptr) {
        return n.body;
    }
    const app::template_vars vars{{"name", n.recipient_name},
                                  {"address", n.address},
                                  {"reference", n.reference},
                                  {"subject", n.subject},
                                  {"body", n.body}};
    std::lock_guard lock(mutex_);
    return layout->render(data_of(vars));
}

} // namespace mend::notify
