// The dispatcher: sends due notices from the outbox through their channels, and records every attempt.
#pragma once

#include "app/notices/channel.hpp"
#include "app/notices/health.hpp"
#include "app/notices/notices.hpp"
#include "background/periodic_loop.hpp"

#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <map>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

namespace mend::notify {

struct dispatcher_options {
    app::retry_policy retry;
    int workers = 4;                         // threads making blocking sends (libcurl)
    std::chrono::milliseconds poll{250};     // the longest an idle dispatcher waits before looking again
    std::size_t max_in_flight = 0;           // 0: 16 per worker
    std::chrono::milliseconds sweep{10'000}; // how often notices past their horizon are given up on
};

// At-least-once: a notice is picked when due, sent on a worker thread, and its result recorded through the
// single writer; until that commit it stays pending in the database, so a crash means it is sent again
// after the restart (channels that can, look it up first: see outgoing_notice::maybe_sent_before).
//
// Outages: a channel (or webhook endpoint) whose provider is down is closed in `health`: its notices stay
// pending, uncounted, while one probe at a time (a real due notice) finds out when it is back. A send queued
// for a worker before the channel went down is not made; the notice waits in the outbox with the others.
//
// Threads: a periodic_loop's thread picks due notices and owns all the state below (an attempt's result comes
// back to it through the loop's post()); `workers` threads only call channel::send, tell `health` what it
// said, and submit the result to the writer. Nothing here runs on the HTTP threads.
class dispatcher {
public:
    // All references are owned by main and outlive the dispatcher. `clock` says when notices are due and
    // stamps the attempts; rate limits are measured on the steady clock, as `health` measures its probes.
    dispatcher(app::notice_reads& reads, app::writer& writes, const app::clock& clock,
               app::channel_health& health, const std::vector<app::channel*>& channels,
               dispatcher_options options);
    ~dispatcher(); // stop()
    dispatcher(const dispatcher&) = delete;
    dispatcher& operator=(const dispatcher&) = delete;

    void start();
    // Look for due notices now rather than at the next poll. Thread-safe.
    void wake();
    // Sends nothing more, waits until every attempt in flight is recorded, and joins the threads.
    // Must not be called from the dispatcher's threads; the writer must still be running.
    void stop();

private:
    using steady = std::chrono::steady_clock;

    struct channel_state {
        app::channel* ch = nullptr;
        double tokens = 1;
        steady::time_point refilled{};
    };

    // One send handed to a worker.
    struct send_job {
        app::notice_record notice;
        app::channel* ch = nullptr; // null: the notice's channel is not configured here
        std::string key;            // its health key
        bool probe = false;
        double jitter = 0;
    };

    std::chrono::milliseconds dispatch_due();
    // Refills each channel's tokens; a channel out of them joins `closed`, and `wait` shortens to its next
    // one.
    void refill(steady::time_point now, std::vector<std::string>& closed, std::chrono::milliseconds& wait);
    // Sends one due notice on each channel (or endpoint) that is down and due for a probe.
    void start_probes(steady::time_point now, std::size_t& room);
    // Starts `n` if its channel gives it a turn and a token.
    bool try_begin(app::notice_record& n, steady::time_point now);
    void begin_attempt(app::notice_record n, app::channel* ch, std::string key, bool probe);
    void send_on_worker(const send_job& job);                                    // worker threads
    void record(app::id_t id, const app::attempt_result& result, double jitter); // worker threads
    void finish_attempt(app::id_t id);
    void sweep_horizons(steady::time_point now);
    channel_state* find(const std::string& name);

    app::notice_reads& reads_;
    app::writer& writes_;
    const app::clock& clock_;
    app::channel_health& health_;
    dispatcher_options options_;
    domain::instant started_at_{};

    boost::asio::thread_pool workers_;

    // Loop thread only.
    std::map<std::string, channel_state, std::less<>> channels_;
    std::unordered_set<app::id_t> in_flight_;
    std::mt19937_64 random_;
    steady::time_point next_sweep_{};

    background::periodic_loop loop_; // last: its steps use everything above
};

} // namespace mend::notify
