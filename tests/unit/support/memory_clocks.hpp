// In-memory clocks for unit tests: the clock store of memory_unit, and clock_reads over the same state.
#pragma once

#include "app/clocks.hpp"
#include "domain/visibility.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace mend::test {

struct memory_clock_state {
    std::map<domain::id_t, domain::job_clock> clocks;
    std::vector<app::escalation> escalations;
    domain::id_t next_id = 1;
    app::holiday_list holidays;
};

inline bool in_state(const domain::job_clock& c, domain::clock_state wanted, domain::instant now,
                     double share) {
    return c.open() && domain::state_of(c, now, share) == wanted;
}

// By job id, then clock id.
inline std::vector<domain::job_clock> clocks_of_jobs(const memory_clock_state& s,
                                                     const std::vector<domain::id_t>& job_ids) {
    std::vector<domain::job_clock> out;
    for (const auto& [id, c] : s.clocks) {
        if (std::find(job_ids.begin(), job_ids.end(), c.job_id) != job_ids.end()) {
            out.push_back(c);
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.job_id < b.job_id; });
    return out;
}

class memory_clock_store final : public app::clock_store {
public:
    memory_clock_store(memory_clock_state& s, const std::vector<domain::event>& events,
                       const std::map<domain::id_t, domain::job>& jobs)
        : cs_(s)
        , events_(events)
        , jobs_(jobs) {}

    std::vector<domain::job_clock> clocks_of(domain::id_t job_id) override {
        return test::clocks_of_jobs(cs_, {job_id});
    }
    domain::job_clock save_clock(domain::job_clock c) override {
        if (c.id == 0) {
            c.id = cs_.next_id++;
        }
        cs_.clocks[c.id] = c;
        return c;
    }
    bool has_event(domain::id_t job_id, domain::action a) override {
        return std::any_of(events_.begin(), events_.end(),
                           [&](const domain::event& e) { return e.job_id == job_id && e.action == a; });
    }
    std::vector<app::job_clock_row> clocks_to_escalate(domain::instant now, double share,
                                                       int limit) override {
        std::vector<app::job_clock_row> out;
        for (const auto& [id, c] : cs_.clocks) {
            const bool due = (c.escalated < 2 && in_state(c, domain::clock_state::breached, now, share)) ||
                             (c.escalated < 1 && in_state(c, domain::clock_state::at_risk, now, share));
            if (due && static_cast<int>(out.size()) < limit) {
                const auto& job = jobs_.at(c.job_id);
                out.push_back({c, job.reference, job.contractor_id});
            }
        }
        return out;
    }
    app::escalation insert_escalation(app::escalation e) override {
        e.id = static_cast<domain::id_t>(cs_.escalations.size()) + 1;
        cs_.escalations.push_back(e);
        return e;
    }
    void add_holidays(const std::vector<app::added_holiday>& days, std::optional<int> complete_year,
                      domain::id_t /*by*/, domain::instant /*at*/) override {
        for (const auto& h : days) {
            const auto known = std::any_of(cs_.holidays.days.begin(), cs_.holidays.days.end(),
                                           [&h](const auto& k) { return k.day == h.day; });
            if (!known) {
                cs_.holidays.days.push_back(h);
            }
        }
        if (complete_year) {
            cs_.holidays.complete_years.push_back(*complete_year);
        }
    }

private:
    memory_clock_state& cs_;
    const std::vector<domain::event>& events_;
    const std::map<domain::id_t, domain::job>& jobs_;
};

class memory_clock_reads final : public app::clock_reads {
public:
    memory_clock_reads(memory_clock_state& s, const std::map<domain::id_t, domain::job>& jobs,
                       const std::set<std::pair<domain::id_t, domain::id_t>>& tenancies)
        : cs_(s)
        , jobs_(jobs)
        , tenancies_(tenancies) {}

    std::vector<domain::job_clock> clocks_of(domain::id_t job_id) override {
        return test::clocks_of_jobs(cs_, {job_id});
    }
    std::vector<domain::job_clock> clocks_of_jobs(const std::vector<domain::id_t>& job_ids) override {
        return test::clocks_of_jobs(cs_, job_ids);
    }
    std::vector<app::job_clock_row> list_clocks(const app::clock_filter& f) override {
        std::vector<app::job_clock_row> out;
        for (const auto& [id, c] : cs_.clocks) {
            const auto& job = jobs_.at(c.job_id);
            if ((f.after_id && id <= *f.after_id) || !counted(c, f)) {
                continue;
            }
            out.push_back({c, job.reference, job.contractor_id});
            if (static_cast<int>(out.size()) > f.limit) {
                break;
            }
        }
        return out;
    }

    std::int64_t count_clocks(const app::clock_filter& f) override {
        return std::count_if(cs_.clocks.begin(), cs_.clocks.end(),
                             [&](const auto& c) { return counted(c.second, f); });
    }
    std::vector<std::pair<std::string, std::int64_t>> jobs_by_status() override {
        std::map<std::string, std::int64_t> counts;
        for (const auto& [id, j] : jobs_) {
            ++counts[std::string(domain::to_string(j.state))];
        }
        return {counts.begin(), counts.end()};
    }

private:
    bool counted(const domain::job_clock& c, const app::clock_filter& f) const {
        const auto& job = jobs_.at(c.job_id);
        return in_state(c, f.state, f.now, f.at_risk_share) &&
               domain::visible(f.visibility, job, tenancies_.contains({f.visibility.id, job.property_id}));
    }

    memory_clock_state& cs_;
    const std::map<domain::id_t, domain::job>& jobs_;
    const std::set<std::pair<domain::id_t, domain::id_t>>& tenancies_; // (user, property)
};

} // namespace mend::test
