#include "social/poller.hpp"

#include "app/unit_of_work.hpp"
#include "log/log.hpp"
#include "social/social_listener.hpp"

namespace mend::social {

using steady = std::chrono::steady_clock; // pauses and rate limits; app::clock says when work is due

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
    n.maybe_sent_before = r.attempts > 0;
    return n;
}

} // namespace

poller::poller(app::mention_feed& feed, app::channel& posting, app::social_reads& reads, app::writer& writes,
               const app::social_policy& policy, const app::clock& clock, poller_options options)
    : feed_(feed)
    , posting_(posting)
    , reads_(reads)
    , writes_(writes)
    , policy_(policy)
    , clock_(clock)
    , options_(options)
    , random_(std::random_device{}())
    , loop_("social poller", options.reply_check, [this] { return work_once(); }) {}

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

std::chrono::milliseconds poller::work_once() {
    auto now = steady::now();
    if (paused_until_ > now) {
        return std::chrono::ceil<std::chrono::milliseconds>(paused_until_ - now);
    }
    if (now >= next_poll_) {
        next_poll_ = now + options_.interval;
        poll_mentions();
    }
    send_due_replies();
    now = steady::now();
    if (paused_until_ > now) {
        return std::chrono::ceil<std::chrono::milliseconds>(paused_until_ - now);
    }
    return std::min(options_.reply_check,
                    std::max(std::chrono::milliseconds(1),
                             std::chrono::ceil<std::chrono::milliseconds>(next_poll_ - now)));
}

void poller::pause_for(std::chrono::milliseconds wait, const std::string& why) {
    paused_until_ = std::max(paused_until_, steady::now() + wait);
    if (why != last_problem_) {
        log::warn("social network paused",
                  {{"network", feed_.network()}, {"seconds", (wait.count() + 999) / 1000}, {"error", why}});
        last_problem_ = why;
    }
}

void poller::poll_mentions() {
    const std::string network(feed_.network());
    std::string cursor = reads_.social_cursor(network).value_or("");
    for (int i = 0; i < options_.max_pages && !loop_.stopping(); ++i) {
        const auto page = feed_.mentions_after(cursor);
        if (page.result == app::feed_page::status::configuration_failure) {
            pause_for(std::max(options_.retry.configuration_pause,
                               page.retry_after.value_or(std::chrono::milliseconds(0))),
                      "reading mentions: " + page.error);
            return;
        }
        if (page.result == app::feed_page::status::retry_later) {
            pause_for(page.retry_after.value_or(options_.reply_check), "reading mentions: " + page.error);
            return;
        }
        last_problem_.clear();
        if (page.next_cursor.empty() || page.next_cursor == cursor) {
            return; // nothing newer
        }
        const domain::instant now = clock_.now();
        app::run_and_wait(writes_, [&](app::unit_of_work& uow) {
            app::take_mentions(uow, network, page.items, page.next_cursor, policy_, now);
            return true;
        });
        cursor = page.next_cursor;
        if (page.retry_after) {
            pause_for(*page.retry_after, "the server's rate limit is used up");
            return;
        }
    }
}

void poller::send_due_replies() {
    const auto due = reads_.due_replies(clock_.now(), options_.replies_per_round);
    for (const auto& r : due) {
        if (loop_.stopping() || paused_until_ > steady::now()) {
            return;
        }
        app::attempt_result result;
        try {
            result = posting_.send(outgoing(r));
        } catch (const std::exception& e) {
            result = {app::attempt_outcome::retry_later, std::nullopt, "", e.what(), false};
        }
        const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
        const domain::instant now = clock_.now();
        const auto policy = options_.retry;
        app::run_and_wait(writes_, [&](app::unit_of_work& uow) {
            app::record_reply_attempt(uow, r.id, result, policy, jitter, now);
            return true;
        });
        if (result.outcome == app::attempt_outcome::configuration_failure) {
            pause_for(std::max(policy.configuration_pause,
                               result.retry_after.value_or(std::chrono::milliseconds(0))),
                      "posting: " + result.error);
        } else if (result.retry_after) {
            pause_for(*result.retry_after,
                      result.error.empty() ? "the server's rate limit is used up" : result.error);
        }
    }
}

} // namespace mend::social
