// Fuzzes the API's JSON body readers: http::read_json_object as every JSON route reads a body, then the
// mappers of a report and of an action (api/json_mapping) on whatever object it accepts.
#include "api/json_mapping.hpp"
#include "http/responses.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    http::request_t req{http::verb::post, "/api/v1/requests", 11};
    req.set(http::field::content_type, "application/json; charset=utf-8");
    req.body().assign(reinterpret_cast<const char*>(data), size);
    boost::json::object body;
    if (http::read_json_object(req, body)) {
        return 0; // refused with 400: what a malformed body must get
    }
    (void)api::parse_report(body);
    (void)api::parse_action(body);
    return 0;
}
