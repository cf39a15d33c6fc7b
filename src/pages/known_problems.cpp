// Shared problems: the public "we know" page of the blocks and estates at a postcode and each one's Atom
// feed (no sign-in, public facts only), the officer's form that raises a job for a block or an estate, and
// what a tenant of the block or estate sees of such a job.
#include "app/accounts/web.hpp"
#include "app/communal.hpp"
#include "app/leasehold.hpp"
#include "domain/text.hpp"
#include "formats/atom.hpp"
#include "http/offload.hpp"
#include "pages/communal.hpp"
#include "pages/pages.hpp"

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>

namespace mend::pages {

namespace net = boost::asio;
using domain::status;

namespace {

// What happens next, for anyone to read.
std::string next_step(const app::known_problem& known) {
    switch (known.state) {
    case status::reported:
        return "We will check it and decide how urgent it is.";
    case status::triaged:
        return "We are asking a contractor to do the work.";
    case status::assigned:
        return "A contractor has the job and will book a time to do it.";
    case status::scheduled:
        return known.appointment_start
                   ? "The work is booked for " + domain::uk_date_words(*known.appointment_start) + "."
                   : "The work is booked.";
    case status::in_progress:
        return "The contractor has started the work.";
    case status::on_hold:
        return "The work is on hold. We will say here when it can go on.";
    case status::completed:
        return "The contractor says it is fixed. We are checking.";
    default:
        return "It is fixed. Tell us if it goes wrong again.";
    }
}

// What is wrong: the officer's public words, else the kind of repair.
std::string what_is_wrong(const app::known_problem& known) {
    if (!known.summary.empty()) {
        return known.summary;
    }
    return label(known.category) + " repair in the shared areas";
}

mdata known_row(const app::known_problem& known) {
    mdata row;
    row.set("reference", known.reference);
    row.set("place", known.place_name);
    row.set("what", what_is_wrong(known));
    row.set("status", label(known.state));
    row.set("tag", tag_class(known.state));
    row.set("next", next_step(known));
    row.set("updated", domain::uk_date_time_words(known.updated_at));
    row.set("updated_iso", domain::format_iso(known.updated_at));
    set_text(row, "latest", known.latest_update);
    row.set("open", !known.fixed);
    return row;
}

mlist known_rows(const std::vector<app::known_problem>& known) {
    mlist out;
    for (const auto& k : known) {
        out.push_back(known_row(k));
    }
    return out;
}

std::string feed_path(const app::place_record& place) {
    return "/known-problems/" + std::string(app::to_string(place.kind)) + "s/" + std::to_string(place.id) +
           ".atom";
}

std::string place_words(const app::place_record& place) {
    return place.name + " (" + std::string(app::to_string(place.kind)) + ")";
}

response_t public_page(const context& ctx, http::status code, const std::string& title, std::string_view name,
                       mdata body, const form_errors* errors = nullptr) {
    auto res = page(ctx, code, title, name, std::move(body), errors);
    res.set(http::field::cache_control, "no-cache");
    return res;
}

// Whether the page (open to all) is read by a signed-in tenant.
bool signed_in_tenant(const context& ctx) {
    const auto lookup = ctx.svc.routes != nullptr ? ctx.svc.routes->caller() : nullptr;
    const auto who = lookup != nullptr ? lookup(ctx.svc, ctx.req) : std::nullopt;
    return who && who->role == domain::role::tenant;
}

net::awaitable<response_t> known_problems(context& ctx) {
    if (ctx.svc.places == nullptr) {
        co_return not_found_page(ctx);
    }
    const std::string postcode = query_value(ctx, "postcode");
    mdata body;
    form_errors errors;
    auto pc = field("postcode", "postcode", "Postcode", postcode, errors, "For example, NW1 9AA");
    if (!domain::is_blank(postcode)) {
        auto found = app::known_problems_at(*ctx.svc.places, ctx.svc.reads, postcode, ctx.svc.clock.now());
        if (!found) {
            errors.add("postcode", found.error().message);
            pc = field("postcode", "postcode", "Postcode", postcode, errors, "For example, NW1 9AA");
        } else {
            body.set("searched", true);
            body.set("postcode", *domain::uk_postcode(postcode));
            mlist places;
            mlist feeds;
            for (const auto& place : found->places) {
                mdata p;
                p.set("name", place_words(place));
                p.set("feed", feed_path(place));
                places.push_back(p);
                mdata f;
                f.set("href", feed_path(place));
                f.set("title", "Known problems: " + place_words(place));
                feeds.push_back(f);
            }
            body.set("places", places);
            body.set("feeds", feeds);
            body.set("has_places", !found->places.empty());
            body.set("open", known_rows(found->open));
            body.set("fixed", known_rows(found->fixed));
            body.set("has_open", !found->open.empty());
            body.set("has_fixed", !found->fixed.empty());
            // A signed-in tenant says "me too" on the repair's page, which a tenant of its block or estate
            // may read.
            body.set("tenant", signed_in_tenant(ctx));
        }
    }
    pc.set("width", "govuk-input--width-10");
    pc.set("autocomplete", "postal-code");
    pc.set("spellcheck_off", true);
    body.set("f_postcode", pc);
    co_return public_page(ctx, errors.empty() ? http::status::ok : http::status::unprocessable_entity,
                          "Known problems", "known_problems", body, &errors);
}

// "/known-problems/blocks/12.atom": the feed of one block or estate.
net::awaitable<response_t> known_problems_feed(context& ctx) {
    const std::string path = ctx.url.path(); // decoded: a string of its own
    const auto kind =
        path.starts_with("/known-problems/blocks/") ? app::place_kind::block : app::place_kind::estate;
    std::string_view name = ctx.params.at(0);
    const auto id = name.ends_with(".atom") ? parse_id(name.substr(0, name.size() - 5)) : std::nullopt;
    if (ctx.svc.places == nullptr || !id) {
        co_return not_found_page(ctx);
    }
    const auto now = ctx.svc.clock.now();
    auto found = app::known_problems_of(*ctx.svc.places, ctx.svc.reads, kind, *id, now);
    if (!found) {
        co_return not_found_page(ctx);
    }
    const auto& place = found->places.front();
    formats::atom_feed feed;
    feed.id = "tag:mend,2026:known-problems/" + std::string(app::to_string(kind)) + "/" + std::to_string(*id);
    feed.title = "Known problems: " + place_words(place);
    feed.author = ctx.svc.web != nullptr ? ctx.svc.web->config.landlord_name : "Mend Housing";
    feed.self = feed_path(place);
    feed.updated = now;
    bool first = true;
    for (const auto* list : {&found->open, &found->fixed}) {
        for (const auto& known : *list) {
            formats::atom_entry e;
            e.id = "tag:mend,2026:job/" + known.reference;
            e.title = what_is_wrong(known) + ": " + label(known.state);
            e.updated = known.updated_at;
            e.content = what_is_wrong(known) + "\nStatus: " + label(known.state) +
                        "\nNext: " + next_step(known) +
                        (known.latest_update.empty() ? "" : "\nLatest update: " + known.latest_update) +
                        "\nReference: " + known.reference;
            feed.entries.push_back(std::move(e));
            if (first || known.updated_at > feed.updated) {
                feed.updated = known.updated_at;
                first = false;
            }
        }
    }
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, "application/atom+xml; charset=utf-8");
    res.set(http::field::cache_control, "no-cache");
    res.body() = formats::write_atom(feed);
    res.keep_alive(ctx.req.keep_alive());
    res.prepare_payload();
    co_return res;
}

// --- The officer's form ---

struct communal_form {
    std::string place, category, description, summary, priority;
};

std::string error_id(const std::string& field) {
    if (field == "block" || field == "estate" || field == "uprn") {
        return "place";
    }
    if (field == "category") {
        return "category";
    }
    return field == "public_summary" ? "summary" : field;
}

response_t communal_page(context& ctx, http::status code, const communal_form& in,
                         const form_errors& errors) {
    mdata body = page_data(ctx);
    std::vector<std::pair<std::string, std::string>> choices;
    for (const auto kind : {app::place_kind::block, app::place_kind::estate}) {
        for (const auto& p : ctx.svc.places->places(kind)) {
            choices.emplace_back(std::string(app::to_string(kind)) + ":" + std::to_string(p.id),
                                 place_words(p));
        }
    }
    auto place = field("place", "place", "Block or estate", "", errors);
    place.set("blank", "Choose a block or estate");
    place.set("options", options(choices, in.place));
    body.set("f_place", place);
    auto cat = field("category", "category", "What needs repairing?", "", errors);
    cat.set("options", options(enum_options<domain::category>(), in.category));
    cat.set("blank", "Choose the kind of repair");
    body.set("f_category", cat);
    auto desc = field("description", "description", "Describe the problem (for staff and the contractor)",
                      in.description, errors);
    desc.set("rows", "4");
    body.set("f_description", desc);
    auto summary = field("summary", "summary", "What residents will read (optional)", in.summary, errors,
                         "Shown on the public known-problems page: no names, flat numbers or phone numbers. "
                         "For example, The lift is not working.");
    body.set("f_summary", summary);
    auto prio = field("priority", "priority", "Priority (optional)", "", errors);
    prio.set("blank", "Not set yet");
    prio.set("options", options(enum_options<domain::priority>(), in.priority));
    body.set("f_priority", prio);
    body.set("no_places", choices.empty());
    return page(ctx, code, "Report a repair to a block or estate", "communal_new", body, &errors);
}

net::awaitable<response_t> show_communal_form(context& ctx) {
    if (!staff(ctx) || ctx.svc.places == nullptr) {
        co_return not_found_page(ctx);
    }
    co_return communal_page(ctx, http::status::ok, {}, {});
}

net::awaitable<response_t> raise_communal(context& ctx) {
    if (!staff(ctx) || ctx.svc.places == nullptr) {
        co_return not_found_page(ctx);
    }
    communal_form in{form_value(ctx.fields, "place"), form_value(ctx.fields, "category"),
                     form_value(ctx.fields, "description"), form_value(ctx.fields, "summary"),
                     form_value(ctx.fields, "priority")};
    form_errors errors;
    app::report_command cmd;
    const auto colon = in.place.find(':');
    const auto id = colon == std::string::npos ? std::nullopt : parse_id(in.place.substr(colon + 1));
    if (!id) {
        errors.add("place", "Choose a block or estate");
    } else if (in.place.starts_with("block:")) {
        cmd.block = *id;
    } else {
        cmd.estate = *id;
    }
    if (in.category.empty()) {
        errors.add("category", "Choose the kind of repair");
    }
    if (domain::is_blank(in.description)) {
        errors.add("description", "Describe the problem");
    }
    if (!errors.empty()) {
        co_return communal_page(ctx, http::status::unprocessable_entity, in, errors);
    }
    cmd.category = in.category;
    cmd.description = in.description;
    cmd.source = "web";
    if (!domain::is_blank(in.summary)) {
        cmd.public_summary = in.summary;
    }
    if (!in.priority.empty()) {
        cmd.priority = in.priority;
    }
    const auto result =
        co_await http::write(ctx.svc.writes, app::report_job, *ctx.who, cmd, ctx.svc.clock.now());
    if (!result) {
        errors.add(error_id(result.error().field), result.error().message);
        co_return communal_page(ctx, http::status::unprocessable_entity, in, errors);
    }
    co_return redirect(ctx, "/jobs/" + result->job.reference + "?done=report");
}

} // namespace

response_t communal_job_page(const context& ctx, const domain::job& job) {
    mdata body = page_data(ctx);
    set_text(body, "done", follow_done_message(query_value(ctx, "done")));
    add_follow_parts(ctx, job, body); // "Me too": a neighbour may follow the repair
    mdata j;
    j.set("reference", job.reference);
    j.set("place", job.place ? job.place->name : std::string());
    j.set("status", label(job.state));
    j.set("tag", tag_class(job.state));
    j.set("category", label(job.category));
    set_text(j, "summary", job.public_summary);
    j.set("updated", domain::uk_date_time_words(job.updated_at));
    body.set("job", j);
    if (ctx.svc.places != nullptr && job.place) {
        if (auto place = ctx.svc.places->place_by_id(job.place->id)) {
            body.set("feed", feed_path(*place));
        }
    }
    return page(ctx, http::status::ok, "Repair " + job.reference, "communal_job", body);
}

void add_shared_area(const context& ctx, const std::vector<app::property_record>& homes,
                     const std::string& where, const form_errors& errors, mdata& body) {
    const bool placed = std::any_of(homes.begin(), homes.end(),
                                    [](const app::property_record& h) { return h.block_id || h.estate_id; });
    if (!placed || ctx.svc.places == nullptr) {
        return;
    }
    auto f = field("where", "where", "Where is the problem?", "", errors);
    f.set("options", options({{"home", "In my home"},
                              {"shared", "In a shared area of my block or estate, such as the lift, stairs, "
                                         "door entry or bin store"}},
                             where.empty() ? "home" : where));
    body.set("f_where", f);
    if (const auto postcode =
            app::postcode_with_known_problems(*ctx.svc.places, homes, ctx.svc.clock.now())) {
        std::string query = *postcode; // letters, digits and one space
        std::replace(query.begin(), query.end(), ' ', '+');
        body.set("known_problems", "/known-problems?postcode=" + query);
    }
}

void add_own_repairs(const context& ctx, const std::vector<app::property_record>& homes, mdata& body) {
    static const app::leasehold_policy default_policy;
    const auto& policy = ctx.svc.leasehold != nullptr ? *ctx.svc.leasehold : default_policy;
    const auto leased = std::find_if(homes.begin(), homes.end(), [](const app::property_record& h) {
        return app::holds_a_lease(h.tenure);
    });
    if (leased == homes.end() || policy.own_repairs.empty()) {
        return;
    }
    mdata own;
    own.set("as", "As the " + domain::wire_words(domain::to_string(leased->tenure)) +
                      (homes.size() > 1 ? " of " + leased->address : std::string()) +
                      ", you arrange these repairs inside your home yourself:");
    mlist kinds;
    for (const auto c : policy.own_repairs) {
        mdata k;
        k.set("kind", label(c));
        k.set("covers", std::string(app::inside_the_home(c)));
        kinds.push_back(k);
    }
    own.set("kinds", kinds);
    body.set("own_repairs", own);
}

void add_known_problem_pages(route_table& table) {
    using v = boost::beast::http::verb;
    table.add({v::get, "/known-problems", access::open, known_problems});
    table.add({v::get, "/known-problems/blocks/{feed}", access::open, known_problems_feed});
    table.add({v::get, "/known-problems/estates/{feed}", access::open, known_problems_feed});
    table.add({v::get, "/communal/new", access::session, show_communal_form});
    table.add({v::post, "/communal/new", access::session, raise_communal});
}

} // namespace mend::pages
