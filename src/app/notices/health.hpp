// The health of each channel the notices and the social replies go out on (and of each webhook endpoint):
// up, or down through an outage or our own configuration, with a probe that finds out when it is back; and
// how long a rate limit asks it to rest.
#pragma once

#include "app/notices/channel.hpp"
#include "app/ports.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

// What one outage pauses: a channel's name ("email", "mastodon"), or for a channel that sends to URLs, where
// every endpoint is a provider of its own, the name, a space and the address ("webhook https://...").
std::string health_key(std::string_view channel, std::string_view address, address_kind kind);

// One row of the outbox page.
struct channel_condition {
    std::string channel;
    std::string address; // the endpoint, for a channel that sends to URLs; empty for the whole channel
    bool up = true;
    std::string reason;                   // the words of the failure that put it down
    std::optional<domain::instant> since; // when it went down
    std::optional<domain::instant> next_probe;
    int failed_probes = 0;
    std::optional<domain::instant> resting_until; // up, but waiting for a rate limit's reset
};

enum class health_change { none, went_down, came_up };

// Thread-safe. Probes back off exponentially from `first_probe` up to `probe_cap`, measured on the steady
// clock; `clock` only gives officers wall times. While a key is down no send but its probe starts, and sends
// already queued for workers check open() and stay queued in the outbox instead.
class channel_health {
public:
    using steady = std::chrono::steady_clock;

    // `clock` is owned by main and outlives this.
    channel_health(const clock& clock, std::chrono::milliseconds first_probe,
                   std::chrono::milliseconds probe_cap);

    // Lists a channel (as up) before anything has been sent on it.
    void watch(std::string_view channel);

    enum class turn { send, probe, wait };
    // Whether a send to `key` may start now. The first send to a key, and the first after its probe fell due
    // while it was down, is a probe: until its result is recorded every other caller waits, so a wrong
    // password costs one failed login per probe.
    turn take_turn(const std::string& key, steady::time_point now);
    // Whether a send queued for `key` (not a probe) may still go: false once the key is down or resting.
    bool open(const std::string& key, steady::time_point now) const;
    // Whether `key` is down (an outage or our configuration), as opposed to up or only resting.
    bool down(const std::string& key) const;
    // Right after a send, on the thread that made it: the channel's trouble puts the key down, or keeps it
    // down with the next probe further off; any other answer puts it up. A retry_after (a rate limit, even on
    // a success) makes the key rest until then. `probe` says whether the send had its turn as a probe.
    health_change record(const std::string& key, const attempt_result& result, bool probe,
                         steady::time_point now);
    // A probe that sent nothing after all (nothing was due): the next caller may probe.
    void release(const std::string& key);

    // The keys that may not send now (down, probing or resting), shortening `wait` to when the first of them
    // may; and the keys that are down with their probe due.
    std::vector<std::string> closed_keys(steady::time_point now, std::chrono::milliseconds& wait) const;
    std::vector<std::string> probes_due(steady::time_point now) const;
    // When `key` may next send or probe; now when it may at once.
    steady::time_point next_turn(const std::string& key, steady::time_point now) const;

    std::vector<channel_condition> conditions() const;

private:
    struct entry {
        bool known = false; // has had a result since this process started
        bool down = false;
        bool probing = false;
        int failures = 0; // failed probes since it went down, the failure that put it down included
        std::string reason;
        domain::instant since{};
        steady::time_point next_probe{};
        steady::time_point resting_until{};
    };

    std::chrono::milliseconds probe_delay(int failures) const;

    const clock& clock_;
    const std::chrono::milliseconds first_probe_;
    const std::chrono::milliseconds probe_cap_;
    mutable std::mutex mutex_; // guards entries_
    std::map<std::string, entry, std::less<>> entries_;
};

} // namespace mend::app
