// Helpers shared by the page handlers (src/pages/*.cpp); not used by the JSON API.
#pragma once

#include "http/route_table.hpp"
#include "http/services.hpp"
#include "pages/html.hpp"

#include <string>
#include <string_view>

namespace mend::pages {

constexpr std::string_view session_cookie = "mend_session";
constexpr std::string_view login_cookie = "mend_login"; // the login form's CSRF token, before any session
constexpr std::string_view kept_cookie = "mend_kept";   // the id of a form kept when its session had ended

// Uploads carry up to 5 photos of 5 MiB each, plus the form's text. The limit leaves room for five phone
// photos of up to 8 MiB, so that photos a little too large are refused by name on the form (HTML), rather
// than the whole body by the limit (pages/tenant.cpp's "too large" page).
constexpr std::size_t upload_body_limit = std::size_t{41} * 1024 * 1024;

// The page services; the page routes are only registered when they exist (see add_routes).
inline site& web(const context& ctx) {
    return *ctx.svc.web;
}

// Data every page template gets: the session's CSRF token.
mdata page_data(const context& ctx);

std::string query_value(const context& ctx, std::string_view key);

// "Set-Cookie" value with HttpOnly, SameSite=Lax, Path=/ and Secure when behind TLS.
std::string cookie_header(const context& ctx, std::string_view name, std::string_view value, long max_age);

bool staff(const context& ctx);

// The text of a form that was posted after its session had ended (see session_gate), when it was on this page
// and this browser holds its cookie: taken out, so that the page fills it in once.
std::optional<form> kept_form(const context& ctx);
// Tells the browser to drop the kept form's cookie.
void forget_kept_form(const context& ctx, response_t& res);

// The sign-in form's `next`, if it is a path of this site: one leading slash, then visible ASCII without a
// backslash (browsers read "//", "/\" and a TAB or newline inside as the start of another site's address);
// "/" otherwise.
std::string safe_next(std::string_view next);

// Whom the header's session cookie names (route_table's session_caller, which chooses a body limit), also
// when the session has lapsed: its writer's late form is read whole, to be kept (session_gate).
std::optional<domain::actor> session_caller(http::services& svc, const request_t& header);

// Every page route, and the session gate they pass through (pages/session.cpp).
void add_routes(route_table& table);

// Route adders, one per file.
void add_session_pages(route_table& table);
void add_job_pages(route_table& table);
void add_access_note_pages(route_table& table); // pages/access_notes.cpp
void add_tenant_pages(route_table& table);      // pages/tenant.cpp
void add_staff_pages(route_table& table);
void add_inbox_pages(route_table& table);
void add_social_staff_pages(route_table& table); // pages/social_staff.cpp
void add_social_intake_pages(
    route_table& table); // pages/social_intake.cpp: /social/{token}, after the inbox's
void add_outbox_pages(route_table& table);
void add_intake_pages(route_table& table);
void add_queue_export(route_table& table);
void add_holiday_pages(route_table& table);
void add_complaint_pages(route_table& table);     // pages/complaints.cpp
void add_known_problem_pages(route_table& table); // pages/known_problems.cpp
void add_follower_pages(route_table& table);      // pages/followers.cpp: "me too" on the job page

// The job page's follower parts (pages/followers.cpp): officers' count of followers ("followers"), a tenant's
// "Me too" or "Stop following" form ("follow"); and the banner after either form.
void add_follow_parts(const context& ctx, const domain::job& job, mdata& body);
std::string follow_done_message(std::string_view done);

// Complaints as the evidence page lists them: each with its clocks and history (pages/complaints.cpp).
mlist complaint_records(const context& ctx, const std::vector<app::complaint_detail>& complaints);

} // namespace mend::pages
