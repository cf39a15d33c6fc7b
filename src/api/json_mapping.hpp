// Maps domain values and use-case results to and from the JSON of the API.
#pragma once

#include "app/complaints.hpp"
#include "app/error.hpp"
#include "app/followers.hpp"
#include "app/jobs.hpp"
#include "app/places.hpp"
#include "domain/job.hpp"

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::api {

boost::json::object job_to_json(const domain::job& job, const std::vector<std::string>& allowed);

boost::json::object event_to_json(const domain::event& e, bool show_internal);

boost::json::object actor_to_json(const domain::actor& who);

// An ISO time, or null.
boost::json::value optional_time(const std::optional<domain::instant>& t);

boost::json::object place_to_json(const app::place_record& place);
// A home as the lists of a block's or an estate's homes show it.
boost::json::object home_to_json(const app::property_record& home);

// The body of a new block or estate: name, address, optional uprn and (blocks) estate_id.
app::outcome<app::new_place> parse_place(const boost::json::object& body, app::place_kind kind);

// Reads a report body; names the field that is missing, unknown or of the wrong type.
// {"kind", "user_id"?, "channel"?, "address"?, "name"?, "mention_id"?}: a follower to add
// (api/followers.cpp).
app::outcome<app::new_follower> parse_follower(const boost::json::object& body);
boost::json::object follower_to_json(const app::follower_record& f);

app::outcome<app::report_command> parse_report(const boost::json::object& body);

app::outcome<app::action_command> parse_action(const boost::json::object& body);

app::outcome<app::complaint_input> parse_complaint(const boost::json::object& body);
app::outcome<app::complaint_step_input> parse_complaint_step(const boost::json::object& body);

} // namespace mend::api
