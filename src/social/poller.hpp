// The social poller: reads new mentions from a network on an interval, takes them into the inbox, and posts
// the replies waiting in the social outbox.
#pragma once

#include "app/notices/channel.hpp"
#include "app/notices/health.hpp"
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
    app::retry_policy retry;                 // [notify]'s, with the network's horizon
    std::chrono::milliseconds sweep{10'000}; // how often replies past their horizon are given up on
    bool start_from_newest = true; // a first start (no cursor yet) skips the mentions made before it
};

// Threads: a periodic_loop's thread of its own makes every blocking call (libcurl through the feed and the
// channel, reads of the database, waiting for a commit); nothing here runs on the HTTP threads. Writes go
// through the single writer, each page of mentions in one unit together with the cursor after it, so a crash
// between pages reads the page again and the unique (network, status) key makes that harmless.
//
// Outages: the network's health is kept in `health` under its name, shared with the dispatcher's channel of
// the same name. While it is down nothing is read or posted but a probe (one page of mentions) now and then,
// and the replies wait, uncounted, until their horizon.
//
// Rate limits: reading and posting have budgets of their own. A spent posting allowance makes the network's
// health rest (replies and notices wait) while mentions are still read; a spent reading allowance only delays
// the next read.
class poller {
public:
    // All references are owned by main and outlive the poller. `clock` stamps mentions and replies and says
    // when replies are due; `health` measures pauses on the steady clock.
    poller(app::mention_feed& feed, app::channel& posting, app::social_reads& reads, app::writer& writes,
           const app::social_policy& policy, const app::clock& clock, app::channel_health& health,
           poller_options options);
    ~poller(); // stop()
    poller(const poller&) = delete;
    poller& operator=(const poller&) = delete;

    // On a first start (no cursor) with start_from_newest, first finds the newest mention (blocking, bounded
    // by the HTTP timeout; the writer must be running).
    void start();
    // Look for due replies now rather than at the next check. Thread-safe.
    void wake();
    // Finishes the call in progress (bounded by the HTTP timeout), then joins the loop thread. The writer
    // must still be running.
    void stop();

private:
    using steady = std::chrono::steady_clock;

    std::chrono::milliseconds work_once();
    std::chrono::milliseconds until_next_turn() const;
    // Reads pages of mentions; when `probe`, only the first (as the network's probe) unless it finds it well.
    void poll_mentions(bool probe);
    // On a first start, moves the cursor to the newest mention there is; false when the network did not say.
    bool start_cursor(std::string& cursor);
    // Takes one page after `cursor` and moves it on; returns whether to read the next page.
    bool take_page(std::string& cursor, bool probe);
    void send_due_replies();
    // What goes out for `r`: an intake answer with a fresh link in place of the placeholder (writes its
    // hash).
    app::outgoing_notice with_link(const app::reply_record& r);
    // Tells `health` what the network said, and logs when it goes down or comes back.
    void note(const app::attempt_result& result, bool probe, std::string_view doing);
    void sweep_horizons(steady::time_point now);

    app::mention_feed& feed_;
    app::channel& posting_;
    app::social_reads& reads_;
    app::writer& writes_;
    const app::social_policy& policy_;
    const app::clock& clock_;
    app::channel_health& health_;
    poller_options options_;
    const std::string network_;

    // Loop thread only.
    steady::time_point next_poll_{};
    steady::time_point next_sweep_{};
    std::mt19937_64 random_;

    background::periodic_loop loop_; // last: its steps use everything above
};

} // namespace mend::social
