#include "social/poller.hpp"

#include "app/social_intake.hpp"
#include "app/unit_of_work.hpp"
#include "log/log.hpp"
#include "social/social_listener.hpp"

#include <algorithm>

namespace mend::social {

namespace {

// Status ids are digits on Mastodon and at:// URIs on Bluesky; anything else is left out of the JSON rather
// than escaped. The answer to a new intake item carries the link to its private page: it goes to the resident
// alone (a direct message in the thread, where the network has them), never in public.
std::string reply_params(const app::reply_record& r) {
    const std::string visibility = r.event == "social_intake" ? "\"visibility\":\"direct\"" : "";
    if (r.in_reply_to.empty() ||
        r.in_reply_to.find_first_not_of(
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-.:/") != std::string::npos) {
        return "{" + visibility + "}";
    }
    return "{\"in_reply_to\":\"" + r.in_reply_to + "\"" + (visibility.empty() ? "" : "," + visibility) + "}";
}

app::outgoing_notice outgoing(const app::reply_record& r) {
    app::outgoing_notice n;
    n.id = r.id;
    n.channel = r.network;
    n.event = r.event;
    n.reference = r.reference;
    n.idempotency_key = app::reply_key(r);
    n.address = r.address;
    n.body = r.body;
    n.params = reply_params(r);
    n.attempt = r.attempts + 1;
    n.last_provider_id = r.provider_id;
    n.maybe_sent_before =
        r.attempts > 0 || !r.last_error.empty(); // an outage is no attempt, but may have landed
    return n;
}

app::attempt_outcome outcome_of(app::feed_page::status status) {
    switch (status) {
    case app::feed_page::status::ok:
        break;
    case app::feed_page::status::retry_later:
        return app::attempt_outcome::retry_later;
    case app::feed_page::status::configuration_failure:
        return app::attempt_outcome::configuration_failure;
    case app::feed_page::status::unavailable:
        return app::attempt_outcome::unavailable;
    }
    return app::attempt_outcome::delivered;
}

} // namespace

poller::poller(app::mention_feed& feed, app::channel& posting, app::social_reads& reads, app::writer& writes,
               const app::social_policy& policy, const app::clock& clock, app::channel_health& health,
               poller_options options)
    : feed_(feed)
    , posting_(posting)
    , reads_(reads)
    , writes_(writes)
    , policy_(policy)
    , clock_(clock)
    , health_(health)
    , options_(std::move(options))
    , network_(feed.network())
    , random_(std::random_device{}())
    , loop_("social poller (" + network_ + ")", options_.reply_check, [this] { return work_once(); }) {
    health_.watch(network_);
}

poller::~poller() {
    stop();
}

void poller::start() {
    // Before the HTTP server answers, so that whatever is posted once mend is up counts as new; when the
    // network does not answer (within its timeout), the loop tries again before its first read.
    if (options_.start_from_newest && !reads_.social_cursor(network_)) {
        std::string cursor;
        start_cursor(cursor);
    }
    loop_.start();
}

void poller::wake() {
    loop_.wake();
}

void poller::stop() {
    loop_.stop();
}

std::chrono::milliseconds poller::until_next_turn() const {
    const auto now = steady::now();
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(health_.next_turn(network_, now) - now);
    return std::clamp(wait, std::chrono::milliseconds(50), options_.reply_check);
}

std::chrono::milliseconds poller::work_once() {
    const auto now = steady::now();
    sweep_horizons(now);
    // Before any reply is written or posted: the length texts are fitted to is the server's own.
    feed_.prepare();
    switch (health_.take_turn(network_, now)) {
    case app::channel_health::turn::wait:
        // Resting after the posting allowance was spent (not down): mentions are still read.
        if (now >= next_poll_ && !health_.down(network_)) {
            next_poll_ = now + options_.interval;
            poll_mentions(false);
        }
        return std::min(until_next_turn(),
                        std::max(std::chrono::milliseconds(50),
                                 std::chrono::ceil<std::chrono::milliseconds>(next_poll_ - steady::now())));
    case app::channel_health::turn::probe:
        next_poll_ = now + options_.interval;
        poll_mentions(true);
        break;
    case app::channel_health::turn::send:
        if (now >= next_poll_) {
            next_poll_ = now + options_.interval;
            poll_mentions(false);
        }
        break;
    }
    send_due_replies();
    const auto after = steady::now();
    if (!health_.open(network_, after)) {
        return until_next_turn();
    }
    return std::min(options_.reply_check,
                    std::max(std::chrono::milliseconds(1),
                             std::chrono::ceil<std::chrono::milliseconds>(next_poll_ - after)));
}

void poller::note(const app::attempt_result& result, bool probe, std::string_view doing) {
    const auto change = health_.record(network_, result, probe, steady::now());
    if (change == app::health_change::went_down) {
        log::warn("social network down: paused until a probe finds it back (replies wait, uncounted)",
                  {{"network", network_}, {"doing", doing}, {"error", result.error}});
    } else if (change == app::health_change::came_up) {
        log::info("social network is back", {{"network", network_}});
    }
}

bool poller::start_cursor(std::string& cursor) {
    const auto page = feed_.newest();
    note({outcome_of(page.result), std::nullopt, "", page.error, false}, false, "reading mentions");
    if (page.result != app::feed_page::status::ok || page.next_cursor.empty()) {
        return false;
    }
    const domain::instant now = clock_.now();
    app::run_and_wait(writes_, [&](app::unit_of_work& uow) {
        app::take_mentions(uow, network_, {}, page.next_cursor, policy_, now);
        return true;
    });
    log::info("social intake starts after the newest mention",
              {{"network", network_}, {"cursor", page.next_cursor}});
    cursor = page.next_cursor;
    return true;
}

void poller::poll_mentions(bool probe) {
    std::string cursor = reads_.social_cursor(network_).value_or("");
    if (cursor.empty() && options_.start_from_newest && !start_cursor(cursor)) {
        return;
    }
    for (int i = 0; i < options_.max_pages && !loop_.stopping(); ++i) {
        if (i > 0 && !health_.open(network_, steady::now())) {
            return;
        }
        if (!take_page(cursor, probe && i == 0)) {
            return;
        }
    }
}

bool poller::take_page(std::string& cursor, bool probe) {
    const auto page = feed_.mentions_after(cursor);
    // The reading allowance is the reads' own: a wait it asks for delays the next read, not the posts.
    note({outcome_of(page.result), std::nullopt, "", page.error, false}, probe, "reading mentions");
    if (page.retry_after) {
        next_poll_ = std::max(next_poll_, steady::now() + *page.retry_after);
    }
    if (page.result != app::feed_page::status::ok || page.next_cursor.empty() || page.next_cursor == cursor) {
        return false; // trouble (noted), or nothing newer
    }
    const domain::instant now = clock_.now();
    app::run_and_wait(writes_, [&](app::unit_of_work& uow) {
        app::take_mentions(uow, network_, page.items, page.next_cursor, policy_, now);
        return true;
    });
    cursor = page.next_cursor;
    return !page.retry_after; // the reading allowance is used up: the next read waits for its reset
}

void poller::send_due_replies() {
    const auto due = reads_.due_replies(network_, clock_.now(), options_.replies_per_round);
    for (const auto& r : due) {
        if (loop_.stopping() || !health_.open(network_, steady::now())) {
            return; // a pause stops the round at once; the rest wait in the outbox
        }
        app::attempt_result result;
        try {
            result = posting_.send(with_link(r));
        } catch (const std::exception& e) {
            result = {app::attempt_outcome::retry_later, std::nullopt, "", e.what(), false};
        }
        note(result, false, "posting");
        const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
        const domain::instant now = clock_.now();
        const auto policy = options_.retry;
        app::run_and_wait(writes_, [&](app::unit_of_work& uow) {
            app::record_reply_attempt(uow, r.id, result, policy, jitter, now);
            return true;
        });
    }
}

// The answer to a new intake item gets the token of its private page now, each attempt a new one whose hash
// is committed before the post goes (so the link works even if we never hear whether it landed); the stored
// reply keeps only the placeholder.
app::outgoing_notice poller::with_link(const app::reply_record& r) {
    auto n = outgoing(r);
    if (r.event != "social_intake" || n.body.find(app::intake_token_placeholder) == std::string::npos) {
        return n;
    }
    std::string token;
    const domain::instant now = clock_.now();
    app::run_and_wait(writes_, [&](app::unit_of_work& uow) {
        token = app::issue_intake_token(uow, r.mention_id, now);
        return true;
    });
    n.body = app::with_intake_token(std::move(n.body), token);
    return n;
}

void poller::sweep_horizons(steady::time_point now) {
    if (now < next_sweep_) {
        return;
    }
    next_sweep_ = now + options_.sweep;
    const domain::instant at = clock_.now();
    app::run_and_wait(writes_, [&](app::unit_of_work& uow) {
        app::give_up_replies_past_horizon(uow, network_, options_.retry, at);
        return true;
    });
}

} // namespace mend::social
