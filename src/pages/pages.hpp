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

// Uploads carry up to 5 photos of 5 MiB each, plus the form's text.
constexpr std::size_t upload_body_limit = std::size_t{26} * 1024 * 1024;

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

// The sign-in form's `next`, if it is a path of this site: one leading slash, then visible ASCII without a
// backslash (browsers read "//", "/\" and a TAB or newline inside as the start of another site's address);
// "/" otherwise.
std::string safe_next(std::string_view next);

// Whom the header's session cookie names (route_table's session_caller).
std::optional<domain::actor> session_caller(http::services& svc, const request_t& header);

// Every page route, and the session gate they pass through (pages/session.cpp).
void add_routes(route_table& table);

// Route adders, one per file.
void add_session_pages(route_table& table);
void add_job_pages(route_table& table);
void add_staff_pages(route_table& table);
void add_inbox_pages(route_table& table);
void add_outbox_pages(route_table& table);
void add_holiday_pages(route_table& table);

} // namespace mend::pages
