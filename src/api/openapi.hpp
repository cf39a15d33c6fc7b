// The OpenAPI 3.1 document of the JSON API (schema/openapi.yaml), compiled in by cmake/embed_openapi.cmake.
#pragma once

#include <string_view>

namespace mend::api {

// The whole document; it lives as long as the program.
std::string_view openapi_document();

} // namespace mend::api
