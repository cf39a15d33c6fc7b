// The dispatcher: sends due notices from the outbox through their channels, and records every attempt.
#pragma once

#include "app/notices/channel.hpp"
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
    int workers = 4;                     // threads making blocking sends (libcurl)
    std::chrono::milliseconds poll{250}; // the longest an idle dispatcher waits before looking again
    std::size_t max_in_flight = 0;       // 0: 16 per worker
};

// At-least-once: a notice is picked when due, sent on a worker thread, and its result recorded through the
// single writer; until that commit it stays pending in the database, so a crash means it is sent again
// after the restart (channels that can, look it up first: see outgoing_notice::maybe_sent_before).
//
// Threads: a periodic_loop's thread picks due notices and owns all the state below (an attempt's result comes
// back to it through the loop's post()); `workers` threads only call channel::send and submit the result to
// the writer. Nothing here runs on the HTTP threads.
class dispatcher {
public:
    // All references are owned by main and outlive the dispatcher. `clock` says when notices are due and
    // stamps the attempts; pauses and rate limits are measured on the steady clock.
    dispatcher(app::notice_reads& reads, app::writer& writes, const app::clock& clock,
               std::vector<app::channel*> channels, dispatcher_options options);
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
    struct channel_state {
        app::channel* ch = nullptr;
        double tokens = 1;
        std::chrono::steady_clock::time_point refilled{};
        std::chrono::steady_clock::time_point paused_until{};
    };

    std::chrono::milliseconds dispatch_due();
    // Refills each channel's tokens; returns the channels that may not send now (paused, or out of tokens)
    // and shortens `wait` to when the first of them may.
    std::vector<std::string> resting_channels(std::chrono::steady_clock::time_point now,
                                              std::chrono::milliseconds& wait);
    // Whether `n` may be sent now: its address is not paused and its channel has a token, which it takes.
    bool take_turn(const app::notice_record& n, channel_state* st, std::chrono::steady_clock::time_point now);
    void begin_attempt(app::notice_record n, app::channel* ch);
    void finish_attempt(app::id_t id, std::string pause_key, app::attempt_result result);
    channel_state* find(const std::string& name);

    app::notice_reads& reads_;
    app::writer& writes_;
    const app::clock& clock_;
    dispatcher_options options_;
    domain::instant started_at_{};

    boost::asio::thread_pool workers_;

    // Loop thread only.
    std::map<std::string, channel_state, std::less<>> channels_;
    std::map<std::string, std::chrono::steady_clock::time_point, std::less<>> paused_addresses_;
    std::unordered_set<app::id_t> in_flight_;
    std::mt19937_64 random_;

    background::periodic_loop loop_; // last: its steps use everything above
};

} // namespace mend::notify
