// The social poller: reads new mentions from a network on an interval, takes them into the inbox, and posts
// the replies waiting in the social outbox.
#pragma once

#include "app/notices/channel.hpp"
#include "app/notices/notices.hpp"
#include "app/social.hpp"
#include "background/periodic_loop.hpp"

#include <chrono>
#include <random>
#include <string>

namespace mend::social {

struct poller_options {
    std::chrono::milliseconds interval{std::chrono::seconds(30)}; // between reads of the mentions
    std::chrono::milliseconds reply_check{500}; // the longest a queued reply waits for the next look
    int max_pages = 10;                         // pages read in one poll, so one poll cannot run for ever
    std::size_t replies_per_round = 20;
    app::retry_policy retry;
};

// Threads: a periodic_loop's thread of its own makes every blocking call (libcurl through the feed and the
// channel, reads of the database, waiting for a commit); nothing here runs on the HTTP threads. Writes go
// through the single writer, each page of mentions in one unit together with the cursor after it, so a crash
// between pages reads the page again and the unique (network, status) key makes that harmless.
class poller {
public:
    // All references are owned by main and outlive the poller. `clock` stamps mentions and replies and says
    // when replies are due; pauses are measured on the steady clock.
    poller(app::mention_feed& feed, app::channel& posting, app::social_reads& reads, app::writer& writes,
           const app::social_policy& policy, const app::clock& clock, poller_options options);
    ~poller(); // stop()
    poller(const poller&) = delete;
    poller& operator=(const poller&) = delete;

    void start();
    // Look for due replies now rather than at the next check. Thread-safe.
    void wake();
    // Finishes the call in progress (bounded by the HTTP timeout), then joins the loop thread. The writer
    // must still be running.
    void stop();

private:
    std::chrono::milliseconds work_once();
    void poll_mentions();
    void send_due_replies();
    void pause_for(std::chrono::milliseconds wait, const std::string& why);

    app::mention_feed& feed_;
    app::channel& posting_;
    app::social_reads& reads_;
    app::writer& writes_;
    const app::social_policy& policy_;
    const app::clock& clock_;
    poller_options options_;

    // Loop thread only.
    std::chrono::steady_clock::time_point next_poll_{};
    std::chrono::steady_clock::time_point paused_until_{};
    std::string last_problem_;
    std::mt19937_64 random_;

    background::periodic_loop loop_; // last: its steps use everything above
};

} // namespace mend::social
