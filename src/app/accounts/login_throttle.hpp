// Refuses sign-ins after too many failures: per account (whichever identifier named it), per identifier that
// names nobody, and per client address; in memory and bounded whatever it is sent.
#pragma once

#include "app/ports.hpp"

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mend::app {

// Failures per key within a window from the first. Holds at most `capacity` keys: when full, forgets the one
// used least recently. Not thread-safe.
class failure_table {
public:
    failure_table(int max_failures, std::size_t capacity)
        : max_failures_(max_failures)
        , capacity_(capacity) {}

    // When `key` is blocked: until when.
    std::optional<domain::instant> blocked_until(std::string_view key, domain::instant now,
                                                 std::chrono::minutes window);
    void failed(std::string_view key, domain::instant now, std::chrono::minutes window);
    void forget(std::string_view key);
    std::size_t size() const { return order_.size(); }

private:
    struct entry {
        std::string key;
        int failures = 0;
        domain::instant first{};
    };
    using list = std::list<entry>;

    const int max_failures_;
    const std::size_t capacity_;
    list order_;                                                 // most recently used first
    std::unordered_map<std::string_view, list::iterator> index_; // views of the keys in order_
};

// In memory: a restart forgets the counts, which is acceptable for a throttle. Thread-safe.
class login_throttle {
public:
    static constexpr int max_failures = 5;              // per account, or per identifier that names nobody
    static constexpr int max_failures_per_address = 30; // many people may sign in from one office
    static constexpr std::chrono::minutes window{15};
    static constexpr std::size_t max_identifier = 254; // the longest email address; longer names nobody
    static constexpr std::size_t capacity = 10'000;    // keys per table

    // Who is trying: the account the identifier names (none when it names nobody), the identifier as typed
    // (lower case; not counted when empty or when it names an account), and the client's address.
    struct attempt {
        std::optional<id_t> account;
        std::string_view identifier;
        std::string_view address;
    };

    // When blocked (the account or identifier, or the address): until when.
    std::optional<domain::instant> blocked_until(const attempt& a, domain::instant now);
    void failed(const attempt& a, domain::instant now);
    // Forgets the account's failures; the address's stay, so that one good password does not buy more
    // guesses at others.
    void succeeded(const attempt& a);

    // Keys held in all tables.
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    failure_table accounts_{max_failures, capacity};              // guarded by mutex_
    failure_table identifiers_{max_failures, capacity};           // guarded by mutex_
    failure_table addresses_{max_failures_per_address, capacity}; // guarded by mutex_
};

} // namespace mend::app
