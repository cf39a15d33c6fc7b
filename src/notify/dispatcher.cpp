#include "notify/dispatcher.hpp"

#include "log/log.hpp"
#include "notify/notice_listener.hpp"

#include <boost/asio/post.hpp>

namespace mend::notify {

namespace net = boost::asio;

namespace {

void log_change(const std::string& key, app::health_change change, const app::attempt_result& result) {
    if (change == app::health_change::went_down) {
        log::warn("channel down: paused until a probe finds it back (its notices wait, uncounted)",
                  {{"channel", key}, {"error", result.error}});
    } else if (change == app::health_change::came_up) {
        log::info("channel is back: its waiting notices go now", {{"channel", key}});
    }
}

app::attempt_result attempt(app::channel* ch, const app::outgoing_notice& out) {
    if (ch == nullptr) {
        return {app::attempt_outcome::permanent_failure, std::nullopt, "",
                "the " + out.channel + " channel is not configured in this install", false};
    }
    try {
        return ch->send(out);
    } catch (const std::exception& e) {
        return {app::attempt_outcome::retry_later, std::nullopt, "", e.what(), false};
    }
}

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
    // A notice older than this process may have been mid-send when the last one died; one that failed before
    // (an outage does not count as an attempt, but a timeout may have reached the provider) may have landed.
    out.maybe_sent_before = n.attempts > 0 || !n.last_error.empty() || n.created_at < started_at;
    return out;
}

} // namespace

dispatcher::dispatcher(app::notice_reads& reads, app::writer& writes, const app::clock& clock,
                       app::channel_health& health, const std::vector<app::channel*>& channels,
                       dispatcher_options options)
    : reads_(reads)
    , writes_(writes)
    , clock_(clock)
    , health_(health)
    , options_(std::move(options))
    , workers_(static_cast<std::size_t>(std::max(1, options_.workers)))
    , random_(std::random_device{}())
    , loop_(
          "notify dispatcher", options_.poll, [this] { return dispatch_due(); },
          [this] { return in_flight_.empty(); }) {
    if (options_.max_in_flight == 0) {
        options_.max_in_flight = 16 * static_cast<std::size_t>(std::max(1, options_.workers));
    }
    for (auto* ch : channels) {
        channel_state st;
        st.ch = ch;
        st.refilled = steady::now();
        channels_.emplace(std::string(ch->name()), st);
        health_.watch(ch->name());
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

void dispatcher::refill(steady::time_point now, std::vector<std::string>& closed,
                        std::chrono::milliseconds& wait) {
    for (auto& [name, st] : channels_) {
        const double rate = st.ch->limits().per_second;
        if (rate <= 0) {
            continue;
        }
        const double elapsed = std::chrono::duration<double>(now - st.refilled).count();
        st.tokens = std::min(std::max(1.0, rate), st.tokens + elapsed * rate);
        st.refilled = now;
        if (st.tokens < 1) {
            closed.push_back(name);
            wait = std::min(wait,
                            std::chrono::milliseconds(static_cast<long>(1000 * (1 - st.tokens) / rate) + 1));
        }
    }
}

void dispatcher::start_probes(steady::time_point now, std::size_t& room) {
    for (const auto& key : health_.probes_due(now)) {
        if (room == 0) {
            return;
        }
        auto n = reads_.due_notice_of(key, clock_.now());
        if (!n || in_flight_.contains(n->id)) {
            continue; // nothing to probe with yet: the channel stays down until something is due
        }
        channel_state* st = find(n->channel);
        if (st == nullptr || health_.take_turn(key, now) != app::channel_health::turn::probe) {
            continue;
        }
        --room;
        begin_attempt(std::move(*n), st->ch, key, true);
    }
}

bool dispatcher::try_begin(app::notice_record& n, steady::time_point now) {
    channel_state* st = find(n.channel);
    if (st == nullptr) {
        begin_attempt(std::move(n), nullptr, "", false);
        return true;
    }
    const bool limited = st->ch->limits().per_second > 0;
    if (limited && st->tokens < 1) {
        return false;
    }
    std::string key = app::health_key(n.channel, n.address, st->ch->addressed_by());
    const auto turn = health_.take_turn(key, now);
    if (turn == app::channel_health::turn::wait) {
        return false;
    }
    if (limited) {
        st->tokens -= 1;
    }
    begin_attempt(std::move(n), st->ch, std::move(key), turn == app::channel_health::turn::probe);
    return true;
}

std::chrono::milliseconds dispatcher::dispatch_due() {
    const auto now = steady::now();
    std::chrono::milliseconds wait = options_.poll;
    sweep_horizons(now);
    std::vector<std::string> closed = health_.closed_keys(now, wait);
    refill(now, closed, wait);
    if (in_flight_.size() >= options_.max_in_flight) {
        return options_.poll; // a finishing attempt wakes the loop
    }
    std::size_t room = options_.max_in_flight - in_flight_.size();
    start_probes(now, room);
    auto due = reads_.due_notices(clock_.now(), room + in_flight_.size(), closed);
    for (auto& n : due) {
        if (room == 0) {
            break;
        }
        if (!in_flight_.contains(n.id) && try_begin(n, now)) {
            --room;
        }
    }
    if (in_flight_.empty()) {
        const domain::instant at = clock_.now();
        if (const auto next = reads_.next_due(); next && *next > at) {
            wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(*next - at));
        }
    }
    return wait;
}

void dispatcher::begin_attempt(app::notice_record n, app::channel* ch, std::string key, bool probe) {
    in_flight_.insert(n.id);
    const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    net::post(workers_, [this, job = send_job{std::move(n), ch, std::move(key), probe, jitter}] {
        send_on_worker(job);
    });
}

void dispatcher::send_on_worker(const send_job& job) {
    const app::id_t id = job.notice.id;
    if (job.ch != nullptr && !job.probe && !health_.open(job.key, steady::now())) {
        // Its channel went down, or must rest, since this send was queued: it waits in the outbox instead.
        loop_.post([this, id] { finish_attempt(id); });
        return;
    }
    const app::attempt_result result = attempt(job.ch, outgoing(job.notice, started_at_));
    if (job.ch != nullptr) {
        log_change(job.key, health_.record(job.key, result, job.probe, steady::now()), result);
    }
    record(id, result, job.jitter);
}

void dispatcher::record(app::id_t id, const app::attempt_result& result, double jitter) {
    const app::retry_policy policy = options_.retry; // by value: the writer may run this unit after stop()
    const domain::instant at = clock_.now();
    auto finished = [this, id](const std::exception_ptr& failure) {
        if (failure) {
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& e) {
                // Not recorded: the notice is still pending and will be sent again (at least once).
                log::error("cannot record a notice's attempt", {{"notice", id}, {"error", e.what()}});
            }
        }
        loop_.post([this, id] { finish_attempt(id); });
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
}

void dispatcher::finish_attempt(app::id_t id) {
    in_flight_.erase(id);
    if (in_flight_.size() <= options_.max_in_flight / 2 || loop_.stopping()) {
        loop_.wake();
    }
}

void dispatcher::sweep_horizons(steady::time_point now) {
    if (now < next_sweep_) {
        return;
    }
    next_sweep_ = now + options_.sweep;
    std::vector<std::string> names;
    for (const auto& [name, st] : channels_) {
        names.push_back(name);
    }
    // By value: the writer may run this unit after the dispatcher has stopped.
    auto unit = [names = std::move(names), policy = options_.retry,
                 at = clock_.now()](app::unit_of_work& uow) {
        app::give_up_past_horizon(uow, names, policy, at);
        return true;
    };
    try {
        writes_.submit(std::move(unit), [](const std::exception_ptr& failure) {
            if (failure) {
                try {
                    std::rethrow_exception(failure);
                } catch (const std::exception& e) {
                    log::error("cannot give up on notices past their horizon", {{"error", e.what()}});
                }
            }
        });
    } catch (const std::exception& e) {
        log::error("cannot give up on notices past their horizon", {{"error", e.what()}});
    }
}

} // namespace mend::notify
