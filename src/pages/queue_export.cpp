// The work queue as filtered, as CSV for officers (who have no shell): the columns of `mend export jobs`,
// streamed a page of jobs at a time, so a long queue's rows are never whole in memory.
#include "app/jobs.hpp"
#include "formats/reports.hpp"
#include "pages/pages.hpp"
#include "pages/queue_filters.hpp"

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <vector>

namespace mend::pages {

namespace net = boost::asio;

namespace {

// The queue's jobs are sorted once, as ids, when the file starts (one sort, 8 bytes a job); each piece then
// reads the next page of them by id, as it is when that piece is written. The file lists the jobs the queue
// held when it started, in its order then.
class queue_csv final : public http::body_source {
public:
    // `svc` is owned by main and outlives every answer.
    queue_csv(services& svc, domain::actor who, std::vector<app::id_t> ids)
        : svc_(svc)
        , who_(std::move(who))
        , ids_(std::move(ids)) {}

    std::string next() override {
        if (done_) {
            return {};
        }
        std::string out = next_ == 0 ? formats::job_csv_header() : std::string();
        const auto end = std::min(ids_.size(), next_ + static_cast<std::size_t>(app::max_page_size));
        const std::vector<app::id_t> page(ids_.begin() + static_cast<std::ptrdiff_t>(next_),
                                          ids_.begin() + static_cast<std::ptrdiff_t>(end));
        next_ = end;
        done_ = next_ == ids_.size();
        const auto* time = svc_.time;
        const auto views = app::views_of(svc_.reads, time != nullptr ? &time->reads : nullptr, who_,
                                         svc_.reads.jobs_by_ids(page), svc_.clock.now());
        for (const auto& view : views) {
            out += formats::job_csv_row({view.job, target_due(view)});
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
    const std::vector<app::id_t> ids_;
    std::size_t next_ = 0; // the first id not yet written
    bool done_ = false;
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
    auto ids = app::work_queue_ids(ctx.svc.reads, *ctx.who, query);
    // Filters the queue page would refuse: back to it, where the error shows next to its input.
    if (!ids) {
        co_return redirect(ctx, queue_link(value_of, 1));
    }
    response_t res{http::status::ok, ctx.req.version()};
    res.set(http::field::content_type, "text/csv; charset=utf-8");
    res.set(http::field::content_disposition, "attachment; filename=\"work-queue-" +
                                                  domain::format_iso(ctx.svc.clock.now()).substr(0, 10) +
                                                  ".csv\"");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(ctx.req.keep_alive());
    ctx.rest = std::make_unique<queue_csv>(ctx.svc, *ctx.who, std::move(*ids));
    co_return res;
}

} // namespace

void add_queue_export(route_table& table) {
    table.add({http::verb::get, "/queue.csv", access::session, queue_export});
}

} // namespace mend::pages
