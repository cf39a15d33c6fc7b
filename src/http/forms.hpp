// HTML form bodies (application/x-www-form-urlencoded and multipart/form-data) and cookies, parsed strictly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::http {

struct form_field {
    std::string name;
    std::string value;        // the text, or a file's bytes
    std::string filename;     // for file parts; empty for text fields
    std::string content_type; // as the browser sent it, for file parts
    bool is_file = false;
};

using form = std::vector<form_field>;

// The first value of `name`, or empty.
std::string form_value(const form& f, std::string_view name);
// Every file part named `name`, in order.
std::vector<const form_field*> form_files(const form& f, std::string_view name);

// Decodes "a=1&b=x+y%21"; nullopt when a %-escape is malformed.
std::optional<form> parse_urlencoded(std::string_view body);

// Limits that keep a hostile body from costing much more than its size.
constexpr std::size_t max_form_parts = 64;
constexpr std::size_t max_part_header = 4096;

// Parses a multipart/form-data body with the boundary from `content_type`. nullopt when anything is
// malformed: no boundary, a part without Content-Disposition form-data and a name, a missing closing
// delimiter, too many parts or a part header that is too long.
std::optional<form> parse_multipart(std::string_view content_type, std::string_view body);

// Parses either kind by the Content-Type; nullopt for any other type or a malformed body.
std::optional<form> parse_form(std::string_view content_type, std::string_view body);

// An id in a path or a form field: a whole number above 0, nothing else.
std::optional<std::int64_t> parse_id(std::string_view text);

// The value of cookie `name` in a Cookie header, or empty.
std::string cookie_value(std::string_view header, std::string_view name);

} // namespace mend::http
