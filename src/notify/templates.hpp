// Message templates (kainjow mustache): built-in defaults from src/notify/templates, overridable from a
// directory.
#pragma once

#include "app/notices/notices.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace kainjow::mustache {
template <typename StringType> class basic_mustache;
}

namespace mend::notify {

// "<channel>/<event>" -> template text, compiled into the binary.
const std::map<std::string, std::string, std::less<>>& builtin_templates();

// Looks up "<channel>/<event>", then "default/<event>", first in the override directory (as
// DIR/<channel>/<event>.mustache) and then among the built-in ones. Text templates render without escaping;
// a first line "Subject: ..." becomes the subject.
// Thread-safe; every template is read and compiled once, when it is made (renders take a lock, as compiled
// kainjow templates are not safe to render from two threads at once; the writer thread is the only caller).
class template_renderer final : public app::notice_renderer {
public:
    // Throws std::runtime_error naming a template that does not parse.
    explicit template_renderer(std::optional<std::filesystem::path> override_dir);
    ~template_renderer() override;

    std::optional<app::rendered_text> render(std::string_view event, std::string_view channel,
                                             const app::template_vars& vars) const override;

    // The notice's text in "<channel>/layout" (HTML-escaped), e.g. a printable letter; the text unchanged
    // when the channel has no layout. Done when the page is asked for, so the outbox keeps only the text.
    std::string lay_out(std::string_view channel, const app::notice_record& n) const;

private:
    using compiled = kainjow::mustache::basic_mustache<std::string>;
    compiled* find(std::string_view name) const;

    std::map<std::string, std::unique_ptr<compiled>, std::less<>> templates_;
    mutable std::mutex mutex_;
};

} // namespace mend::notify
