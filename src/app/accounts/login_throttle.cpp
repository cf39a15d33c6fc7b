#include "app/accounts/login_throttle.hpp"

#include <algorithm>

namespace mend::app {

namespace {

std::string account_key(id_t account) {
    return std::to_string(account);
}

std::optional<domain::instant> later(std::optional<domain::instant> a, std::optional<domain::instant> b) {
    if (!a) {
        return b;
    }
    if (!b) {
        return a;
    }
    return std::max(*a, *b);
}

} // namespace

std::optional<domain::instant> failure_table::blocked_until(std::string_view key, domain::instant now,
                                                            std::chrono::minutes window) {
    const auto it = index_.find(key);
    if (it == index_.end()) {
        return std::nullopt;
    }
    const auto until = it->second->first + window;
    if (now >= until) {
        forget(key);
        return std::nullopt;
    }
    if (it->second->failures >= max_failures_) {
        return until;
    }
    return std::nullopt;
}

void failure_table::failed(std::string_view key, domain::instant now, std::chrono::minutes window) {
    auto it = index_.find(key);
    if (it == index_.end()) {
        if (order_.size() >= capacity_) {
            index_.erase(order_.back().key);
            order_.pop_back();
        }
        order_.push_front({std::string(key), 0, now});
        it = index_.emplace(order_.front().key, order_.begin()).first;
    } else {
        order_.splice(order_.begin(), order_, it->second);
    }
    auto& e = *it->second;
    if (now >= e.first + window) {
        e.failures = 0;
        e.first = now;
    }
    ++e.failures;
}

void failure_table::forget(std::string_view key) {
    const auto it = index_.find(key);
    if (it == index_.end()) {
        return;
    }
    const auto position = it->second;
    index_.erase(it);
    order_.erase(position);
}

std::optional<domain::instant> login_throttle::blocked_until(const attempt& a, domain::instant now) {
    std::lock_guard lock(mutex_);
    std::optional<domain::instant> until = addresses_.blocked_until(a.address, now, window);
    if (a.account) {
        until = later(until, accounts_.blocked_until(account_key(*a.account), now, window));
    } else if (!a.identifier.empty()) {
        until = later(until, identifiers_.blocked_until(a.identifier, now, window));
    }
    return until;
}

void login_throttle::failed(const attempt& a, domain::instant now) {
    std::lock_guard lock(mutex_);
    addresses_.failed(a.address, now, window);
    if (a.account) {
        accounts_.failed(account_key(*a.account), now, window);
    } else if (!a.identifier.empty()) {
        identifiers_.failed(a.identifier, now, window);
    }
}

void login_throttle::succeeded(const attempt& a) {
    std::lock_guard lock(mutex_);
    if (a.account) {
        accounts_.forget(account_key(*a.account));
    }
}

std::size_t login_throttle::size() const {
    std::lock_guard lock(mutex_);
    return accounts_.size() + identifiers_.size() + addresses_.size();
}

} // namespace mend::app
