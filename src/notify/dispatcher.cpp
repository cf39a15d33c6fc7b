#include "notify/dispatcher.hpp"

#include "log/log.hpp"
#include "notify/notice_listener.hpp"

#include <boost/asio/post.hpp>

namespace mend::notify {

namespace net = boost::asio;
using steady = std::chrono::steady_clock; // pauses and rate limits; app::clock says when work is due

namespace {

app::outgoing_notice outgoing(const app::notice_record& n, domain::instant started_at) {
    app::outgoing_notice out;
    out.id = n.id;
    out.channel = n.channel;
    out.event = n.event;
    out.reference = n.reference;
    out.idempotency_key = app::notice_key(n.reference, n.id, n.channel);
    out.address = n.address;
    out.recipient_name = n.recipient_name;
    out.subject = n.subject;
    out.body = n.body;
    out.params = n.params;
    out.attempt = n.attempts + 1;
    out.last_provider_id = n.provider_id;
    // A notice older than this process may have been mid-send when the last one died.
    out.maybe_sent_before = n.attempts > 0 || n.created_at < started_at;
    return out;
}

} // namespace

dispatcher::dispatcher(app::notice_reads& reads, app::writer& writes, const app::clock& clock,
                       std::vector<app::channel*> channels, dispatcher_options options)
    : reads_(reads)
    , writes_(writes)
    , clock_(clock)
    , options_(options)
    , workers_(static_cast<std::size_t>(std::max(1, options.workers)))
    , random_(std::random_device{}())
    , loop_(
          "notify dispatcher", options.poll, [this] { return dispatch_due(); },
          [this] { return in_flight_.empty(); }) {
    if (options_.max_in_flight == 0) {
        options_.max_in_flight = 16 * static_cast<std::size_t>(std::max(1, options_.workers));
    }
    for (auto* ch : channels) {
        channel_state st;
        st.ch = ch;
        st.refilled = steady::now();
        channels_.emplace(std::string(ch->name()), st);
    }
}

dispatcher::~dispatcher() {
    stop();
}

void dispatcher::start() {
    started_at_ = clock_.now();
    loop_.start();
}

void dispatcher::wake() {
    loop_.wake();
}

void dispatcher::stop() {
    loop_.stop();
    workers_.join();
}

dispatcher::channel_state* dispatcher::find(const std::string& name) {
    auto it = channels_.find(name);
    return it == channels_.end() ? nullptr : &it->second;
}

std::vector<std::string> dispatcher::resting_channels(steady::time_point now,
                                                      std::chrono::milliseconds& wait) {
    std::vector<std::string> skip;
    for (auto& [name, st] : channels_) {
        const double rate = st.ch->limits().per_second;
        if (rate > 0) {
            const double elapsed = std::chrono::duration<double>(now - st.refilled).count();
            st.tokens = std::min(std::max(1.0, rate), st.tokens + elapsed * rate);
        }
        st.refilled = now;
        if (st.paused_until > now) {
            skip.push_back(name);
            wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(st.paused_until - now));
        } else if (rate > 0 && st.tokens < 1) {
            skip.push_back(name);
            wait = std::min(wait,
                            std::chrono::milliseconds(static_cast<long>(1000 * (1 - st.tokens) / rate) + 1));
        }
    }
    return skip;
}

bool dispatcher::take_turn(const app::notice_record& n, channel_state* st, steady::time_point now) {
    if (st != nullptr && st->ch->addressed_by() == app::address_kind::url) {
        const auto paused = paused_addresses_.find(n.channel + " " + n.address);
        if (paused != paused_addresses_.end()) {
            if (paused->second > now) {
                return false;
            }
            paused_addresses_.erase(paused);
        }
    }
    if (st != nullptr && st->ch->limits().per_second > 0) {
        if (st->tokens < 1) {
            return false;
        }
        st->tokens -= 1;
    }
    return true;
}

std::chrono::milliseconds dispatcher::dispatch_due() {
    const auto now = steady::now();
    std::chrono::milliseconds wait = options_.poll;
    const std::vector<std::string> skip = resting_channels(now, wait);
    if (in_flight_.size() >= options_.max_in_flight) {
        return options_.poll; // a finishing attempt wakes the loop
    }
    const std::size_t room = options_.max_in_flight - in_flight_.size();
    const auto due = reads_.due_notices(clock_.now(), room + in_flight_.size(), skip);
    std::size_t started = 0;
    for (auto& n : due) {
        if (started == room) {
            break;
        }
        if (in_flight_.contains(n.id)) {
            continue;
        }
        channel_state* st = find(n.channel);
        if (!take_turn(n, st, now)) {
            continue;
        }
        in_flight_.insert(n.id);
        ++started;
        begin_attempt(std::move(n), st == nullptr ? nullptr : st->ch);
    }
    if (started == 0 && in_flight_.empty()) {
        if (const auto next = reads_.next_due()) {
            wait = std::min(wait, std::max(std::chrono::milliseconds(1), *next - clock_.now()));
        }
    }
    return wait;
}

void dispatcher::begin_attempt(app::notice_record n, app::channel* ch) {
    const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    std::string pause_key = ch != nullptr && ch->addressed_by() == app::address_kind::url
                                ? n.channel + " " + n.address
                                : n.channel;
    net::post(workers_, [this, n = std::move(n), ch, jitter, pause_key = std::move(pause_key)]() mutable {
        app::attempt_result result;
        if (ch == nullptr) {
            result = {app::attempt_outcome::permanent_failure, std::nullopt, "",
                      "the " + n.channel + " channel is not configured in this install", false};
        } else {
            try {
                result = ch->send(outgoing(n, started_at_));
            } catch (const std::exception& e) {
                result = {app::attempt_outcome::retry_later, std::nullopt, "", e.what(), false};
            }
        }
        const app::id_t id = n.id;
        const auto policy = options_.retry;
        const domain::instant at = clock_.now();
        auto finished = [this, id, pause_key, result](std::exception_ptr failure) {
            if (failure) {
                try {
                    std::rethrow_exception(failure);
                } catch (const std::exception& e) {
                    // Not recorded: the notice is still pending and will be sent again (at least once).
                    log::error("cannot record a notice's attempt", {{"notice", id}, {"error", e.what()}});
                }
            }
            loop_.post([this, id, pause_key, result] { finish_attempt(id, pause_key, result); });
        };
        try {
            writes_.submit(
                [id, result, policy, jitter, at](app::unit_of_work& uow) {
                    app::record_attempt(uow, id, result, policy, jitter, at);
                    return true;
                },
                finished);
        } catch (...) {
            finished(std::current_exception());
        }
    });
}

void dispatcher::finish_attempt(app::id_t id, std::string pause_key, app::attempt_result result) {
    in_flight_.erase(id);
    const auto now = steady::now();
    if (result.outcome == app::attempt_outcome::configuration_failure) {
        if (auto* st = find(pause_key)) {
            const auto pause = std::max(options_.retry.configuration_pause,
                                        result.retry_after.value_or(std::chrono::milliseconds(0)));
            if (st->paused_until <= now) {
                log::warn(
                    "channel paused",
                    {{"channel", pause_key}, {"seconds", pause.count() / 1000}, {"error", result.error}});
            }
            st->paused_until = now + pause;
        }
    } else if (result.retry_after) {
        // The provider asked everyone to wait, not only this notice.
        if (auto* st = find(pause_key)) {
            st->paused_until = std::max(st->paused_until, now + *result.retry_after);
        } else {
            auto& until = paused_addresses_[pause_key];
            until = std::max(until, now + *result.retry_after);
        }
    }
    if (in_flight_.size() <= options_.max_in_flight / 2 || loop_.stopping()) {
        loop_.wake();
    }
}

} // namespace mend::notify
