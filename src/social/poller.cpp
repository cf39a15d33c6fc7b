#include "social/poller.hpp"

#include "app/unit_of_work.hpp"
#include "log/log.hpp"
#include "social/social_listener.hpp"

#include <algorithm>

namespace mend::social {

namespace {

// Status ids are digits on Mastodon; anything else is left out of the JSON rather than escaped.
std::string reply_params(const std::string& in_reply_to) {
    if (in_reply_to.empty() ||
        in_reply_to.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-") !=
            std::string::npos) {
        return "{}";
    }
    return "{\"in_reply_to\":\"" + in_reply_to + "\"}";
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
    n.params = reply_params(r.in_reply_to);
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
    , loop_("social poller", options_.reply_check, [this] { return work_once(); }) {
    health_.watch(network_);
}

poller::~poller() {
    stop();
}

void poller::start() {
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
    switch (health_.take_turn(network_, now)) {
    case app::channel_health::turn::wait:
        return until_next_turn();
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

void poller::poll_mentions(bool probe) {
    std::string cursor = reads_.social_cursor(network_).value_or("");
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
    note({outcome_of(page.result), page.retry_after, "", page.error, false}, probe, "reading mentions");
    if (page.result != app::feed_page::status::ok || page.next_cursor.empty() || page.next_cursor == cursor) {
        return false; // trouble (noted), or nothing newer
    }
    const domain::instant now = clock_.now();
    app::run_and_wait(writes_, [&](app::unit_of_work& uow) {
        app::take_mentions(uow, network_, page.items, page.next_cursor, policy_, now);
        return true;
    });
    cursor = page.next_cursor;
    return !page.retry_after; // the server's rate limit is used up: the network rests (noted)
}

void poller::send_due_replies() {
    const auto due = reads_.due_replies(clock_.now(), options_.replies_per_round);
    for (const auto& r : due) {
        if (loop_.stopping() || !health_.open(network_, steady::now())) {
            return; // a pause stops the round at once; the rest wait in the outbox
        }
        app::attempt_result result;
        try {
            result = posting_.send(outgoing(r));
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
