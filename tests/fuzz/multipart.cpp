// Fuzzes the multipart/form-data parser (http/forms): the input's first line is the Content-Type header value
// (with its boundary), the rest the body, as a browser sends a form with photos.
#include "http/forms.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const auto content_type = input.substr(0, newline);
    const auto body = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
    const auto parsed = http::parse_multipart(content_type, body);
    if (!parsed) {
        return 0;
    }
    // Every part is cut from the body, so together they are never longer than it, and never more than
    // allowed.
    std::size_t bytes = 0;
    for (const auto& field : *parsed) {
        bytes += field.value.size();
        if (field.name.empty()) {
            std::abort();
        }
    }
    if (bytes > body.size() || parsed->size() > http::max_form_parts) {
        std::abort();
    }
    (void)http::form_value(*parsed, "description");
    (void)http::form_files(*parsed, "photos");
    return 0;
}
