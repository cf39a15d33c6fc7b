// The private intake page (no sign-in; the token in the path is the key): a resident who posted about a
// repair gives their address and how to reach them, for the officer who matches it to a home.
#include "app/social_intake.hpp"

#include "domain/phone.hpp"
#include "http/offload.hpp"
#include "pages/pages.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace mend::pages {

namespace net = boost::asio;

namespace {

response_t no_intake_page(const context& ctx) {
    auto res =
        message_page(ctx, mend::http::status::not_found, "This link does not work",
                     "The link may have expired (links work for 30 days) or been copied wrongly. Reply to "
                     "our message on social media and we will send you a new one.");
    res.set("X-Robots-Tag", "noindex");
    return res;
}

// Field ids on the page, in order; a radio group's error names its first option.
std::string field_id(const std::string& name) {
    return name == "preferred" ? "intake-preferred-email" : "intake-" + name;
}

response_t intake_page(const context& ctx, mend::http::status status, const app::intake_page& found,
                       const app::intake_form& in, const form_errors& errors, bool given) {
    mdata body;
    body.set("reference", found.reference);
    body.set("action", std::string(ctx.url.path()));
    body.set("given", given);
    auto name = field("intake-name", "name", "Your name (optional)", in.name, errors);
    name.set("autocomplete", "name");
    body.set("f_name", name);
    auto address = field("intake-address", "address", "House or flat number and street", in.address, errors,
                         "For example, Flat 2, 14 Agar Grove");
    address.set("autocomplete", "street-address");
    body.set("f_address", address);
    auto postcode = field("intake-postcode", "postcode", "Postcode", in.postcode, errors);
    postcode.set("autocomplete", "postal-code");
    postcode.set("width", "govuk-input--width-10");
    postcode.set("spellcheck_off", true);
    body.set("f_postcode", postcode);
    auto email = field("intake-email", "email", "Email address", in.email, errors);
    email.set("type", "email");
    email.set("autocomplete", "email");
    email.set("spellcheck_off", true);
    body.set("f_email", email);
    auto phone =
        field("intake-phone", "phone", "Phone number", in.phone, errors, "For example, 07700 900456");
    phone.set("type", "tel");
    phone.set("autocomplete", "tel");
    phone.set("width", "govuk-input--width-20");
    body.set("f_phone", phone);
    auto preferred =
        field("intake-preferred", "preferred", "How would you like us to contact you?", "", errors);
    preferred.set("options", options({{"email", "Email"}, {"phone", "Phone or text message"}}, in.preferred));
    body.set("f_preferred", preferred);
    auto res = page(ctx, status, "Your address and contact details for " + found.reference, "social_intake",
                    body, &errors);
    res.set("X-Robots-Tag", "noindex");
    return res;
}

// What the resident gave before, as the form shows it again.
app::intake_form form_of(const std::optional<app::intake_details>& d) {
    if (!d) {
        return {};
    }
    return {d->name,
            d->postcode,
            d->address,
            d->email,
            d->phone.empty() ? std::string() : domain::phone_words(d->phone),
            std::string(app::to_string(d->preferred))};
}

net::awaitable<response_t> show_intake(context& ctx) {
    if (ctx.svc.social == nullptr) {
        co_return not_found_page(ctx);
    }
    const auto found = app::open_intake_page(ctx.svc.social->reads, ctx.params.at(0), ctx.svc.clock.now());
    if (!found) {
        co_return no_intake_page(ctx);
    }
    const bool given = query_value(ctx, "given") == "1" && found->details.has_value();
    co_return intake_page(ctx, mend::http::status::ok, *found, form_of(found->details), {}, given);
}

net::awaitable<response_t> give_intake(context& ctx) {
    if (ctx.svc.social == nullptr) {
        co_return not_found_page(ctx);
    }
    const std::string token = ctx.params.at(0);
    const auto found = app::open_intake_page(ctx.svc.social->reads, token, ctx.svc.clock.now());
    if (!found) {
        co_return no_intake_page(ctx);
    }
    const auto fields = parse_form(ctx.req[mend::http::field::content_type], ctx.req.body());
    if (!fields) {
        co_return message_page(ctx, mend::http::status::bad_request, "Your details were not sent",
                               "Go back, reload the page and try again.");
    }
    app::intake_form in{form_value(*fields, "name"),    form_value(*fields, "postcode"),
                        form_value(*fields, "address"), form_value(*fields, "email"),
                        form_value(*fields, "phone"),   form_value(*fields, "preferred")};
    form_errors errors;
    for (const auto& p : app::intake_form_problems(in)) {
        errors.add(field_id(p.field), p.message);
    }
    if (errors.empty()) {
        const auto saved = co_await mend::http::write(ctx.svc.writes, app::give_intake_details, token, in,
                                                      ctx.svc.clock.now());
        if (saved) {
            co_return redirect(ctx, std::string(ctx.url.path()) + "?given=1");
        }
        if (saved.error().code == app::errc::not_found) {
            co_return no_intake_page(ctx);
        }
        errors.add(field_id(saved.error().field), saved.error().message);
    }
    co_return intake_page(ctx, mend::http::status::unprocessable_entity, *found, in, errors, false);
}

} // namespace

void add_social_intake_pages(route_table& table) {
    using v = mend::http::verb;
    table.add({v::get, "/social/{token}", access::open, show_intake});
    table.add({v::post, "/social/{token}", access::open, give_intake});
}

} // namespace mend::pages
