// RP02, per-job satisfaction, days to complete and repeat repairs on a generated data set, checked against an
// independent computation from the generator's own plan (not from the events).
#include "app/accounts/admin.hpp"
#include "app/reports.hpp"
#include "integration/storage/database_fixture.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

namespace mend::storage {
namespace {

using namespace std::chrono;
using domain::instant;

instant at(std::string_view iso) {
    return *domain::parse_iso(iso);
}

// Independent of domain/calendar.cpp: the test's own list of the holidays in its window, all in GMT.
instant plus_working_days(instant from, int n) {
    const std::set<sys_days> holidays{sys_days{2027y / 1 / 1}, sys_days{2027y / 3 / 26},
                                      sys_days{2027y / 3 / 29}};
    auto day_ = floor<days>(from);
    const auto time_of_day = from - day_;
    while (n > 0) {
        day_ += days{1};
        const weekday wd{day_};
        if (wd != Saturday && wd != Sunday && !holidays.contains(day_)) {
            --n;
        }
    }
    return day_ + time_of_day;
}

instant due_for(const std::string& prio, instant reported) {
    if (prio == "emergency") {
        return reported + hours{24};
    }
    return plus_working_days(reported, prio == "urgent" ? 5 : 20);
}

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double p90_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::size_t rank = 1;
    while (static_cast<double>(rank) < 0.9 * static_cast<double>(v.size())) {
        ++rank;
    }
    return v[rank - 1];
}

struct planned_job {
    std::string reference;
    std::string uprn;
    std::string category;
    std::string priority; // the final one
    instant reported{};
    std::optional<instant> completed; // the final completion
    std::optional<app::id_t> firm;
    // When reopened: the first completion, by whom, and when it was reopened.
    std::optional<instant> first_completed, reopened;
    std::optional<app::id_t> first_firm;
    std::optional<std::pair<int, int>> rating;
    std::optional<instant> rated;
};

class reports_test : public database_fixture {
protected:
    void run(const domain::actor& who, const std::string& ref, app::action_command cmd, instant now) {
        db_->run([&](app::unit_of_work& uow) {
            auto r = app::apply_action(uow, who, ref, cmd, now);
            if (!r) {
                throw std::runtime_error(cmd.action + ": " + r.error().message);
            }
            return true;
        });
    }
};

TEST_F(reports_test, rp02_job_satisfaction_days_and_repeats_match_an_independent_computation) {
    std::mt19937 rng(20270101);
    const auto pick = [&rng](int lo, int hi) {
        return std::uniform_int_distribution<int>(lo, hi)(rng);
    };

    domain::actor officer;
    std::vector<std::pair<domain::actor, std::string>> tenants; // with their home's UPRN
    std::vector<std::pair<app::id_t, domain::actor>> firms;
    db_->run([&](app::unit_of_work& uow) {
        auto o = app::add_user(uow, {"officer", "Olivia", {}, {}, {}});
        officer = {o->user.id, domain::role::officer, "Olivia", {}};
        for (int i = 0; i < 2; ++i) {
            const auto firm = app::add_contractor(uow, "Firm " + std::to_string(i), {})->id;
            auto c = app::add_user(uow, {"contractor", "Fixer " + std::to_string(i), {}, {}, firm});
            firms.push_back({firm, {c->user.id, domain::role::contractor, "Fixer", firm}});
        }
        for (int i = 0; i < 6; ++i) {
            auto t = app::add_user(uow, {"tenant", "Tenant " + std::to_string(i), {}, {}, {}});
            const std::string uprn = "10002333690" + std::to_string(i);
            app::add_property(uow, {uprn, "Home", "E8 1AB", t->user.id});
            tenants.push_back({{t->user.id, domain::role::tenant, "Tenant", {}}, uprn});
        }
        return true;
    });

    const std::vector<std::string> categories{"plumbing", "heating", "damp_mould"};
    const std::vector<std::string> priorities{"emergency", "urgent", "routine", "planned"};
    std::vector<planned_job> plan;
    for (int i = 0; i < 150; ++i) {
        planned_job j;
        const auto& [tenant, uprn] = tenants[static_cast<std::size_t>(pick(0, 5))];
        j.uprn = uprn;
        j.category = categories[static_cast<std::size_t>(pick(0, 2))];
        j.reported = at("2027-01-04T08:00:00Z") + days{pick(0, 41)} + minutes{pick(0, 600)};
        db_->run([&](app::unit_of_work& uow) {
            j.reference =
                app::report_job(uow, tenant, {uprn, j.category, "Broken", "", {}, {}, {}, {}}, j.reported)
                    ->job.reference;
            return true;
        });
        j.priority = priorities[static_cast<std::size_t>(pick(0, 3))];
        run(officer, j.reference, {.action = "triage", .priority = j.priority}, j.reported + hours{1});
        if (pick(0, 9) == 0) { // re-prioritised: the final priority's target counts, from the report
            std::string next = priorities[static_cast<std::size_t>(pick(0, 3))];
            if (next != j.priority) {
                j.priority = next;
                run(officer, j.reference,
                    {.action = "reprioritise", .priority = next, .reason = "more facts"},
                    j.reported + hours{2});
            }
        }
        if (pick(0, 9) < 2) {
            plan.push_back(j); // never completed
            continue;
        }
        auto [firm, fixer] = firms[static_cast<std::size_t>(pick(0, 1))];
        run(officer, j.reference, {.action = "assign", .contractor_id = firm}, j.reported + hours{3});
        run(fixer, j.reference, {.action = "start"}, j.reported + hours{4});
        instant done = j.reported + hours{5} + minutes{pick(0, 30 * 24 * 60)};
        run(fixer, j.reference, {.action = "complete"}, done);
        if (pick(0, 9) == 0) { // reopened: only the last completion counts
            auto [firm2, fixer2] = firms[static_cast<std::size_t>(pick(0, 1))];
            j.first_completed = done;
            j.first_firm = firm;
            j.reopened = done + hours{24};
            run(officer, j.reference, {.action = "reopen", .reason = "still leaking"}, *j.reopened);
            run(officer, j.reference, {.action = "assign", .contractor_id = firm2}, done + hours{25});
            run(fixer2, j.reference, {.action = "start"}, done + hours{26});
            done += hours{27} + minutes{pick(0, 5 * 24 * 60)};
            run(fixer2, j.reference, {.action = "complete"}, done);
            firm = firm2;
        }
        j.completed = done;
        j.firm = firm;
        if (pick(0, 9) < 6) {
            run(tenant, j.reference, {.action = "confirm_fixed"}, done + hours{1});
            j.rating = {pick(1, 5), pick(1, 5)};
            j.rated = done + hours{2};
            run(tenant, j.reference,
                {.action = "rate", .repair_rating = j.rating->first, .time_rating = j.rating->second},
                *j.rated);
        }
        plan.push_back(j);
    }

    for (const auto& [from_text, to_text] :
         {std::pair{"2027-01-01", "2027-04-01"}, std::pair{"2027-02-01", "2027-03-01"}}) {
        const instant from = at(std::string(from_text) + "T00:00:00Z");
        const instant to = std::string(to_text) == "2027-04-01" ? at("2027-03-31T23:00:00Z") // midnight BST
                                                                : at(std::string(to_text) + "T00:00:00Z");
        const auto in = [&](instant t) {
            return t >= from && t < to;
        };

        std::int64_t em = 0, em_ok = 0, non = 0, non_ok = 0, planned = 0, tp02 = 0, tp02_ok = 0, tp03_ok = 0;
        std::map<std::string, std::vector<double>> by_category, by_firm;
        std::multiset<std::string> repeats;
        // As the period's end saw it: a job reopened after `to` was complete then.
        const auto completion_at_end = [&](const planned_job& j) {
            using result = std::pair<std::optional<instant>, std::optional<app::id_t>>;
            if (j.completed && *j.completed < to) {
                return result{j.completed, j.firm};
            }
            if (j.first_completed && *j.first_completed < to && *j.reopened >= to) {
                return result{j.first_completed, j.first_firm};
            }
            return result{};
        };
        for (const auto& j : plan) {
            const auto [completed, firm] = completion_at_end(j);
            if (j.rated && in(*j.rated)) {
                ++tp02;
                tp02_ok += j.rating->first >= 4;
                tp03_ok += j.rating->second >= 4;
            }
            if (in(j.reported)) {
                for (const auto& k : plan) {
                    if (k.reference != j.reference && k.uprn == j.uprn && k.category == j.category &&
                        completion_at_end(k).first && *completion_at_end(k).first < j.reported &&
                        *completion_at_end(k).first >= j.reported - days{90}) {
                        repeats.insert(j.reference);
                        break;
                    }
                }
            }
            if (!completed || !in(*completed)) {
                continue;
            }
            if (j.priority == "planned") {
                ++planned;
                continue;
            }
            const bool ok = *completed <= due_for(j.priority, j.reported);
            (j.priority == "emergency" ? em : non) += 1;
            (j.priority == "emergency" ? em_ok : non_ok) += ok ? 1 : 0;
            const double d = duration<double>(*completed - j.reported).count() / 86400.0;
            by_category[j.category].push_back(d);
            by_firm[std::to_string(*firm)].push_back(d);
        }

        const auto r = app::rp02(db_->report_reads(), {from, to}, settings);
        SCOPED_TRACE(std::string(from_text) + " to " + to_text);
        EXPECT_GT(em + non, 10);
        EXPECT_EQ(r.emergency.count, em);
        EXPECT_EQ(r.emergency.meeting, em_ok);
        EXPECT_EQ(r.non_emergency.count, non);
        EXPECT_EQ(r.non_emergency.meeting, non_ok);
        EXPECT_EQ(r.planned_excluded, planned);
        EXPECT_EQ(r.targets_recomputed, 0);
        EXPECT_EQ(r.job_satisfaction.repair.count, tp02);
        EXPECT_EQ(r.job_satisfaction.repair.meeting, tp02_ok);
        EXPECT_EQ(r.job_satisfaction.time_taken.count, tp02);
        EXPECT_EQ(r.job_satisfaction.time_taken.meeting, tp03_ok);
        ASSERT_EQ(r.by_category.size(), by_category.size());
        for (const auto& [key, values] : by_category) {
            EXPECT_EQ(r.by_category.at(key).count, static_cast<std::int64_t>(values.size()));
            EXPECT_NEAR(r.by_category.at(key).median, median_of(values), 1e-9) << key;
            EXPECT_NEAR(r.by_category.at(key).p90, p90_of(values), 1e-9) << key;
        }
        ASSERT_EQ(r.by_contractor.size(), by_firm.size());
        for (const auto& [key, values] : by_firm) {
            EXPECT_NEAR(r.by_contractor.at(key).median, median_of(values), 1e-9) << key;
            EXPECT_NEAR(r.by_contractor.at(key).p90, p90_of(values), 1e-9) << key;
        }
        std::multiset<std::string> got;
        for (const auto& rr : r.repeats) {
            got.insert(rr.references.begin(), rr.references.end());
        }
        EXPECT_EQ(got, repeats);
    }
}

} // namespace
} // namespace mend::storage
