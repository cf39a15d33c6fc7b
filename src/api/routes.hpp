// The JSON API's routes, one adder per feature, and the transport vocabulary its handlers speak.
#pragma once

#include "http/offload.hpp"
#include "http/responses.hpp"
#include "http/route_table.hpp"

namespace mend::api {

// The handlers adapt HTTP to use cases; these are the transport's words they use.
using http::access;
using http::context;
using http::error_for;
using http::json_response;
using http::parse_id;
using http::problem_response;
using http::query_param;
using http::read_json_object;
using http::request_t;
using http::response_t;
using http::route_table;
using http::services;

// Every route of the API, /healthz included.
void add_routes(route_table& table);

void add_job_routes(route_table& table);       // api/jobs.cpp
void add_clock_routes(route_table& table);     // api/clocks.cpp: targets, clocks and reports
void add_notice_routes(route_table& table);    // api/notices.cpp: the outbox, letters, Notify receipts
void add_social_routes(route_table& table);    // api/social.cpp: the social inbox
void add_survey_routes(route_table& table);    // api/surveys.cpp: survey import and the TSMs
void add_evidence_routes(route_table& table);  // api/evidence.cpp: a job's evidence pack, JSON and ZIP
void add_open311_routes(route_table& table);   // api/open311.cpp: Open311 GeoReport v2
void add_complaint_routes(route_table& table); // api/complaints.cpp: complaints on the Ombudsman's Code
void add_openapi_routes(route_table& table);   // api/openapi.cpp: this API's OpenAPI document
void add_place_routes(route_table& table);     // api/places.cpp: blocks, estates and their homes
void add_follower_routes(route_table& table);  // api/followers.cpp: the followers of a job

} // namespace mend::api
