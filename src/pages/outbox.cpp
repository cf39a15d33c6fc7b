// The outbox page for housing officers: each channel's state (up, or paused with the reason, since when and
// the next check), the notices that failed or gave up, and a button that sends one again. 404 when the
// notices are off.
#include "app/notices/health.hpp"
#include "app/notices/notices.hpp"
#include "domain/text.hpp"
#include "http/offload.hpp"
#include "pages/pages.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <charconv>

namespace mend::pages {

namespace net = boost::asio;

namespace {

// "72 hours", as the policy's horizon reads.
std::string horizon_words(std::chrono::milliseconds horizon) {
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(horizon).count();
    return std::to_string(hours) + (hours == 1 ? " hour" : " hours");
}

mlist channel_rows(const context& ctx) {
    mlist rows;
    const auto* health = ctx.svc.notices->health;
    if (health == nullptr) {
        return rows;
    }
    for (const auto& c : health->conditions()) {
        mdata row;
        row.set("name", channel_name(c.channel));
        set_text(row, "address", c.address);
        row.set("up", c.up);
        row.set("reason", c.reason);
        row.set("since", c.since ? domain::uk_date_time_words(*c.since) : std::string());
        std::string next;
        if (c.next_probe) {
            next = *c.next_probe <= ctx.svc.clock.now() ? std::string("Now")
                                                        : domain::uk_date_time_words(*c.next_probe);
        }
        row.set("next_probe", next);
        rows.push_back(row);
    }
    return rows;
}

struct notice_list {
    std::string state; // "dead" or "failed"
    std::string id;    // of its heading, and the name of its cursor parameter's prefix
    std::string heading;
    std::string about;
};

// One list of notices in `list.state`, a page at a time from the cursor in "<id>_after".
mdata notice_rows(const context& ctx, const notice_list& list) {
    app::notice_query q;
    q.state = list.state;
    const auto cursor = query_value(ctx, list.id + "_after");
    if (!cursor.empty()) {
        q.cursor = cursor;
    }
    mdata out;
    out.set("id", list.id);
    out.set("heading", list.heading);
    out.set("lower_heading", domain::lower_case(list.heading));
    out.set("about", list.about);
    mlist rows;
    auto listed = app::list_notices(ctx.svc.notices->reads, *ctx.who, q);
    if (listed) {
        for (const auto& n : listed->items) {
            mdata row;
            row.set("id", std::to_string(n.id));
            row.set("reference", n.reference);
            row.set("channel", channel_name(n.channel));
            row.set("recipient", n.recipient_name.empty() ? std::string("No name") : n.recipient_name);
            row.set("address", n.address);
            row.set("reason", n.last_error);
            row.set("when", domain::uk_date_time_words(n.updated_at));
            rows.push_back(row);
        }
        if (listed->next_cursor) {
            out.set("next", "/outbox?" + list.id + "_after=" + *listed->next_cursor + "#" + list.id);
        }
    }
    out.set("has_rows", !rows.empty());
    out.set("rows", rows);
    return out;
}

net::awaitable<response_t> outbox(context& ctx) {
    if (!staff(ctx) || ctx.svc.notices == nullptr) {
        co_return not_found_page(ctx);
    }
    mdata body = page_data(ctx);
    body.set("horizon", horizon_words(ctx.svc.notices->retry.horizon));
    body.set("channels", channel_rows(ctx));
    mlist lists;
    lists.push_back(notice_rows(
        ctx,
        {"dead", "gave-up", "Gave up",
         "Notices that kept failing until they ran out of attempts or time. The recipient's next channel "
         "(in the end a letter) was used instead."}));
    lists.push_back(notice_rows(ctx, {"failed", "failed", "Failed",
                                      "Notices the provider refused for good, for example an address that "
                                      "does not exist. The recipient's next channel was used instead."}));
    body.set("lists", lists);
    const auto retried = query_value(ctx, "retried");
    if (!retried.empty() && retried.find_first_not_of("0123456789") == std::string::npos) {
        body.set("done", "Notice " + retried + " will be sent again now.");
    }
    co_return page(ctx, http::status::ok, "Outbox", "outbox", body);
}

net::awaitable<response_t> retry(context& ctx) {
    if (!staff(ctx) || ctx.svc.notices == nullptr) {
        co_return not_found_page(ctx);
    }
    const std::string& text = ctx.params.at(0);
    app::id_t notice_id = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), notice_id);
    if (ec != std::errc{} || ptr != text.data() + text.size() || notice_id <= 0) {
        co_return not_found_page(ctx);
    }
    const domain::instant now = ctx.svc.clock.now();
    const auto result = co_await http::write(ctx.svc.writes, app::retry_notice, *ctx.who, notice_id, now);
    if (!result) {
        if (result.error().code == app::errc::not_found) {
            co_return not_found_page(ctx);
        }
        co_return message_page(ctx, http::status::conflict, "This notice cannot be sent again",
                               result.error().message);
    }
    if (ctx.svc.notices->wake) {
        ctx.svc.notices->wake();
    }
    co_return redirect(ctx, "/outbox?retried=" + std::to_string(notice_id));
}

} // namespace

void add_outbox_pages(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/outbox", access::session, outbox});
    table.add({v::post, "/outbox/notices/{id}/retry", access::session, retry});
}

} // namespace mend::pages
