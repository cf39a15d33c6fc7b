// Phone intake, the first step: the officer searches by postcode, address or tenant's name and chooses the
// home and tenant from the results; the report step is pages/jobs.cpp's report form (see pages/intake.hpp).
#include "pages/intake.hpp"

#include "domain/phone.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace mend::pages {

namespace net = boost::asio;

namespace {

// The ways a tenant may hear about the job, for the contact question: their usual way first.
std::vector<std::pair<std::string, std::string>> channel_options(const app::intake_choice& choice) {
    std::vector<std::pair<std::string, std::string>> out{{"usual", "The way they usually hear from us"}};
    if (!choice.tenant) {
        return out;
    }
    if (choice.tenant->phone) {
        out.emplace_back("sms", "Text message to " + domain::phone_words(*choice.tenant->phone));
    }
    if (choice.tenant->email) {
        out.emplace_back("email", "Email to " + *choice.tenant->email);
    }
    out.emplace_back("letter", "Letter to the home");
    return out;
}

std::string report_link(const app::home_match& m, const app::user_record* tenant) {
    std::string link = "/intake/report?home=" + std::to_string(m.home.id);
    if (tenant != nullptr) {
        link += "&tenant=" + std::to_string(tenant->id);
    }
    return link;
}

// One result per tenant of each home (a home with none: one for the home itself).
mlist result_items(const std::vector<app::home_match>& found) {
    mlist items;
    for (const auto& m : found) {
        const std::string address = m.home.address + ", " + m.home.postcode;
        if (m.tenants.empty()) {
            mdata item;
            item.set("link", report_link(m, nullptr));
            item.set("name", std::string("No tenant on record"));
            item.set("address", address);
            items.push_back(item);
        }
        for (const auto& t : m.tenants) {
            mdata item;
            item.set("link", report_link(m, &t));
            item.set("name", t.name);
            item.set("address", address);
            set_text(item, "phone", t.phone ? domain::phone_words(*t.phone) : std::string());
            items.push_back(item);
        }
    }
    return items;
}

net::awaitable<response_t> search(context& ctx) {
    if (!staff(ctx)) {
        co_return not_found_page(ctx);
    }
    mdata body = page_data(ctx);
    form_errors errors;
    const std::string text = query_value(ctx, "q");
    const bool searched = ctx.url.params().contains("q");
    if (searched) {
        const auto found = app::find_homes(web(ctx).reads, *ctx.who, text);
        if (!found) {
            errors.add("q", found.error().message);
        } else {
            const auto items = result_items(*found);
            body.set("results", items);
            body.set("has_results", !items.empty());
            body.set("no_results", items.empty());
            body.set("count", std::to_string(items.size()) + (items.size() == 1 ? " result" : " results"));
            body.set("text", text);
        }
    }
    auto q = field("q", "q", "Find the tenant's home", text, errors,
                   "Postcode, part of the address or the tenant's name, for example NW1 9 or Okonkwo");
    q.set("autocomplete", "off");
    q.set("spellcheck_off", true);
    body.set("f_q", q);
    co_return page(ctx, errors.empty() ? http::status::ok : http::status::unprocessable_entity,
                   "Report a repair for a tenant", "intake", body, &errors);
}

} // namespace

intake_fields intake_fields_of_query(const context& ctx) {
    return {query_value(ctx, "home"), query_value(ctx, "tenant"), "usual"};
}

intake_fields intake_fields_of_form(const context& ctx) {
    return {form_value(ctx.fields, "home"), form_value(ctx.fields, "tenant"),
            form_value(ctx.fields, "notify_via")};
}

void add_intake_choice(const context& ctx, const intake_fields& in, const form_errors& errors, mdata& body) {
    body.set("search_link", "/intake");
    const auto choice = app::choose_home(web(ctx).reads, *ctx.who, in.home, in.tenant);
    if (!choice) {
        body.set("choice_error", choice.error().message);
        return;
    }
    mdata chosen;
    chosen.set("home", in.home);
    set_text(chosen, "tenant", in.tenant);
    chosen.set("address", choice->home.address + ", " + choice->home.postcode);
    chosen.set("name", choice->tenant ? choice->tenant->name : std::string("No tenant on record"));
    set_text(chosen, "phone",
             choice->tenant && choice->tenant->phone ? domain::phone_words(*choice->tenant->phone)
                                                     : std::string());
    body.set("chosen", chosen);
    if (choice->tenant) {
        auto via = field("notify_via", "notify_via", "How will the tenant hear about the repair?", "", errors,
                         "Ask them; they will get the reference and each update this way");
        via.set("options",
                options(channel_options(*choice), in.notify_via.empty() ? "usual" : in.notify_via));
        body.set("f_notify_via", via);
    }
}

void take_intake_choice(const context& ctx, const intake_fields& in, app::report_command& cmd,
                        form_errors& errors) {
    const auto choice = app::choose_home(web(ctx).reads, *ctx.who, in.home, in.tenant);
    if (!choice) {
        errors.add("home", choice.error().message);
        return;
    }
    cmd.uprn = choice->home.uprn;
    if (choice->tenant) {
        cmd.tenant_id = choice->tenant->id;
    }
    if (in.notify_via.empty() || in.notify_via == "usual") {
        return;
    }
    for (const auto& [value, text] : channel_options(*choice)) {
        if (value == in.notify_via) {
            cmd.notify_via = {value};
            return;
        }
    }
    errors.add("notify_via-usual", "Choose how the tenant will hear about the repair");
}

void add_intake_pages(route_table& table) {
    table.add({http::verb::get, "/intake", access::session, search});
}

} // namespace mend::pages
