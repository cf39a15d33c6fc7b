// The files of src/pages (templates and the pages' own CSS and script) and govuk-frontend's stylesheet and
// script, compiled into the binary (see cmake/embed_web.cmake). Embedded rather than read from a directory,
// so a template or an asset can never be missing or out of step with the code that fills it, and a deployment
// is one file wherever it is installed.
#pragma once

#include <string_view>
#include <vector>

namespace mend::pages {

struct web_file_entry {
    std::string_view name; // "templates/job.mustache", "static/mend.css", "govuk/govuk-frontend.min.css"
    std::string_view text;
};

const std::vector<web_file_entry>& web_files();

} // namespace mend::pages
