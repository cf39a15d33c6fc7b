// The work queue as filtered, as CSV for officers (who have no shell): the columns of `mend export jobs`,
// streamed a page of jobs at a time, so a long queue is never whole in memory.
#include "app/jobs.hpp"
#include "formats/reports.hpp"
#include "pages/pages.hpp"
#include "pages/queue_filters.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <unordered_set>

namespace mend::pages {

namespace net = boost::asio;

namespace {

// Each piece is one page of the queue, read when the one before has been sent. Pages are numbered, as on
// the queue page (the queue's order, due soonest first, has no key to page by), so a job that moves in the
// queue while the file is sent could come round again: it is written once. One that moves up into a page
// already sent is missed; the file is as the queue was page by page, not at one instant.
class queue_csv final : public http::body_source {
public:
    // `svc` is owned by main and outlives every answer.
    queue_csv(services& svc, domain::actor who, app::queue_query query)
        : svc_(svc)
        , who_(std::move(who))
        , query_(std::move(query)) {
        query_.filters.limit = std::to_string(app::max_page_size);
    }

    std::string next() override {
        if (done_) {
            return {};
        }
        std::string out = page_ == 1 ? formats::job_csv_header() : std::string();
        query_.page = std::to_string(page_++);
        auto listed = app::work_queue(svc_.reads, who_, query_);
        done_ = !listed || !listed->more;
        if (!listed) {
            return out;
        }
        const auto* time = svc_.time;
        const auto views = app::views_of(svc_.reads, time != nullptr ? &time->reads : nullptr, who_,
                                         std::move(listed->items), svc_.clock.now());
        for (const auto& view : views) {
            if (sent_.insert(view.job.id).second) {
                out += formats::job_csv_row({view.job, target_due(view)});
            }
        }
        return out;
    }

private:
    static std::optional<domain::instant> target_due(const app::job_view& view) {
        for (const auto& c : view.clocks) {
            if (c.kind == domain::clock_kind::repair_target) {
                return c.due();
            }
        }
        return std::nullopt;
    }

    services& svc_;
    domain::actor who_;
    app::queue_query query_;
    std::int64_t page_ = 1;
    bool done_ = false;
    std::unordered_set<app::id_t> sent_; // ids only: a long queue's rows are never all in memory
};

net::awaitable<response_t> queue_export(context& ctx) {
    if (!staff(ctx)) {
        co_return not_found_page(ctx);
    }
    const query_lookup value_of = [&ctx](std::string_view key) {
        return query_value(ctx, key);
    };
    auto query = queue_query(value_of);
    query.page.reset();
    // Filters the queue page would refuse: back to it, where the error shows next to its input.
    if (!app::work_queue(ctx.svc.reads, *ctx.who, query)) {
        co_return redirect(ctx, queue_link(value_of, 1));
    }
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, "text/csv; charset=utf-8");
    res.set(http::field::content_disposition, "attachment; filename=\"work-queue-" +
                                                  domain::format_iso(ctx.svc.clock.now()).substr(0, 10) +
                                                  ".csv\"");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(ctx.req.keep_alive());
    ctx.rest = std::make_unique<queue_csv>(ctx.svc, *ctx.who, std::move(query));
    co_return res;
}

} // namespace

void add_queue_export(route_table& table) {
    table.add({http::verb::get, "/queue.csv", access::session, queue_export});
}

} // namespace mend::pages
