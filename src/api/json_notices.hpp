// Notices, their delivery attempts and a job's alerts as the API shows them (the notices API and the evidence
// pack).
#pragma once

#include "app/notices/notices.hpp"

#include <boost/json.hpp>
#include <optional>

namespace mend::api {

// An ISO 8601 time, or null.
boost::json::value iso_or_null(std::optional<domain::instant> t);

// Staff see the delivery details (attempts, provider id, last error, idempotency key); tenants do not.
boost::json::object notice_to_json(const app::notice_record& n, bool staff);
boost::json::object attempt_to_json(const app::attempt_record& a);
boost::json::object alert_to_json(const app::alert_record& a);

} // namespace mend::api
