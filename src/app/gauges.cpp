#include "app/gauges.hpp"

#include <map>

namespace mend::app {

namespace {

// Every name of `all`, in that order, with its count from `found` or 0.
template <typename Names> counts every(const Names& all, const counts& found) {
    const std::map<std::string, std::int64_t, std::less<>> by_name(found.begin(), found.end());
    counts out;
    for (const auto& name : all) {
        const auto it = by_name.find(std::string_view(name));
        out.emplace_back(std::string(name), it == by_name.end() ? 0 : it->second);
    }
    return out;
}

counts clocks_now(const time_services& time, domain::instant now) {
    counts out;
    clock_filter f;
    f.now = now;
    f.at_risk_share = time.settings.at_risk_share;
    for (const auto state : {domain::clock_state::at_risk, domain::clock_state::breached}) {
        f.state = state;
        out.emplace_back(std::string(domain::to_string(state)), time.reads.count_clocks(f));
    }
    return out;
}

} // namespace

gauges read_gauges(const time_services* time, notice_reads* notices, domain::instant now) {
    gauges out;
    if (time != nullptr) {
        out.jobs_by_status = every(domain::names<domain::status>::list, time->reads.jobs_by_status());
        out.clocks_by_state = clocks_now(*time, now);
    }
    if (notices != nullptr) {
        std::vector<std::string_view> states;
        for (const auto state :
             {notice_state::standby, notice_state::pending, notice_state::sent, notice_state::delivered,
              notice_state::failed, notice_state::dead, notice_state::skipped}) {
            states.push_back(to_string(state));
        }
        out.notices_by_state = every(states, notices->notices_by_state());
    }
    return out;
}

void gauge_cache::store(gauges values, std::uint64_t generation) {
    auto shared = std::make_shared<const gauges>(std::move(values));
    std::lock_guard lock(mutex_);
    latest_ = {std::move(shared), generation};
}

gauge_cache::snapshot gauge_cache::latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

bool gauge_cache::stale() const {
    const auto wanted = generation();
    std::lock_guard lock(mutex_);
    return !latest_.values || latest_.generation < wanted;
}

void gauge_cache::on_refresh(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

void gauge_cache::refresh() const {
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        wake = wake_;
    }
    if (wake) {
        wake();
    }
}

void counting_writer::submit(work w, done d) {
    inner_.submit(std::move(w), [this, d = std::move(d)](const std::exception_ptr& failure) {
        if (!failure) {
            cache_.changed();
        }
        d(failure);
    });
}

} // namespace mend::app
