// The files of src/web (templates and the pages' own CSS and script), compiled into the binary
// (see cmake/embed_web.cmake). Embedded rather than read from a directory, so a template can never be missing
// or out of step with the code that fills it, and a deployment is still one file plus govuk-frontend's
// assets.
#pragma once

#include <string_view>
#include <vector>

namespace mend::pages {

struct web_file_entry {
    std::string_view name; // relative to src/web, e.g. "templates/job.mustache", "static/mend.css"
    std::string_view text;
};

const std::vector<web_file_entry>& web_files();

} // namespace mend::pages
