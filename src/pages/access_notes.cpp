// A home's access notes (how a contractor gets in), changed by staff on a page of their own, reached by the
// "Change" link on the job page; contractors read them on theirs (pages/jobs.cpp).
#include "app/accounts/admin.hpp"
#include "app/jobs.hpp"
#include "pages/pages.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace mend::pages {

namespace net = boost::asio;

namespace {

struct home_of_job {
    domain::job job;
    app::property_record home;
};

// The job named in the path and its home, for staff only.
std::optional<home_of_job> staff_home(const context& ctx) {
    if (!staff(ctx)) {
        return std::nullopt;
    }
    auto job = app::get_job(ctx.svc.reads, *ctx.who, ctx.params.at(0));
    if (!job) {
        return std::nullopt;
    }
    auto home = web(ctx).reads.property_by_id(job->property_id);
    if (!home) {
        return std::nullopt;
    }
    return home_of_job{std::move(*job), std::move(*home)};
}

response_t notes_page(context& ctx, http::status status, const home_of_job& at, const std::string& notes,
                      const form_errors& errors, bool restored) {
    mdata body = page_data(ctx);
    body.set("reference", at.job.reference);
    body.set("address", at.home.address + ", " + at.home.postcode);
    body.set("restored", restored);
    auto f = field("access-notes", "access_notes", "How does a contractor get in? (optional)", notes, errors,
                   "For example, the key safe is by the back door, or there is a dog in the garden. "
                   "Contractors with a job at this home see this; tenants do not.");
    f.set("rows", "4");
    body.set("f_notes", f);
    return page(ctx, status, "Access notes for " + at.home.address, "access_notes", body, &errors);
}

net::awaitable<response_t> show_notes(context& ctx) {
    const auto at = staff_home(ctx);
    if (!at) {
        co_return not_found_page(ctx);
    }
    if (auto kept = kept_form(ctx)) {
        auto res = notes_page(ctx, http::status::ok, *at, form_value(*kept, "access_notes"), {}, true);
        forget_kept_form(ctx, res);
        co_return res;
    }
    co_return notes_page(ctx, http::status::ok, *at, at->home.access_notes, {}, false);
}

net::awaitable<response_t> save_notes(context& ctx) {
    const auto at = staff_home(ctx);
    if (!at) {
        co_return not_found_page(ctx);
    }
    const std::string notes = form_value(ctx.fields, "access_notes");
    const auto now = ctx.svc.clock.now();
    const domain::actor& who = *ctx.who;
    const app::id_t home = at->home.id;
    const auto saved = co_await http::write(ctx.svc.writes, app::set_access_notes, who, home, notes, now);
    if (!saved) {
        form_errors errors;
        errors.add("access-notes", saved.error().message);
        co_return notes_page(ctx, http::status::unprocessable_entity, *at, notes, errors, false);
    }
    co_return redirect(ctx, "/jobs/" + at->job.reference + "?done=access_notes");
}

} // namespace

void add_access_note_pages(route_table& table) {
    table.add({http::verb::get, "/jobs/{reference}/access-notes", access::session, show_notes});
    table.add({http::verb::post, "/jobs/{reference}/access-notes", access::session, save_notes});
}

} // namespace mend::pages
