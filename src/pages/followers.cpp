// "Me too" on the job page: a signed-in tenant who may see a job they did not report follows it (and stops
// following) with a form that works without JavaScript; officers see how many follow it.
#include "app/followers.hpp"

#include "app/communal.hpp"
#include "app/jobs.hpp"
#include "pages/pages.hpp"
#include "pages/tenant.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace mend::pages {

namespace net = boost::asio;

namespace {

using domain::role;

// The tenant's own follower record of the job, if they follow it.
std::optional<app::follower_record> own_follower(const context& ctx, const domain::job& job) {
    if (ctx.svc.followers == nullptr) {
        return std::nullopt;
    }
    for (auto& f : ctx.svc.followers->followers_of(job.id)) {
        if (f.kind == app::follower_kind::tenant && f.user_id == ctx.who->user_id) {
            return std::move(f);
        }
    }
    return std::nullopt;
}

// The job in the path, for a tenant who may read it (app::view_job: a communal job of their block or estate
// too) and did not report it.
std::optional<domain::job> followable_job(const context& ctx) {
    if (ctx.who->role != role::tenant || ctx.svc.followers == nullptr) {
        return std::nullopt;
    }
    auto job = app::view_job(ctx.svc.reads, *ctx.who, ctx.params.at(0));
    if (!job || job->tenant_id == ctx.who->user_id) {
        return std::nullopt;
    }
    return std::move(*job);
}

response_t refused(context& ctx, const domain::job& job, const app::problem& p) {
    form_errors errors;
    errors.add("follow", p.message);
    return job_page(ctx, http::status::conflict, job, errors, nullptr);
}

net::awaitable<response_t> follow(context& ctx) {
    const auto job = followable_job(ctx);
    if (!job) {
        co_return not_found_page(ctx);
    }
    // Named, not temporaries in the co_await (g++ 12 frees such temporaries wrongly in coroutines).
    const app::new_follower themselves{};
    const app::social_policy* no_threads = nullptr;
    const std::string reference = job->reference;
    const auto added = co_await mend::http::write(ctx.svc.writes, app::add_follower, *ctx.who, reference,
                                                  themselves, no_threads, ctx.svc.clock.now());
    if (!added && added.error().code != app::errc::conflict) {
        co_return refused(ctx, *job, added.error());
    }
    co_return redirect(ctx, "/jobs/" + job->reference + "?done=following"); // following already: done too
}

net::awaitable<response_t> unfollow(context& ctx) {
    const auto job = followable_job(ctx);
    if (!job) {
        co_return not_found_page(ctx);
    }
    if (const auto mine = own_follower(ctx, *job)) {
        const std::string reference = job->reference;
        const app::id_t id = mine->id;
        const auto removed =
            co_await mend::http::write(ctx.svc.writes, app::remove_follower, *ctx.who, reference, id);
        if (!removed && removed.error().code != app::errc::not_found) {
            co_return refused(ctx, *job, removed.error());
        }
    }
    co_return redirect(ctx, "/jobs/" + job->reference + "?done=unfollowed");
}

} // namespace

std::string follow_done_message(std::string_view done) {
    if (done == "following") {
        return "You are following this repair. We will tell you of each step.";
    }
    if (done == "unfollowed") {
        return "You have stopped following this repair.";
    }
    return {};
}

void add_follow_parts(const context& ctx, const domain::job& job, mdata& body) {
    if (ctx.svc.followers == nullptr) {
        return;
    }
    if (staff(ctx)) {
        // Only when someone follows: the officer's page keeps to one screen.
        const auto count = ctx.svc.followers->follower_count(job.id);
        if (count == 0) {
            return;
        }
        body.set("followers", std::to_string(count) + (count == 1 ? " follows" : " follow") +
                                  " this repair and hear each step");
        return;
    }
    if (ctx.who->role != role::tenant || job.tenant_id == ctx.who->user_id) {
        return;
    }
    mdata follow;
    follow.set("reference", job.reference);
    follow.set("following", own_follower(ctx, job).has_value());
    body.set("follow", follow);
}

void add_follower_pages(route_table& table) {
    using v = mend::http::verb;
    table.add({v::post, "/jobs/{reference}/follow", access::session, follow});
    table.add({v::post, "/jobs/{reference}/unfollow", access::session, unfollow});
}

} // namespace mend::pages
