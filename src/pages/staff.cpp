// Pages for housing officers and admins: the work queue, tenants and their passwords, users, contractor
// firms, homes and the CSV import of homes and tenants.
#include "app/accounts/admin.hpp"
#include "app/accounts/import.hpp"
#include "app/accounts/web.hpp"
#include "app/clocks.hpp"
#include "app/jobs.hpp"
#include "app/places.hpp"
#include "domain/phone.hpp"
#include "http/offload.hpp"
#include "pages/clock_view.hpp"
#include "pages/pages.hpp"
#include "pages/queue_filters.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <map>

namespace mend::pages {

namespace net = boost::asio;
using domain::role;

namespace {

bool is_admin(const context& ctx) {
    return ctx.who->role == role::admin;
}

std::optional<std::string> non_empty(std::string v) {
    if (v.empty()) {
        return std::nullopt;
    }
    return v;
}

// --- Work queue ---

// How many jobs are in each state, and in all.
void add_counts(const context& ctx, mdata& body) {
    std::map<domain::status, std::int64_t> counts;
    std::int64_t total = 0;
    for (const auto& c : app::queue_counts(web(ctx).reads, *ctx.who)) {
        counts[c.state] = c.count;
        total += c.count;
    }
    mlist count_items;
    for (auto name : domain::names<domain::status>::list) {
        const auto s = *domain::parse<domain::status>(name);
        mdata item;
        item.set("status", label(s));
        item.set("value", std::string(name));
        item.set("count", std::to_string(counts[s]));
        count_items.push_back(item);
    }
    body.set("counts", count_items);
    body.set("total", std::to_string(total));
}

// The filter inputs, showing the filters of this page.
void add_filters(const context& ctx, const std::vector<std::pair<std::string, std::string>>& firms,
                 const form_errors& errors, mdata& body) {
    const auto filter = [&](const char* id, const char* label_text,
                            const std::vector<std::pair<std::string, std::string>>& values) {
        auto f = field(id, id, label_text, "", errors);
        f.set("blank", "Any");
        f.set("options", options(values, query_value(ctx, id)));
        return f;
    };
    auto states = enum_options<domain::status>();
    states.emplace(states.begin(), "all", "Any status, open or not");
    auto by_status = filter("status", "Status", states);
    by_status.set("blank", "Open jobs");
    body.set("f_status", by_status);
    auto search = field("q", "q", "Search (optional)", query_value(ctx, "q"), errors,
                        "Reference, postcode, part of the address or the tenant's name");
    search.set("width", "govuk-!-width-full");
    body.set("f_search", search);
    body.set("f_priority", filter("priority", "Priority", enum_options<domain::priority>()));
    body.set("f_category", filter("category", "Type of repair", enum_options<domain::category>()));
    body.set("f_contractor", filter("contractor_id", "Contractor", firms));
    auto only_overdue = field("overdue", "overdue", "Only overdue jobs", "", errors,
                              "Jobs with a repair target or legal deadline that has passed");
    only_overdue.set("checked", query_value(ctx, "overdue") == "true");
    body.set("f_overdue", only_overdue);
}

// A refused filter, in words next to its input; a page number only comes from the queue's own links.
void add_queue_error(const std::string& input, form_errors& errors) {
    if (input == "overdue") {
        errors.add(input, "Tick the box or leave it empty");
    } else if (input == "page" || input == "after" || input == "before") {
        errors.add("main-content", "Choose a page from the links at the foot of the queue");
    } else {
        errors.add(input, "Choose a filter from the list");
    }
}

// One row of the queue, with the soonest due date of its open clocks; the clocks came with the page
// (app::views_of).
mdata queue_row(const context& ctx, const app::job_view& view,
                const std::map<app::id_t, std::string>& firm_names, domain::instant now) {
    const domain::job& job = view.job;
    mdata row;
    row.set("reference", job.reference);
    row.set("status", label(job.state));
    row.set("tag", tag_class(job.state));
    row.set("category", label(job.category));
    row.set("priority", job.priority ? label(*job.priority) : std::string("Not set"));
    std::string firm = "None";
    if (job.contractor_id) {
        const auto found = firm_names.find(*job.contractor_id);
        firm = found != firm_names.end() ? found->second : std::string();
    }
    row.set("contractor", firm);
    row.set("reported", domain::uk_date_words(job.created_at));
    if (auto home = web(ctx).reads.property_by_id(job.property_id)) {
        row.set("address", home->address + ", " + home->postcode);
    }
    std::optional<domain::instant> due;
    for (const auto& c : view.clocks) {
        if (c.open() && (!due || c.due() < *due)) {
            due = c.due();
        }
    }
    row.set("due", due ? domain::uk_date_time_words(*due) : std::string("Not set"));
    row.set("description",
            job.description.size() > 80 ? job.description.substr(0, 77) + "..." : job.description);
    const auto* time = ctx.svc.time;
    row.set("overdue", time != nullptr && overdue(view.clocks, now, time->settings.at_risk_share));
    return row;
}

net::awaitable<response_t> queue(context& ctx) {
    if (!staff(ctx)) {
        co_return not_found_page(ctx);
    }
    const query_lookup value_of = [&ctx](std::string_view key) {
        return query_value(ctx, key);
    };
    form_errors errors;
    auto listed = app::work_queue(ctx.svc.reads, *ctx.who, queue_query(value_of));
    if (!listed) {
        add_queue_error(listed.error().field, errors);
    }
    std::map<app::id_t, std::string> firm_names;
    std::vector<std::pair<std::string, std::string>> firms;
    for (const auto& c : web(ctx).reads.contractors()) {
        firm_names[c.id] = c.name;
        firms.emplace_back(std::to_string(c.id), c.name);
    }
    mdata body = page_data(ctx);
    add_counts(ctx, body);
    add_filters(ctx, firms, errors, body);
    mlist rows;
    if (listed) {
        const auto now = ctx.svc.clock.now();
        const auto* time = ctx.svc.time;
        // Previous and Next start from this page's first and last job, so a deep page costs what the first
        // does; the first page needs no cursor.
        if (listed->page > 2 && !listed->items.empty()) {
            body.set("previous", queue_link(value_of, listed->page - 1,
                                            "before=" + std::to_string(listed->items.front().id)));
        } else if (listed->page > 1) {
            body.set("previous", queue_link(value_of, 1));
        }
        if (listed->more && !listed->items.empty()) {
            body.set("next", queue_link(value_of, listed->page + 1,
                                        "after=" + std::to_string(listed->items.back().id)));
        }
        // The clocks of the whole page are read in one query.
        const auto views = app::views_of(ctx.svc.reads, time != nullptr ? &time->reads : nullptr, *ctx.who,
                                         std::move(listed->items), now);
        for (const auto& view : views) {
            rows.push_back(queue_row(ctx, view, firm_names, now));
        }
        body.set("page_number", std::to_string(listed->page));
        body.set("has_pages", listed->page > 1 || listed->more);
        body.set("searched", !query_value(ctx, "q").empty());
        body.set("open_only", query_value(ctx, "status").empty());
    }
    body.set("table_rows", rows);
    body.set("has_table_rows", !rows.empty());
    body.set("csv_link", queue_csv_link(value_of));
    body.set("complaints", ctx.svc.complaints != nullptr);
    // Without a social network the navigation has no inbox; Open311's reports that matched no home wait
    // there.
    body.set("inbox", ctx.svc.social != nullptr && !ctx.svc.social->has_network());
    co_return page(ctx, errors.empty() ? http::status::ok : http::status::unprocessable_entity, "Work queue",
                   "queue", body, &errors);
}

// --- Users ---

mdata user_row(const app::user_record& u, const context& ctx, const std::string& homes) {
    mdata row;
    row.set("id", std::to_string(u.id));
    row.set("name", u.name);
    row.set("homes", homes);
    row.set("role", std::string(domain::to_string(u.role)));
    row.set("email", u.email.value_or(""));
    row.set("phone", u.phone ? domain::phone_words(*u.phone) : "");
    row.set("can_set_password", !app::may_set_password(*ctx.who, u));
    return row;
}

// Each tenant's homes, as "address, postcode" joined by "; ".
std::map<app::id_t, std::string> addresses_by_tenant(const context& ctx) {
    std::map<app::id_t, std::string> out;
    for (const auto& [home, tenants] : web(ctx).reads.properties()) {
        for (const auto id : tenants) {
            auto& text = out[id];
            text += (text.empty() ? "" : "; ") + home.address + ", " + home.postcode;
        }
    }
    return out;
}

struct new_user_form {
    std::string role, name, email, phone, contractor_id;
};

response_t users_page(context& ctx, http::status status, const new_user_form& in, const form_errors& errors) {
    mdata body = page_data(ctx);
    mlist rows;
    const auto homes = addresses_by_tenant(ctx);
    for (const auto& u : web(ctx).reads.users()) {
        if (is_admin(ctx) || u.role == role::tenant) {
            const auto found = homes.find(u.id);
            rows.push_back(user_row(u, ctx, found != homes.end() ? found->second : std::string()));
        }
    }
    body.set("table_rows", rows);
    body.set("admin", is_admin(ctx));
    const auto set = query_value(ctx, "password_set");
    if (!set.empty()) {
        body.set("done", "Password set for user " + set + ". Their other sessions have been signed out.");
    }
    if (is_admin(ctx)) {
        auto r = field("role", "role", "Role", "", errors);
        r.set("options", options({{"tenant", "Tenant"},
                                  {"officer", "Housing officer"},
                                  {"contractor", "Contractor"},
                                  {"admin", "Admin"}},
                                 in.role.empty() ? "tenant" : in.role));
        body.set("f_role", r);
        auto name = field("name", "name", "Full name", in.name, errors);
        name.set("autocomplete", "off");
        body.set("f_name", name);
        auto email = field("email", "email", "Email address (optional)", in.email, errors);
        email.set("type", "email");
        email.set("spellcheck_off", true);
        body.set("f_email", email);
        auto phone =
            field("phone", "phone", "Phone number (optional)", in.phone, errors, "For example, 07700 900456");
        phone.set("type", "tel");
        body.set("f_phone", phone);
        std::vector<std::pair<std::string, std::string>> firms;
        for (const auto& c : web(ctx).reads.contractors()) {
            firms.emplace_back(std::to_string(c.id), c.name);
        }
        auto firm = field("contractor", "contractor_id", "Contractor firm (contractors only)", "", errors);
        firm.set("blank", "None");
        firm.set("options", options(firms, in.contractor_id));
        body.set("f_contractor", firm);
        auto pw =
            field("password", "password", "Password (optional)", "", errors,
                  "At least " + std::to_string(app::min_password) + " characters; you can set it later");
        pw.set("type", "password");
        pw.set("autocomplete", "new-password");
        body.set("f_password", pw);
    }
    return page(ctx, status, is_admin(ctx) ? "Users" : "Tenants", "users", body, &errors);
}

net::awaitable<response_t> users(context& ctx) {
    if (!staff(ctx)) {
        co_return not_found_page(ctx);
    }
    co_return users_page(ctx, http::status::ok, {}, {});
}

net::awaitable<response_t> add_user(context& ctx) {
    if (!is_admin(ctx)) {
        co_return not_found_page(ctx);
    }
    new_user_form in{form_value(ctx.fields, "role"), form_value(ctx.fields, "name"),
                     form_value(ctx.fields, "email"), form_value(ctx.fields, "phone"),
                     form_value(ctx.fields, "contractor_id")};
    const std::string password = form_value(ctx.fields, "password");
    form_errors errors;
    if (in.name.empty()) {
        errors.add("name", "Enter the person's full name");
    }
    if (!password.empty()) {
        if (auto p = app::check_new_password(password)) {
            errors.add("password", p->message);
        }
    }
    if (!errors.empty()) {
        co_return users_page(ctx, http::status::unprocessable_entity, in, errors);
    }
    app::new_user u{in.role, in.name, non_empty(in.email), non_empty(in.phone), std::nullopt};
    if (!in.contractor_id.empty()) {
        app::id_t id = 0;
        std::from_chars(in.contractor_id.data(), in.contractor_id.data() + in.contractor_id.size(), id);
        u.contractor_id = id;
    }
    if (!password.empty()) {
        co_await run_blocking(web(ctx).workers,
                              [&u, &password] { u.password_hash = app::hash_password(password); });
    }
    const auto result = co_await http::write(ctx.svc.writes, app::add_user, u);
    if (!result) {
        const auto& p = result.error();
        errors.add(p.field == "contractor" ? "contractor" : p.field.empty() ? "name" : p.field, p.message);
        co_return users_page(ctx, http::status::unprocessable_entity, in, errors);
    }
    co_return redirect(ctx, "/users");
}

// --- Contractors ---

response_t contractors_page(context& ctx, http::status status, const std::string& name,
                            const form_errors& errors) {
    mdata body = page_data(ctx);
    mlist rows;
    for (const auto& c : web(ctx).reads.contractors()) {
        mdata row;
        row.set("id", std::to_string(c.id));
        row.set("name", c.name);
        std::string trades;
        for (const auto& t : c.trades) {
            if (auto cat = domain::parse<domain::category>(t)) {
                trades += (trades.empty() ? "" : "; ") + label(*cat);
            }
        }
        row.set("trades", trades);
        rows.push_back(row);
    }
    body.set("table_rows", rows);
    body.set("f_name", field("name", "name", "Firm name", name, errors));
    mlist trades;
    for (const auto& [value, text] : enum_options<domain::category>()) {
        mdata t;
        t.set("value", value);
        t.set("label", text);
        trades.push_back(t);
    }
    body.set("trades", trades);
    return page(ctx, status, "Contractors", "contractors", body, &errors);
}

net::awaitable<response_t> contractors(context& ctx) {
    if (!is_admin(ctx)) {
        co_return not_found_page(ctx);
    }
    co_return contractors_page(ctx, http::status::ok, "", {});
}

net::awaitable<response_t> add_contractor(context& ctx) {
    if (!is_admin(ctx)) {
        co_return not_found_page(ctx);
    }
    const std::string name = form_value(ctx.fields, "name");
    std::vector<std::string> trades;
    for (const auto& f : ctx.fields) {
        if (f.name == "trades" && !f.is_file) {
            trades.push_back(f.value);
        }
    }
    form_errors errors;
    if (name.empty()) {
        errors.add("name", "Enter the firm's name");
        co_return contractors_page(ctx, http::status::unprocessable_entity, name, errors);
    }
    const auto result = co_await http::write(ctx.svc.writes, app::add_contractor, name, trades);
    if (!result) {
        errors.add("name", result.error().message);
        co_return contractors_page(ctx, http::status::unprocessable_entity, name, errors);
    }
    co_return redirect(ctx, "/contractors");
}

// --- Homes and the CSV import ---

struct home_form {
    std::string uprn, address, postcode, tenant_id, block_id, estate_id, tenure;
};

// Blocks and estates by id, for the homes' table and the add form's choices; none when they are not kept.
struct place_names {
    std::vector<app::place_record> blocks;
    std::vector<app::place_record> estates;
    std::map<app::id_t, std::string> by_id;
};

place_names read_place_names(const context& ctx) {
    place_names out;
    if (ctx.svc.places == nullptr) {
        return out;
    }
    out.blocks = ctx.svc.places->places(app::place_kind::block);
    out.estates = ctx.svc.places->places(app::place_kind::estate);
    for (const auto* list : {&out.blocks, &out.estates}) {
        for (const auto& p : *list) {
            out.by_id[p.id] = p.name;
        }
    }
    return out;
}

std::string name_of(const place_names& places, std::optional<app::id_t> id) {
    const auto it = id ? places.by_id.find(*id) : places.by_id.end();
    return it == places.by_id.end() ? std::string() : it->second;
}

mdata place_choice(const place_names& places, app::place_kind kind, const std::string& chosen,
                   const form_errors& errors) {
    const bool block = kind == app::place_kind::block;
    std::vector<std::pair<std::string, std::string>> choices;
    for (const auto& p : block ? places.blocks : places.estates) {
        choices.emplace_back(std::to_string(p.id), p.name);
    }
    auto f = field(block ? "block" : "estate", block ? "block_id" : "estate_id",
                   block ? "Block (optional)" : "Estate (optional)", "", errors,
                   block ? "" : "Leave it for a home in a block: it is on the block's estate");
    f.set("blank", block ? "Not in a block" : "No estate, or the block's");
    f.set("options", options(choices, chosen));
    return f;
}

mlist home_rows(context& ctx, const place_names& places, mdata& body) {
    std::map<app::id_t, std::string> names;
    for (const auto& u : web(ctx).reads.users()) {
        names[u.id] = u.name;
    }
    mlist rows;
    std::size_t shown = 0;
    for (const auto& [home, tenants] : web(ctx).reads.properties()) {
        if (++shown > 500) {
            body.set("more", true);
            break;
        }
        mdata row;
        row.set("uprn", home.uprn);
        row.set("address", home.address);
        row.set("postcode", home.postcode);
        row.set("block", name_of(places, home.block_id));
        row.set("estate", name_of(places, home.estate_id));
        std::string who;
        for (auto id : tenants) {
            who += (who.empty() ? "" : ", ") + names[id];
        }
        row.set("tenants", who);
        rows.push_back(row);
    }
    return rows;
}

response_t homes_page(context& ctx, http::status status, const home_form& in, const form_errors& errors,
                      const mdata* report = nullptr) {
    mdata body = page_data(ctx);
    const auto places = read_place_names(ctx);
    body.set("table_rows", home_rows(ctx, places, body));
    body.set("admin", is_admin(ctx));
    body.set("f_uprn", field("uprn", "uprn", "UPRN", in.uprn, errors, "Up to 12 digits"));
    body.set("f_address", field("address", "address", "Address", in.address, errors));
    auto pc = field("postcode", "postcode", "Postcode", in.postcode, errors);
    pc.set("width", "govuk-input--width-10");
    body.set("f_postcode", pc);
    std::vector<std::pair<std::string, std::string>> tenants;
    for (const auto& u : web(ctx).reads.users()) {
        if (u.role == role::tenant) {
            tenants.emplace_back(std::to_string(u.id), u.name + (u.email ? " (" + *u.email + ")" : ""));
        }
    }
    auto t = field("tenant", "tenant_id", "Tenant (optional)", "", errors);
    t.set("blank", "No tenant");
    t.set("options", options(tenants, in.tenant_id));
    body.set("f_tenant", t);
    auto tenure = field("tenure", "tenure", "How does the tenant hold it?", "", errors,
                        "A leaseholder or shared owner arranges some repairs inside their home themselves");
    tenure.set(
        "options",
        options({{"tenant", "Tenant"}, {"leaseholder", "Leaseholder"}, {"shared_owner", "Shared owner"}},
                in.tenure.empty() ? "tenant" : in.tenure));
    body.set("f_tenure", tenure);
    if (!places.blocks.empty()) {
        body.set("f_block", place_choice(places, app::place_kind::block, in.block_id, errors));
    }
    if (!places.estates.empty()) {
        body.set("f_estate", place_choice(places, app::place_kind::estate, in.estate_id, errors));
    }
    body.set("f_file",
             field("file", "file", "CSV file", "", errors,
                   std::string(app::import_header) +
                       " (then, optionally, block,estate: their names; then, optionally, tenure: tenant, "
                       "leaseholder or shared_owner)"));
    if (report != nullptr) {
        body.set("report", *report);
    }
    return page(ctx, status, "Homes", "homes", body, &errors);
}

// A choice's id: none when blank; 0 when not a number, which names nothing, so the use case refuses it naming
// the field.
std::optional<app::id_t> chosen_id(const std::string& value) {
    if (value.empty()) {
        return std::nullopt;
    }
    return parse_id(value).value_or(0);
}

// Officers read the list; only admins add and import homes.
net::awaitable<response_t> homes(context& ctx) {
    if (!staff(ctx)) {
        co_return not_found_page(ctx);
    }
    co_return homes_page(ctx, http::status::ok, {}, {});
}

net::awaitable<response_t> add_home(context& ctx) {
    if (!is_admin(ctx)) {
        co_return not_found_page(ctx);
    }
    home_form in{form_value(ctx.fields, "uprn"),     form_value(ctx.fields, "address"),
                 form_value(ctx.fields, "postcode"), form_value(ctx.fields, "tenant_id"),
                 form_value(ctx.fields, "block_id"), form_value(ctx.fields, "estate_id"),
                 form_value(ctx.fields, "tenure")};
    app::new_property p{in.uprn, in.address, in.postcode, chosen_id(in.tenant_id)};
    p.block_id = chosen_id(in.block_id);
    p.estate_id = chosen_id(in.estate_id);
    // A tenure with no tenant chosen is the form's default, not a choice.
    p.tenure = p.tenant_id && in.tenure != "tenant" ? in.tenure : std::string();
    const auto result = co_await http::write(ctx.svc.writes, app::add_property, p);
    if (!result) {
        form_errors errors;
        const auto& field = result.error().field;
        errors.add(field == "tenure" ? "tenure-tenant" : field, result.error().message); // radios: the first
        co_return homes_page(ctx, http::status::unprocessable_entity, in, errors);
    }
    co_return redirect(ctx, "/homes");
}

constexpr std::size_t rows_per_commit = 200;

net::awaitable<response_t> import_homes(context& ctx) {
    if (!is_admin(ctx)) {
        co_return not_found_page(ctx);
    }
    form_errors errors;
    const auto files = form_files(ctx.fields, "file");
    if (files.empty() || files.front()->value.empty()) {
        errors.add("file", "Select a CSV file");
        co_return homes_page(ctx, http::status::unprocessable_entity, {}, errors);
    }
    auto rows = app::parse_import(files.front()->value);
    if (!rows) {
        errors.add("file", rows.error().message);
        co_return homes_page(ctx, http::status::unprocessable_entity, {}, errors);
    }
    // Rows are committed in chunks; each row is checked in full before it writes, so a refused row writes
    // nothing and the others of its chunk still land.
    std::vector<app::row_error> refused;
    for (std::size_t first = 0; first < rows->size(); first += rows_per_commit) {
        const auto end =
            rows->begin() + static_cast<std::ptrdiff_t>(std::min(rows->size(), first + rows_per_commit));
        const std::vector<app::import_row> chunk(rows->begin() + static_cast<std::ptrdiff_t>(first), end);
        const auto chunk_refused = co_await http::write(ctx.svc.writes, app::import_homes, chunk);
        refused.insert(refused.end(), chunk_refused.begin(), chunk_refused.end());
    }
    mdata report;
    report.set("total", std::to_string(rows->size()));
    report.set("imported", std::to_string(rows->size() - refused.size()));
    mlist errs;
    for (const auto& r : refused) {
        mdata e;
        e.set("line", std::to_string(r.line));
        e.set("message", r.message);
        errs.push_back(e);
    }
    report.set("errors", errs);
    report.set("has_errors", !refused.empty());
    co_return homes_page(ctx, http::status::ok, {}, {}, &report);
}

} // namespace

void add_staff_pages(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/queue", access::session, queue});
    table.add({v::get, "/users", access::session, users});
    table.add({v::post, "/users", access::session, add_user});
    table.add({v::get, "/contractors", access::session, contractors});
    table.add({v::post, "/contractors", access::session, add_contractor});
    table.add({v::get, "/homes", access::session, homes});
    table.add({v::post, "/homes", access::session, add_home});
    table.add({v::post, "/homes/import", access::session, import_homes, upload_body_limit, {role::admin}});
}

} // namespace mend::pages
