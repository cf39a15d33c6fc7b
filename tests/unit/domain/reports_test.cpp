// rp02_builder's repeat repairs, kept as ids: which jobs repeat, in whatever order the jobs arrive.
#include "domain/reports.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace mend::domain {
namespace {

using namespace std::chrono;

const instant from = *parse_iso("2026-04-01T00:00:00Z");
const instant to = *parse_iso("2027-04-01T00:00:00Z");

struct fed_job {
    job_facts facts;
    job_story story;
};

fed_job job(id_t id, id_t home, category what, instant reported, std::optional<instant> completed = {}) {
    fed_job j{{id, home, what, reported}, {}};
    j.story.job_priority = priority::routine;
    if (completed) {
        j.story.complete = true;
        j.story.completed = *completed;
    }
    return j;
}

std::vector<std::pair<id_t, std::vector<id_t>>> repeats_of(const std::vector<fed_job>& jobs) {
    const clock_settings settings;
    rp02_builder builder(from, to, settings);
    for (const auto& j : jobs) {
        builder.add(j.facts, j.story);
    }
    std::vector<std::pair<id_t, std::vector<id_t>>> out;
    for (const auto& r : builder.finish().repeats) {
        EXPECT_TRUE(r.references.empty()) << "the words are app::name_repeats' to add";
        out.emplace_back(r.home, r.jobs);
    }
    return out;
}

TEST(rp02_repeats, a_report_within_90_days_of_a_completion_in_the_same_home_and_category) {
    const auto day = [](int n) {
        return from + days{n};
    };
    const std::vector<fed_job> jobs{
        // Home 7: job 1 completed before the period (within 90 days of job 2's report), job 2 repeats it, job
        // 3
        // comes 91 days after job 2's completion and does not, job 4 is another category.
        job(1, 7, category::plumbing, from - days{120}, from - days{30}),
        job(2, 7, category::plumbing, day(20), day(25)),
        job(3, 7, category::plumbing, day(25 + 91)),
        job(4, 7, category::heating, day(21)),
        // Home 8: a completion more than 90 days before the period repeats nothing.
        job(5, 8, category::plumbing, from - days{200}, from - days{95}),
        job(6, 8, category::plumbing, day(1)),
        // Home 9: reported before the other was completed, so not a repeat of it; the third one repeats both.
        job(7, 9, category::plumbing, day(10), day(40)),
        job(8, 9, category::plumbing, day(30), day(50)),
        job(9, 9, category::plumbing, day(60)),
    };
    const std::vector<std::pair<id_t, std::vector<id_t>>> expected{{7, {2}}, {9, {9}}};
    EXPECT_EQ(repeats_of(jobs), expected);

    auto reversed = jobs;
    std::reverse(reversed.begin(), reversed.end());
    EXPECT_EQ(repeats_of(reversed), expected) << "the order the jobs arrive in does not matter";
}

TEST(rp02_repeats, a_job_does_not_repeat_itself_and_the_history_path_agrees) {
    const clock_settings settings;
    rp02_builder builder(from, to, settings);
    // Reported and completed within the period, then a second job two days later.
    auto first = job(1, 3, category::roofing, from + days{5}, from + days{6});
    builder.add(first.facts, first.story);
    event report;
    report.job_id = 2;
    report.seq = 1;
    report.at = from + days{8};
    builder.add(job_facts{2, 3, category::roofing, from + days{8}}, std::vector<event>{report});
    const auto r = builder.finish();
    ASSERT_EQ(r.repeats.size(), 1U);
    EXPECT_EQ(r.repeats[0].home, 3);
    EXPECT_EQ(r.repeats[0].category, category::roofing);
    EXPECT_EQ(r.repeats[0].jobs, std::vector<id_t>{2});
}

TEST(rp02_repeats, periods_longer_than_sixty_years_are_refused) {
    const clock_settings settings;
    EXPECT_THROW(rp02_builder(from, from + years{61}, settings), std::invalid_argument);
    EXPECT_NO_THROW(rp02_builder(from, from + years{59}, settings));
}

TEST(days_summary, the_median_is_the_middle_or_the_mean_of_the_middle_two_and_p90_the_nearest_rank) {
    EXPECT_EQ(summarise({}).count, 0);
    const auto one = summarise({4.5});
    EXPECT_EQ(one.median, 4.5);
    EXPECT_EQ(one.p90, 4.5);
    const auto two = summarise({7, 1});
    EXPECT_EQ(two.median, 4);
    EXPECT_EQ(two.p90, 7); // ceil(0.9 * 2) = the 2nd smallest
    // In no order, with repeats: sorted 1 2 2 3 5 8 8 9 10 12 -> middle two 5 and 8, 9th smallest 10.
    const auto ten = summarise({8, 2, 12, 1, 9, 5, 3, 10, 2, 8});
    EXPECT_EQ(ten.count, 10);
    EXPECT_EQ(ten.median, 6.5);
    EXPECT_EQ(ten.p90, 10);
    const auto odd = summarise({3, 9, 1, 7, 5});
    EXPECT_EQ(odd.median, 5);
    EXPECT_EQ(odd.p90, 9); // ceil(4.5) = the 5th
}

} // namespace
} // namespace mend::domain
