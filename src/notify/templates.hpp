// Message templates (kainjow mustache): built-in defaults from src/notify/templates, overridable from a
// directory.
#pragma once

#include "app/notices.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace mend::notify {

// "<channel>/<event>" -> template text, compiled into the binary.
const std::map<std::string, std::string, std::less<>>& builtin_templates();

// Looks up "<channel>/<event>", then "default/<event>", first in the override directory (as
// DIR/<channel>/<event>.mustache) and then among the built-in ones. Text templates render without escaping;
// a first line "Subject: ..." becomes the subject. If "<channel>/layout" exists, the text is then rendered
// into it as {{body}} and {{subject}} with HTML escaping (letters are HTML).
// Thread-safe after construction; all templates are read and checked when it is made.
class template_renderer final : public app::notice_renderer {
public:
    // Throws std::runtime_error naming a template that does not parse.
    explicit template_renderer(std::optional<std::filesystem::path> override_dir);

    std::optional<app::rendered_text> render(std::string_view event, std::string_view channel,
                                             const app::template_vars& vars) const override;

private:
    const std::string* find(std::string_view name) const;

    std::map<std::string, std::string, std::less<>> templates_;
};

} // namespace mend::notify
