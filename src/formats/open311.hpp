// Open311 GeoReport v2 documents in XML (what FixMyStreet reads) and JSON: services, service definitions,
// requests, updates and errors; the status words the extension uses; element text escaped for XML.
#pragma once

#include "app/open311.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mend::formats {

enum class open311_format { xml, json };

// A document ready to send.
struct open311_document {
    std::string content_type;
    std::string body;
};

// mySociety's extended status for a job's state: OPEN, INVESTIGATING, ACTION_SCHEDULED, IN_PROGRESS, FIXED,
// CANCELLED, NO_FURTHER_ACTION, DUPLICATE.
std::string_view open311_status(domain::status s);
// The spec's two statuses, for GET requests: "open", or "closed" once the job has ended or is fixed.
std::string_view open311_plain_status(domain::status s);

// Text for XML element content: &, <, > and quotes escaped; characters XML 1.0 cannot carry (C0 controls
// other than tab, CR and LF, and ill-formed UTF-8) replaced by U+FFFD.
std::string xml_escape(std::string_view text);

// W3C-DTF with seconds and a zone: "2026-12-01T08:00:00Z".
std::string w3c_time(domain::instant t);

open311_document services_document(open311_format f, const std::vector<app::service>& services);
open311_document definition_document(open311_format f, const app::service& s,
                                     const std::vector<app::service_attribute>& attributes);
// The answer to POST requests: the new (or earlier) service_request_id.
open311_document created_document(open311_format f, const std::string& service_request_id);
open311_document requests_document(open311_format f, const std::vector<app::request_view>& requests);
open311_document updates_document(open311_format f, const std::vector<app::open311_update>& updates);
// The answer to POST servicerequestupdates: mend's update_id.
open311_document update_created_document(open311_format f, const std::string& update_id);
// <errors><error><code/><description/></error></errors>, or its JSON array.
open311_document errors_document(open311_format f, int code, std::string_view description);

} // namespace mend::formats
