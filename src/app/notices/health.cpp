#include "app/notices/health.hpp"

#include <algorithm>
#include <cmath>

namespace mend::app {

namespace chr = std::chrono;

std::string health_key(std::string_view channel, std::string_view address, address_kind kind) {
    std::string key(channel);
    if (kind == address_kind::url) {
        key += ' ';
        key += address;
    }
    return key;
}

channel_health::channel_health(const clock& clock, chr::milliseconds first_probe, chr::milliseconds probe_cap)
    : clock_(clock)
    , first_probe_(std::max(chr::milliseconds(1), first_probe))
    , probe_cap_(std::max(first_probe_, probe_cap)) {}

chr::milliseconds channel_health::probe_delay(int failures) const {
    const double doubled =
        static_cast<double>(first_probe_.count()) * std::ldexp(1.0, std::clamp(failures - 1, 0, 40));
    return chr::milliseconds(
        static_cast<chr::milliseconds::rep>(std::min(doubled, static_cast<double>(probe_cap_.count()))));
}

void channel_health::watch(std::string_view channel) {
    std::lock_guard lock(mutex_);
    entries_.try_emplace(std::string(channel));
}

channel_health::turn channel_health::take_turn(const std::string& key, steady::time_point now) {
    std::lock_guard lock(mutex_);
    auto& e = entries_[key];
    if (e.probing) {
        return turn::wait;
    }
    if (!e.known || (e.down && now >= e.next_probe)) {
        e.probing = true;
        return turn::probe;
    }
    if (e.down || e.resting_until > now) {
        return turn::wait;
    }
    return turn::send;
}

bool channel_health::open(const std::string& key, steady::time_point now) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    return it != entries_.end() && it->second.known && !it->second.down && it->second.resting_until <= now;
}

bool channel_health::down(const std::string& key) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    return it != entries_.end() && it->second.down;
}

health_change channel_health::record(const std::string& key, const attempt_result& result, bool probe,
                                     steady::time_point now) {
    std::lock_guard lock(mutex_);
    auto& e = entries_[key];
    e.known = true;
    if (probe) {
        e.probing = false;
    }
    const bool was_down = e.down;
    if (is_channel_trouble(result.outcome)) {
        if (!was_down) {
            e.down = true;
            e.failures = 0;
            e.since = clock_.now();
        }
        // A send that was already on its way when the key went down says nothing new.
        if (probe || !was_down) {
            ++e.failures;
            e.next_probe =
                now + std::max(probe_delay(e.failures), result.retry_after.value_or(chr::milliseconds(0)));
            e.reason = result.error;
        }
        return was_down ? health_change::none : health_change::went_down;
    }
    e.down = false;
    e.failures = 0;
    e.reason.clear();
    if (result.retry_after) {
        e.resting_until = std::max(e.resting_until, now + *result.retry_after);
    }
    return was_down ? health_change::came_up : health_change::none;
}

void channel_health::release(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
        it->second.probing = false;
    }
}

std::vector<std::string> channel_health::closed_keys(steady::time_point now, chr::milliseconds& wait) const {
    std::vector<std::string> out;
    std::lock_guard lock(mutex_);
    for (const auto& [key, e] : entries_) {
        // A probe in flight wakes the loop when its result comes; a due probe is the caller's to start.
        steady::time_point until = now;
        if (e.down && !e.probing) {
            until = e.next_probe;
        } else if (!e.down && !e.probing) {
            until = e.resting_until;
        }
        if (until > now) {
            wait = std::min(wait, chr::ceil<chr::milliseconds>(until - now));
        }
        if (e.probing || e.down || e.resting_until > now) {
            out.push_back(key);
        }
    }
    return out;
}

std::vector<std::string> channel_health::probes_due(steady::time_point now) const {
    std::vector<std::string> out;
    std::lock_guard lock(mutex_);
    for (const auto& [key, e] : entries_) {
        if (e.down && !e.probing && now >= e.next_probe) {
            out.push_back(key);
        }
    }
    return out;
}

channel_health::steady::time_point channel_health::next_turn(const std::string& key,
                                                             steady::time_point now) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end() || it->second.probing || !it->second.known) {
        return now;
    }
    return std::max(now, it->second.down ? it->second.next_probe : it->second.resting_until);
}

std::vector<channel_condition> channel_health::conditions() const {
    const domain::instant wall = clock_.now();
    const auto now = steady::now();
    std::vector<channel_condition> out;
    std::lock_guard lock(mutex_);
    for (const auto& [key, e] : entries_) {
        channel_condition c;
        const auto space = key.find(' ');
        c.channel = key.substr(0, space);
        c.address = space == std::string::npos ? std::string() : key.substr(space + 1);
        c.up = !e.down;
        if (e.down) {
            c.reason = e.reason;
            c.since = e.since;
            c.next_probe =
                wall + chr::ceil<chr::milliseconds>(std::max(steady::duration::zero(), e.next_probe - now));
            c.failed_probes = std::max(0, e.failures - 1);
        } else if (e.resting_until > now) {
            c.resting_until = wall + chr::ceil<chr::milliseconds>(e.resting_until - now);
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace mend::app
