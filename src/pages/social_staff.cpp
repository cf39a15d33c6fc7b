// Pages of the social channel's safeguards for staff: the risk checklist (/social/checklist), the approval
// queue of officers' own words (/social/approvals), and rewriting a refused reply from the inbox.
#include "app/social_safety.hpp"
#include "http/offload.hpp"
#include "pages/pages.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <charconv>

namespace mend::pages {

namespace net = boost::asio;

namespace {

std::optional<app::id_t> number_of(const std::string& text) {
    app::id_t n = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || ptr != text.data() + text.size() || n <= 0) {
        return std::nullopt;
    }
    return n;
}

bool social_staff(const context& ctx) {
    return staff(ctx) && ctx.svc.social != nullptr && ctx.svc.social->has_network();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at <= text.size();) {
        auto end = std::min(text.find('\n', at), text.size());
        std::string line = text.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        out.push_back(std::move(line));
        at = end + 1;
    }
    return out;
}

// --- The checklist ---

response_t checklist_page(context& ctx, http::status status, const form_errors& errors,
                          const std::string& done) {
    mdata body = page_data(ctx);
    const auto found = app::read_checklist(ctx.svc.social->reads, *ctx.who);
    std::string items_text;
    if (found && found->current) {
        const auto& c = *found->current;
        body.set("version", std::to_string(c.version));
        mlist items;
        for (const auto& item : c.items) {
            mdata row;
            row.set("text", item);
            items.push_back(row);
            items_text += items_text.empty() ? item : "\n" + item;
        }
        body.set("items", items);
        body.set("has_checklist", true);
        if (found->completed_at) {
            body.set("completed", domain::uk_date_time_words(*found->completed_at));
        }
    }
    auto confirm = field("confirm", "confirm", "", "", errors);
    body.set("f_confirm", confirm);
    body.set("admin", ctx.who->role == domain::role::admin);
    auto edit = field("items", "items", "Items of the checklist", items_text, errors, "One item a line");
    edit.set("rows", "6");
    body.set("f_items", edit);
    if (!done.empty()) {
        body.set("done", done);
    }
    return page(ctx, status, "Social media risk checklist", "social_checklist", body, &errors);
}

net::awaitable<response_t> show_checklist(context& ctx) {
    if (!social_staff(ctx)) {
        co_return not_found_page(ctx);
    }
    const auto done = query_value(ctx, "done");
    co_return checklist_page(ctx, http::status::ok, {},
                             done == "completed"
                                 ? "You completed the checklist: you may now post, convert and dismiss."
                             : done == "set" ? "The checklist was saved."
                                             : "");
}

net::awaitable<response_t> complete_checklist(context& ctx) {
    if (!social_staff(ctx)) {
        co_return not_found_page(ctx);
    }
    form_errors errors;
    const auto version = number_of(form_value(ctx.fields, "version"));
    if (form_value(ctx.fields, "confirm") != "yes") {
        errors.add("confirm", "Confirm that you have read and will follow every item");
    }
    if (!errors.empty() || !version) {
        co_return checklist_page(ctx, http::status::unprocessable_entity, errors, "");
    }
    const auto result = co_await http::write(ctx.svc.writes, app::complete_checklist, *ctx.who,
                                             static_cast<int>(*version), ctx.svc.clock.now());
    if (!result) {
        errors.add("confirm", result.error().message);
        co_return checklist_page(ctx, http::status::conflict, errors, "");
    }
    co_return redirect(ctx, "/social/checklist?done=completed");
}

net::awaitable<response_t> set_checklist(context& ctx) {
    if (!social_staff(ctx)) {
        co_return not_found_page(ctx);
    }
    const auto items = lines_of(form_value(ctx.fields, "items"));
    const auto result =
        co_await http::write(ctx.svc.writes, app::set_checklist, *ctx.who, items, ctx.svc.clock.now());
    if (!result) {
        form_errors errors;
        errors.add("items", result.error().message);
        co_return checklist_page(ctx,
                                 result.error().code == app::errc::forbidden
                                     ? http::status::forbidden
                                     : http::status::unprocessable_entity,
                                 errors, "");
    }
    co_return redirect(ctx, "/social/checklist?done=set");
}

// --- The approval queue ---

response_t approvals_page(context& ctx, http::status status, app::id_t failed_id, const form_errors& errors) {
    mdata body = page_data(ctx);
    const auto listed = app::list_approvals(ctx.svc.social->reads, *ctx.who, "");
    mlist rows;
    if (listed) {
        for (const auto& a : *listed) {
            const std::string id = std::to_string(a.id);
            mdata row;
            row.set("id", id);
            row.set("text", a.text);
            row.set("author", a.author_name);
            row.set("asked", domain::uk_date_time_words(a.created_at));
            set_text(row, "job_reference", a.job_reference);
            row.set("mention", a.mention_id ? std::to_string(*a.mention_id) : std::string());
            row.set("f_reason", field("reject-" + id + "-reason", "reason", "Reason for rejecting", "",
                                      a.id == failed_id ? errors : form_errors{}));
            row.set("error", a.id == failed_id ? errors.of("approve-" + id) : std::string());
            rows.push_back(row);
        }
    }
    body.set("approvals", rows);
    body.set("has_approvals", !rows.empty());
    const auto done = query_value(ctx, "done");
    if (done == "approved" || done == "rejected") {
        body.set("done", "The words were " + done + (done == "approved" ? " and are being posted." : "."));
    }
    return page(ctx, status, "Words waiting for approval", "social_approvals", body, &errors);
}

net::awaitable<response_t> approvals(context& ctx) {
    if (!social_staff(ctx)) {
        co_return not_found_page(ctx);
    }
    co_return approvals_page(ctx, http::status::ok, 0, {});
}

// Back to the queue, or the queue again with the problem next to the form that was sent.
template <typename T> std::optional<app::problem> problem_of(const app::outcome<T>& result) {
    if (result) {
        return std::nullopt;
    }
    return result.error();
}

response_t decision_answer(context& ctx, app::id_t id, const std::optional<app::problem>& p,
                           const std::string& input, const char* done) {
    if (!p) {
        if (ctx.svc.social->wake) {
            ctx.svc.social->wake();
        }
        return redirect(ctx, "/social/approvals?done=" + std::string(done));
    }
    form_errors errors;
    errors.add(input, p->message);
    const auto status = p->code == app::errc::forbidden   ? http::status::forbidden
                        : p->code == app::errc::not_found ? http::status::not_found
                                                          : http::status::unprocessable_entity;
    return approvals_page(ctx, status, id, errors);
}

net::awaitable<response_t> approve(context& ctx) {
    const auto id = number_of(ctx.params.at(0));
    if (!social_staff(ctx) || !id) {
        co_return not_found_page(ctx);
    }
    const auto result = co_await http::write(ctx.svc.writes, app::approve_words, *ctx.who, *id,
                                             ctx.svc.social->policy, ctx.svc.clock.now());
    co_return decision_answer(ctx, *id, problem_of(result), "approve-" + std::to_string(*id), "approved");
}

net::awaitable<response_t> reject(context& ctx) {
    const auto id = number_of(ctx.params.at(0));
    if (!social_staff(ctx) || !id) {
        co_return not_found_page(ctx);
    }
    const auto result = co_await http::write(ctx.svc.writes, app::reject_words, *ctx.who, *id,
                                             form_value(ctx.fields, "reason"), ctx.svc.clock.now());
    const std::string input = result || result.error().field == "reason"
                                  ? "reject-" + std::to_string(*id) + "-reason"
                                  : "approve-" + std::to_string(*id);
    co_return decision_answer(ctx, *id, problem_of(result), input, "rejected");
}

// --- A refused reply rewritten from the inbox ---

net::awaitable<response_t> rewrite(context& ctx) {
    const auto id = number_of(ctx.params.at(0));
    if (!social_staff(ctx) || !id) {
        co_return not_found_page(ctx);
    }
    const app::own_words words{form_value(ctx.fields, "text"), false};
    const auto result = co_await http::write(ctx.svc.writes, app::rewrite_reply, *ctx.who, *id, words,
                                             ctx.svc.social->policy, ctx.svc.clock.now());
    if (!result) {
        co_return message_page(ctx,
                               result.error().code == app::errc::forbidden
                                   ? http::status::forbidden
                                   : http::status::unprocessable_entity,
                               "This reply cannot be posted", result.error().message);
    }
    if (ctx.svc.social->wake) {
        ctx.svc.social->wake();
    }
    co_return redirect(ctx, "/social?state=" + std::string("new") + "&done=rewritten");
}

// --- A given-up reply tried again, once ---

net::awaitable<response_t> retry(context& ctx) {
    const auto id = number_of(ctx.params.at(0));
    if (!social_staff(ctx) || !id) {
        co_return not_found_page(ctx);
    }
    const auto result =
        co_await http::write(ctx.svc.writes, app::retry_reply, *ctx.who, *id, ctx.svc.clock.now());
    if (!result) {
        if (result.error().code == app::errc::not_found) {
            co_return not_found_page(ctx);
        }
        co_return message_page(ctx, http::status::conflict, "This reply cannot be tried again",
                               result.error().message);
    }
    if (ctx.svc.social->wake) {
        ctx.svc.social->wake();
    }
    co_return redirect(ctx, "/social?state=" + std::string("new") + "&done=retried");
}

} // namespace

void add_social_staff_pages(route_table& table) {
    using v = http::verb;
    table.add({v::get, "/social/checklist", access::session, show_checklist});
    table.add({v::post, "/social/checklist", access::session, complete_checklist});
    table.add({v::post, "/social/checklist/items", access::session, set_checklist});
    table.add({v::get, "/social/approvals", access::session, approvals});
    table.add({v::post, "/social/approvals/{id}/approve", access::session, approve});
    table.add({v::post, "/social/approvals/{id}/reject", access::session, reject});
    table.add({v::post, "/social/replies/{id}/rewrite", access::session, rewrite});
    table.add({v::post, "/social/replies/{id}/retry", access::session, retry});
}

} // namespace mend::pages
