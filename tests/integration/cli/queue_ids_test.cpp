// The queue's ids for its CSV export, on a seeded year of jobs: the same jobs in the same order as the
// queue's numbered pages, for each filter; and the jobs read back by id in the order asked.
#include "app/jobs.hpp"
#include "cli/bench_seed.hpp"
#include "domain/time.hpp"
#include "integration/storage/database_fixture.hpp"

namespace mend::storage {
namespace {

class queue_ids_test : public database_fixture {
protected:
    void seed() override {
        const auto now = *domain::parse_iso("2027-06-01T12:00:00Z");
        cli::seed_bench(db_->writes(), now, {.jobs = 400}, {}, 0.25);
    }

    // Every page of the queue, as the queue page shows them, joined.
    std::vector<app::id_t> paged(app::queue_query query) {
        std::vector<app::id_t> out;
        for (int page = 1;; ++page) {
            query.page = std::to_string(page);
            const auto listed = app::work_queue(db_->reads(), staff, query);
            EXPECT_TRUE(listed);
            for (const auto& job : listed->items) {
                out.push_back(job.id);
            }
            if (!listed->more) {
                return out;
            }
        }
    }

    const domain::actor staff{1, domain::role::officer, "Olivia Okafor", std::nullopt};
};

TEST_F(queue_ids_test, are_the_queue_pages_jobs_in_their_order_for_each_filter) {
    for (const auto& [status, category, overdue] :
         {std::tuple<const char*, const char*, const char*>{"", "", ""},
          {"all", "", ""},
          {"in_progress", "", ""},
          {"", "heating", ""},
          {"", "", "true"},
          {"all", "plumbing", ""}}) {
        app::queue_query query;
        query.filters.limit = "37";
        if (*status != '\0') {
            query.filters.status = status;
        }
        if (*category != '\0') {
            query.filters.category = category;
        }
        if (*overdue != '\0') {
            query.filters.overdue = overdue;
        }
        const auto ids = app::work_queue_ids(db_->reads(), staff, query);
        ASSERT_TRUE(ids);
        EXPECT_FALSE(ids->empty()) << status << category << overdue;
        EXPECT_EQ(*ids, paged(query)) << status << category << overdue;
    }
    app::queue_query everything;
    everything.filters.status = "all";
    EXPECT_EQ(app::work_queue_ids(db_->reads(), staff, everything)->size(), 400U);
}

TEST_F(queue_ids_test, refuse_what_the_queue_refuses) {
    app::queue_query bad;
    bad.filters.status = "mended";
    const auto ids = app::work_queue_ids(db_->reads(), staff, bad);
    ASSERT_FALSE(ids);
    EXPECT_EQ(ids.error().field, "status");
}

TEST_F(queue_ids_test, jobs_by_ids_keeps_the_order_asked_and_leaves_out_unknown_ids) {
    const std::vector<app::id_t> asked{17, 3, 999'999, 250, 1};
    const auto jobs = db_->reads().jobs_by_ids(asked);
    ASSERT_EQ(jobs.size(), 4U);
    EXPECT_EQ(jobs[0].id, 17);
    EXPECT_EQ(jobs[1].id, 3);
    EXPECT_EQ(jobs[2].id, 250);
    EXPECT_EQ(jobs[3].id, 1);
    EXPECT_FALSE(jobs[0].reference.empty());
    EXPECT_TRUE(db_->reads().jobs_by_ids({}).empty());
}

} // namespace
} // namespace mend::storage
