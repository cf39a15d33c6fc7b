// Fuzzes the urlencoded form parser and the Cookie header reader (http/forms), as the pages read every POST
// body and every session cookie.
#include "http/forms.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const auto parsed = http::parse_urlencoded(input)) {
        if (parsed->size() > http::max_form_parts * 4) {
            std::abort();
        }
        (void)http::form_value(*parsed, "csrf_token");
    }
    (void)http::parse_form("application/x-www-form-urlencoded; charset=UTF-8", input);
    // A cookie's value is cut from the header.
    if (http::cookie_value(input, "mend_session").size() > input.size() ||
        http::cookie_value(input, "mend_login").size() > input.size()) {
        std::abort();
    }
    return 0;
}
