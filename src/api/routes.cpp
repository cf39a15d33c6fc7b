#include "api/routes.hpp"

namespace mend::api {

void add_routes(route_table& table) {
    add_job_routes(table);
    add_clock_routes(table);
    add_notice_routes(table);
    add_social_routes(table);
    add_survey_routes(table);
    add_complaint_routes(table);
    add_evidence_routes(table);
    add_open311_routes(table);
    add_openapi_routes(table);
    add_place_routes(table);
    add_follower_routes(table);
}

} // namespace mend::api
