// Signing in and out, the session gate with its CSRF check, security headers, passwords set by staff, and the
// static files the pages use.
#include "app/accounts/web.hpp"
#include "domain/phone.hpp"
#include "domain/text.hpp"
#include "http/offload.hpp"
#include "http/responses.hpp"
#include "pages/pages.hpp"
#include "pages/web_files.hpp"

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <fstream>
#include <sstream>

namespace mend::pages {

namespace net = boost::asio;

namespace {

std::string random_token() {
    return app::new_tracking_token() + app::new_tracking_token();
}

std::string home_of(domain::role r) {
    switch (r) {
    case domain::role::tenant:
        return "/repairs";
    case domain::role::contractor:
        return "/work-orders";
    default:
        return "/queue";
    }
}

std::optional<response_t> pages_off(const context& ctx) {
    if (ctx.svc.web == nullptr) {
        return error_for(ctx.req, http::status::not_found, "not_found", "no such resource");
    }
    return std::nullopt;
}

// Whether this browser has a form kept for after it signs in again.
bool form_kept(const context& ctx) {
    const std::string id = cookie_value(ctx.req[http::field::cookie], kept_cookie);
    return !id.empty() && web(ctx).kept_forms.has(id, ctx.svc.clock.now());
}

response_t login_page(context& ctx, http::status status, const std::string& csrf,
                      const std::string& identifier, const std::string& next, const form_errors& errors) {
    mdata body;
    body.set("csrf", csrf);
    body.set("signed_out", form_kept(ctx));
    body.set("next", next);
    auto id = field("identifier", "identifier", "Email address or mobile phone number", identifier, errors);
    id.set("autocomplete", "username");
    id.set("spellcheck_off", true);
    body.set("f_identifier", id);
    auto pw = field("password", "password", "Password", "", errors);
    pw.set("type", "password");
    pw.set("autocomplete", "current-password");
    body.set("f_password", pw);
    auto res = page(ctx, status, "Sign in", "login", body, &errors);
    res.set(http::field::set_cookie, cookie_header(ctx, login_cookie, csrf, 3600));
    return res;
}

net::awaitable<response_t> show_login(context& ctx) {
    if (auto off = pages_off(ctx)) {
        co_return std::move(*off);
    }
    std::string csrf = cookie_value(ctx.req[http::field::cookie], login_cookie);
    if (csrf.size() != 64) {
        csrf = random_token();
    }
    co_return login_page(ctx, http::status::ok, csrf, "", safe_next(query_value(ctx, "next")), {});
}

// A hash that nobody's password matches, checked when the identifier is unknown so that an unknown account
// takes as long to refuse as a wrong password.
const std::string& decoy_hash() {
    static const std::string hash = app::hash_password(random_token());
    return hash;
}

form_errors missing_credentials(const std::string& identifier, const std::string& password) {
    form_errors errors;
    if (identifier.empty()) {
        errors.add("identifier", "Enter your email address or mobile phone number");
    }
    if (password.empty()) {
        errors.add("password", "Enter your password");
    }
    return errors;
}

struct login_input {
    std::string identifier; // trimmed
    std::string password;
    std::string next;  // safe_next's
    std::string named; // the identifier as accounts keep it: an email address as typed, a phone as E.164
};

login_input login_input_of(const form& fields) {
    login_input in{std::string(domain::trim(form_value(fields, "identifier"), " ")),
                   form_value(fields, "password"),
                   safe_next(form_value(fields, "next")),
                   {}};
    in.named = in.identifier;
    if (in.identifier.find('@') == std::string::npos) {
        in.named = domain::phone_e164(in.identifier).value_or(in.identifier);
    }
    return in;
}

// An identifier that is neither an email address nor a phone number in a form mend knows.
bool malformed(const login_input& in) {
    return !in.identifier.empty() && in.identifier.find('@') == std::string::npos &&
           !domain::phone_e164(in.identifier);
}

// Checks the password off the HTTP thread; an unknown account is checked against the decoy, so that it takes
// as long to refuse.
net::awaitable<bool> password_matches(site& w, std::optional<app::login_record> record,
                                      std::string password) {
    const std::string hash = record && !record->password_hash.empty() ? record->password_hash : std::string();
    bool ok = false;
    co_await run_blocking(w.workers, [&ok, &hash, &password] {
        ok = app::verify_password(hash.empty() ? decoy_hash() : hash, password) && !hash.empty();
    });
    co_return ok;
}

net::awaitable<response_t> signed_in(context& ctx, app::id_t user, std::string next, domain::role role) {
    const auto now = ctx.svc.clock.now();
    const auto session = co_await http::write(ctx.svc.writes, app::start_session, user, now);
    auto res = redirect(ctx, next == "/" ? home_of(role) : next);
    res.set(http::field::set_cookie,
            cookie_header(ctx, session_cookie, session.cookie,
                          std::chrono::duration_cast<std::chrono::seconds>(app::session_lifetime).count()));
    res.insert(http::field::set_cookie, cookie_header(ctx, login_cookie, "", 0));
    co_return res;
}

net::awaitable<response_t> sign_in(context& ctx) {
    if (auto off = pages_off(ctx)) {
        co_return std::move(*off);
    }
    auto& w = web(ctx);
    const auto fields = parse_form(ctx.req[http::field::content_type], ctx.req.body());
    const std::string cookie = cookie_value(ctx.req[http::field::cookie], login_cookie);
    if (!fields || !app::same_secret(cookie, form_value(*fields, "csrf_token"))) {
        co_return message_page(ctx, http::status::forbidden, "Your sign-in form has expired",
                               "Go back to the sign-in page, reload it and try again.");
    }
    const login_input in = login_input_of(*fields);
    // An identifier longer than any account's names nobody: it is neither looked up, kept nor shown again.
    const bool plausible = in.identifier.size() <= app::login_throttle::max_identifier;
    const std::string shown = plausible ? in.identifier : std::string();
    form_errors errors = missing_credentials(in.identifier, in.password);
    if (plausible && malformed(in)) {
        errors.add("identifier", "Enter an email address, or a mobile phone number like 07700 900456");
    }
    if (!errors.empty()) {
        co_return login_page(ctx, http::status::unprocessable_entity, cookie, shown, in.next, errors);
    }
    const auto now = ctx.svc.clock.now();
    const auto record = plausible ? w.reads.login_by_identifier(in.named) : std::nullopt;
    const std::string key = plausible ? domain::lower_case(in.named) : std::string();
    const std::string address = client_address(ctx);
    const app::login_throttle::attempt attempt{record ? std::optional(record->who.user_id) : std::nullopt,
                                               key, address};
    if (w.throttle.blocked_until(attempt, now)) {
        errors.add("identifier", "You have tried to sign in too many times. Wait 15 minutes, then try again");
        co_return login_page(ctx, http::status::too_many_requests, cookie, shown, in.next, errors);
    }
    if (!co_await password_matches(w, record, in.password)) {
        w.throttle.failed(attempt, now);
        errors.add("identifier", "Enter a correct email address or phone number and password");
        co_return login_page(ctx, http::status::unprocessable_entity, cookie, shown, in.next, errors);
    }
    w.throttle.succeeded(attempt);
    co_return co_await signed_in(ctx, record->who.user_id, in.next, record->who.role);
}

net::awaitable<response_t> sign_out(context& ctx) {
    const std::string cookie = cookie_value(ctx.req[http::field::cookie], session_cookie);
    co_await http::write(ctx.svc.writes, app::end_session, cookie);
    auto res = redirect(ctx, "/login");
    res.set(http::field::set_cookie, cookie_header(ctx, session_cookie, "", 0));
    co_return res;
}

net::awaitable<response_t> start_page(context& ctx) {
    co_return redirect(ctx, home_of(ctx.who->role));
}

// --- Passwords set by staff ---

std::optional<app::id_t> id_param(const std::string& text) {
    app::id_t id = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || p != text.data() + text.size()) {
        return std::nullopt;
    }
    return id;
}

response_t password_page(context& ctx, http::status status, const app::user_record& user,
                         const form_errors& errors) {
    mdata body = page_data(ctx);
    body.set("name", user.name);
    body.set("id", std::to_string(user.id));
    auto pw = field("password", "password", "New password", "", errors,
                    "At least " + std::to_string(app::min_password) +
                        " characters. Tell it to the person, then ask "
                        "them to keep it private.");
    pw.set("type", "password");
    pw.set("autocomplete", "new-password");
    body.set("f_password", pw);
    return page(ctx, status, "Set a password for " + user.name, "password", body, &errors);
}

net::awaitable<response_t> show_password(context& ctx) {
    const auto id = id_param(ctx.params.at(0));
    const auto user = id ? web(ctx).reads.user_by_id(*id) : std::nullopt;
    if (!user || user->role == domain::role::system || app::may_set_password(*ctx.who, *user)) {
        co_return not_found_page(ctx);
    }
    co_return password_page(ctx, http::status::ok, *user, {});
}

net::awaitable<response_t> set_password(context& ctx) {
    const auto id = id_param(ctx.params.at(0));
    const auto user = id ? web(ctx).reads.user_by_id(*id) : std::nullopt;
    if (!user || user->role == domain::role::system || app::may_set_password(*ctx.who, *user)) {
        co_return not_found_page(ctx);
    }
    const std::string password = form_value(ctx.fields, "password");
    form_errors errors;
    if (auto p = app::check_new_password(password)) {
        errors.add("password", p->message);
        co_return password_page(ctx, http::status::unprocessable_entity, *user, errors);
    }
    std::string hash;
    co_await run_blocking(web(ctx).workers, [&hash, &password] { hash = app::hash_password(password); });
    const auto result = co_await http::write(ctx.svc.writes, app::set_password, *ctx.who, user->id, hash);
    if (!result) {
        co_return not_found_page(ctx);
    }
    co_return redirect(ctx, "/users?password_set=" + std::to_string(user->id));
}

// --- Static files ---

response_t static_response(const context& ctx, std::string body, std::string_view type) {
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, type);
    res.set(http::field::cache_control, "public, max-age=3600");
    res.body() = std::move(body);
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    return res;
}

net::awaitable<response_t> embedded_static(context& ctx) {
    if (auto off = pages_off(ctx)) {
        co_return std::move(*off);
    }
    const std::string name = "static/" + ctx.params.at(0);
    for (const auto& f : web_files()) {
        if (f.name == name) {
            const bool css = name.ends_with(".css");
            co_return static_response(ctx, std::string(f.text),
                                      css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
        }
    }
    co_return error_for(ctx.req, http::status::not_found, "not_found", "no such resource");
}

// Only govuk-frontend's stylesheet and script are served: not its fonts or crown images, as mend is not
// GOV.UK. Both are compiled in; [web] assets_dir serves another build of them from disk instead.
net::awaitable<response_t> govuk_asset(context& ctx) {
    if (auto off = pages_off(ctx)) {
        co_return std::move(*off);
    }
    const std::string& name = ctx.params.at(0);
    std::string_view type;
    if (name == "govuk-frontend.min.css") {
        type = "text/css; charset=utf-8";
    } else if (name == "govuk-frontend.min.js") {
        type = "text/javascript; charset=utf-8";
    } else {
        co_return error_for(ctx.req, http::status::not_found, "not_found", "no such resource");
    }
    const auto& dir = web(ctx).config.assets_dir;
    if (dir.empty()) {
        for (const auto& f : web_files()) {
            if (f.name == "govuk/" + name) {
                co_return static_response(ctx, std::string(f.text), type);
            }
        }
        co_return error_for(ctx.req, http::status::not_found, "not_found", "no such resource");
    }
    std::string body;
    const auto path = dir / name;
    co_await run_blocking(web(ctx).workers, [&body, &path] {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            throw std::runtime_error("cannot read " + path.string() +
                                     "; set [web] assets_dir to govuk-frontend's dist/govuk folder");
        }
        std::ostringstream out;
        out << in.rdbuf();
        body = out.str();
    });
    co_return static_response(ctx, std::move(body), type);
}

net::awaitable<response_t> brand_css(context& ctx) {
    if (auto off = pages_off(ctx)) {
        co_return std::move(*off);
    }
    const std::string& colour = web(ctx).config.brand_colour;
    co_return static_response(ctx, ":root{--govuk-brand-colour:" + colour + ";}\n",
                              "text/css; charset=utf-8");
}

} // namespace

std::string safe_next(std::string_view next) {
    constexpr std::size_t longest = 2048;
    const bool visible = std::all_of(next.begin(), next.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte > 0x20 && byte < 0x7f && c != '\\';
    });
    if (visible && next.size() > 1 && next.size() <= longest && next[0] == '/' && next[1] != '/') {
        return std::string(next);
    }
    return "/";
}

std::optional<domain::actor> session_caller(http::services& svc, const request_t& header) {
    if (svc.web == nullptr) {
        return std::nullopt;
    }
    const std::string cookie = cookie_value(header[http::field::cookie], session_cookie);
    const auto now = svc.clock.now();
    auto session = app::find_session(svc.web->reads, cookie, now);
    if (!session) {
        session = app::find_lapsed_session(svc.web->reads, cookie, now); // its form is kept (session_gate)
    }
    if (!session) {
        return std::nullopt;
    }
    return session->who;
}

mdata page_data(const context& ctx) {
    mdata d;
    if (ctx.session) {
        d.set("csrf", ctx.session->csrf);
    }
    return d;
}

std::string query_value(const context& ctx, std::string_view key) {
    auto params = ctx.url.params();
    auto it = params.find(key);
    if (it == params.end() || !(*it).has_value) {
        return {};
    }
    return std::string((*it).value);
}

std::string cookie_header(const context& ctx, std::string_view name, std::string_view value, long max_age) {
    std::string out = std::string(name) + "=" + std::string(value) +
                      "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age);
    const bool tls = (ctx.svc.web != nullptr && ctx.svc.web->config.secure_cookies) ||
                     ctx.req["X-Forwarded-Proto"] == "https";
    if (tls) {
        out += "; Secure";
    }
    return out;
}

std::optional<form> kept_form(const context& ctx) {
    const std::string id = cookie_value(ctx.req[http::field::cookie], kept_cookie);
    if (id.empty() || ctx.svc.web == nullptr) {
        return std::nullopt;
    }
    auto kept = web(ctx).kept_forms.take(id, std::string(ctx.url.encoded_path()), ctx.who->user_id,
                                         ctx.svc.clock.now());
    if (!kept) {
        return std::nullopt;
    }
    form out;
    for (auto& [name, value] : kept->fields) {
        out.push_back({std::move(name), std::move(value), {}, {}, false});
    }
    for (auto& f : kept->files) {
        out.push_back({std::move(f.name), std::move(f.bytes), std::move(f.filename), {}, true});
    }
    return out;
}

void forget_kept_form(const context& ctx, response_t& res) {
    res.insert(http::field::set_cookie, cookie_header(ctx, kept_cookie, "", 0));
}

bool staff(const context& ctx) {
    return ctx.who && (ctx.who->role == domain::role::officer || ctx.who->role == domain::role::admin);
}

// The page a form is on, from where it posts, for the forms whose page fills them in again (kept_form): a
// job's actions, its completion and the tenant's update and "is it fixed?" answer, on the job's page; the
// report forms and a home's access notes, on their own. Empty for any other.
std::string_view form_page_of(std::string_view path) {
    if (path == "/repairs/new" || path == "/intake/report") {
        return path;
    }
    if (!path.starts_with("/jobs/")) {
        return {};
    }
    if (path.ends_with("/access-notes")) {
        return path;
    }
    for (const std::string_view tail : {"/actions", "/complete", "/updates", "/fixed"}) {
        if (path.ends_with(tail)) {
            return path.substr(0, path.size() - tail.size());
        }
    }
    return {};
}

// A post from mend's own pages, not another site's page sending a form here: only such a post's text is
// kept, so that nobody can fill in someone's form for them.
bool same_origin_post(const request_t& req) {
    const auto fetch_site = req["Sec-Fetch-Site"];
    if (!fetch_site.empty()) {
        return fetch_site == "same-origin";
    }
    const auto origin = req[http::field::origin];
    const std::string host(req[http::field::host]);
    return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

// A form posted after its session ended: its text is kept (not its CSRF token), and the sign-in page leads
// back to the form, which is filled in again (kept_form). When the session lapsed by time and the form
// carries its CSRF token, its writer is known: the form's files are kept too (the route let them send its
// whole body), and only they get it back.
response_t signed_out_post(context& ctx) {
    const std::string path(ctx.url.encoded_path());
    const std::string page_path(form_page_of(path));
    auto fields = parse_form(ctx.req[http::field::content_type], ctx.req.body());
    if (page_path.empty() || !fields || !same_origin_post(ctx.req)) {
        return redirect(ctx, "/login");
    }
    auto lapsed = app::find_lapsed_session(
        web(ctx).reads, cookie_value(ctx.req[http::field::cookie], session_cookie), ctx.svc.clock.now());
    if (lapsed && !app::same_secret(lapsed->csrf, form_value(*fields, "csrf_token"))) {
        lapsed.reset();
    }
    app::form_stash::entry kept{page_path, {}};
    if (lapsed) {
        kept.owner = lapsed->who.user_id;
    }
    for (auto& f : *fields) {
        if (f.is_file && lapsed && !f.value.empty()) {
            kept.files.push_back({std::move(f.name), std::move(f.filename), std::move(f.value)});
        } else if (!f.is_file && f.name != "csrf_token") {
            kept.fields.emplace_back(std::move(f.name), std::move(f.value));
        }
    }
    const auto id = web(ctx).kept_forms.keep(std::move(kept), ctx.svc.clock.now());
    if (!id) {
        return redirect(ctx, "/login");
    }
    auto res = redirect(ctx, "/login?next=" + page_path);
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(app::form_stash::lifetime).count();
    res.set(http::field::set_cookie, cookie_header(ctx, kept_cookie, *id, seconds));
    return res;
}

std::optional<response_t> session_gate(context& ctx) {
    if (auto off = pages_off(ctx)) {
        return off;
    }
    const std::string cookie = cookie_value(ctx.req[http::field::cookie], session_cookie);
    ctx.session = app::find_session(web(ctx).reads, cookie, ctx.svc.clock.now());
    if (!ctx.session) {
        if (ctx.req.method() == http::verb::get || ctx.req.method() == http::verb::head) {
            return redirect(ctx, "/login?next=" + std::string(ctx.url.encoded_path()));
        }
        return signed_out_post(ctx);
    }
    ctx.who = ctx.session->who;
    if (ctx.req.method() == http::verb::post) {
        auto fields = parse_form(ctx.req[http::field::content_type], ctx.req.body());
        if (!fields || !app::same_secret(ctx.session->csrf, form_value(*fields, "csrf_token"))) {
            return message_page(ctx, http::status::forbidden, "This form has expired",
                                "Go back, reload the page and try again.");
        }
        ctx.fields = std::move(*fields);
    }
    return std::nullopt;
}

void add_session_pages(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/", access::session, start_page});
    table.add({v::get, "/login", access::open, show_login});
    table.add({v::post, "/login", access::open, sign_in});
    table.add({v::post, "/logout", access::session, sign_out});
    table.add({v::get, "/users/{id}/password", access::session, show_password});
    table.add({v::post, "/users/{id}/password", access::session, set_password});
    table.add({v::get, "/static/{file}", access::open, embedded_static});
    table.add({v::get, "/assets/{file}", access::open, govuk_asset});
    table.add({v::get, "/brand.css", access::open, brand_css});
}

void add_routes(route_table& table) {
    table.set_session_gate(session_gate);
    table.set_session_caller(session_caller);
    add_session_pages(table);
    add_job_pages(table);
    add_access_note_pages(table);
    add_tenant_pages(table);
    add_staff_pages(table);
    add_social_staff_pages(table); // before the inbox's /social/{id}/... routes
    add_inbox_pages(table);
    add_social_intake_pages(table); // after every /social/<name> page
    add_outbox_pages(table);
    add_intake_pages(table);
    add_queue_export(table);
    add_holiday_pages(table);
    add_complaint_pages(table);
    add_known_problem_pages(table);
    add_follower_pages(table);
}

} // namespace mend::pages
