// What each attempt, delivery receipt and officer's retry does to a notice and to the rest of its chain.
#include "app/notices/notices.hpp"
#include "domain/workflow.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace mend::app {

namespace {

namespace chr = std::chrono;

problem no_notice() {
    return {errc::not_found, "no such notice", "", {}};
}

std::optional<std::int64_t> param_int(std::string_view params, std::string_view key) {
    // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string&&.
    std::string quoted(1, '"');
    quoted.append(key).append("\":");
    const auto at = params.find(quoted);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const char* first = params.data() + at + quoted.size();
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(first, params.data() + params.size(), value);
    if (ec != std::errc{}) {
        return std::nullopt;
    }
    return value;
}

// Moves a chain on after its notice `n` failed for good: the next waiting channel becomes due now. When
// that is the letter (or nothing is left), officers are told that the tenant cannot be reached.
void fall_back(notice_store& store, const notice_record& n, domain::instant now) {
    // A follower (app/followers.hpp) who cannot be reached is no tenant of the job the officers must reach.
    const bool tenant = n.to == audience::tenant && !param_int(n.params, "follower_id");
    for (auto next : store.chain_of(n.chain)) {
        if (next.chain_pos <= n.chain_pos || next.state != notice_state::standby) {
            continue;
        }
        next.state = notice_state::pending;
        next.next_attempt_at = now;
        next.trying_since = now;
        next.updated_at = now;
        store.update_notice(next);
        if (next.channel == "letter" && tenant) {
            store.raise_alert({n.job_id, "cannot_reach_tenant",
                               "every channel failed for \"" + n.event + "\"; a letter is queued", now});
        }
        return;
    }
    if (tenant) {
        store.raise_alert(
            {n.job_id, "cannot_reach_tenant", "every channel failed for \"" + n.event + "\"", now});
    }
}

void skip_rest(notice_store& store, const notice_record& n, domain::instant now) {
    store.skip_standby_after(n.chain, n.chain_pos, now);
}

// The end on this channel, `state` failed (this address will never work) or dead (gave up): the chain moves
// on.
void move_on(notice_store& store, notice_record& n, notice_state state, domain::instant now) {
    n.state = state;
    n.next_attempt_at.reset();
    store.update_notice(n);
    fall_back(store, n, now);
}

// After a failure for now: due again (after a backoff, or after the channel's first probe), or dead (and the
// chain moves on).
void retry_or_give_up(notice_store& store, notice_record& n, const attempt_result& result,
                      const retry_policy& policy, double jitter, domain::instant now) {
    const auto next = next_try(result, n.attempts, deadline_of(n, policy), policy, jitter, now);
    if (!next) {
        move_on(store, n, notice_state::dead, now);
        return;
    }
    n.state = notice_state::pending;
    n.next_attempt_at = *next;
    store.update_notice(n);
}

std::string hours_of(chr::milliseconds span) {
    const auto hours = chr::duration_cast<chr::hours>(span).count();
    if (chr::hours(hours) == span) {
        return std::to_string(hours) + (hours == 1 ? " hour" : " hours");
    }
    return std::to_string(chr::duration_cast<chr::minutes>(span).count()) + " minutes";
}

// A delivery skips the chain's later channels.
void deliver(notice_store& store, notice_record& n, domain::instant now) {
    n.state = notice_state::delivered;
    n.next_attempt_at.reset();
    n.last_error.clear();
    store.update_notice(n);
    skip_rest(store, n, now);
}

// Moves a pending notice on by what one attempt of it did.
void apply_outcome(notice_store& store, notice_record& n, const attempt_result& result,
                   const retry_policy& policy, double jitter, domain::instant now) {
    switch (result.outcome) {
    case attempt_outcome::delivered:
        ++n.attempts;
        deliver(store, n, now);
        break;
    case attempt_outcome::accepted:
        ++n.attempts;
        n.state = notice_state::sent;
        n.next_attempt_at.reset();
        n.last_error.clear();
        store.update_notice(n);
        break;
    case attempt_outcome::retry_later:
        ++n.attempts;
        retry_or_give_up(store, n, result, policy, jitter, now);
        break;
    case attempt_outcome::permanent_failure:
        ++n.attempts;
        move_on(store, n, notice_state::failed, now);
        break;
    case attempt_outcome::configuration_failure:
    case attempt_outcome::unavailable:
        // The channel's trouble, not the recipient's: it does not count towards the limit.
        retry_or_give_up(store, n, result, policy, jitter, now);
        break;
    }
}

// The notice a receipt is about: by the provider's id, else by our idempotency key given as its reference.
std::optional<notice_record> receipt_notice(notice_store& store, std::string_view provider_id,
                                            std::string_view reference_key) {
    std::optional<notice_record> n;
    if (!provider_id.empty()) {
        n = store.notice_by_provider_id(provider_id);
    }
    if (!n && !reference_key.empty()) {
        if (auto id = notice_id_of_key(reference_key)) {
            n = store.notice_by_id(*id);
            if (n && notice_key(n->reference, n->id, n->channel) != reference_key) {
                n.reset();
            }
        }
    }
    return n;
}

std::string_view receipt_name(receipt_status status) {
    switch (status) {
    case receipt_status::delivered:
        return "delivered";
    case receipt_status::permanent_failure:
        return "permanent_failure";
    case receipt_status::temporary_failure:
        return "temporary_failure";
    case receipt_status::in_progress:
        break;
    }
    return "in_progress";
}

} // namespace

chr::milliseconds retry_policy::horizon_of(std::string_view channel) const {
    const auto it = horizons.find(channel);
    return it == horizons.end() ? horizon : it->second;
}

std::optional<domain::instant> next_try(const attempt_result& result, int attempts, domain::instant deadline,
                                        const retry_policy& policy, double jitter, domain::instant now) {
    if (now >= deadline) {
        return std::nullopt;
    }
    chr::milliseconds delay = policy.probe_interval;
    if (!is_channel_trouble(result.outcome)) {
        if (attempts >= policy.max_attempts) {
            return std::nullopt;
        }
        delay = backoff_delay(attempts, policy, jitter);
    }
    delay = std::max(delay, result.retry_after.value_or(chr::milliseconds(0)));
    return std::min(now + delay, deadline);
}

domain::instant deadline_of(const notice_record& n, const retry_policy& policy) {
    return n.trying_since.value_or(n.created_at) + policy.horizon_of(n.channel);
}

std::size_t give_up_past_horizon(unit_of_work& uow, const std::vector<std::string>& channels,
                                 const retry_policy& policy, domain::instant now, std::size_t limit) {
    auto& store = uow.notices();
    std::size_t given_up = 0;
    for (const auto& channel : channels) {
        const auto horizon = policy.horizon_of(channel);
        for (const id_t id : store.trying_since_before(channel, now - horizon, limit - given_up)) {
            auto n = store.notice_by_id(id);
            if (!n || n->state != notice_state::pending || now < deadline_of(*n, policy)) {
                continue;
            }
            const std::string why = "not delivered within " + hours_of(horizon) + " (the retry horizon)";
            n->last_error = n->last_error.empty() ? why : why + "; last: " + n->last_error;
            n->updated_at = now;
            move_on(store, *n, notice_state::dead, now);
            store.insert_attempt({0, id, now, channel, "gave_up", "", why, std::nullopt});
            ++given_up;
        }
    }
    return given_up;
}

chr::milliseconds backoff_delay(int attempt, const retry_policy& policy, double jitter) {
    const int doublings = std::clamp(attempt - 1, 0, 40);
    const double window = std::min(static_cast<double>(policy.cap.count()),
                                   static_cast<double>(policy.base.count()) * std::ldexp(1.0, doublings));
    return chr::milliseconds{static_cast<chr::milliseconds::rep>(std::clamp(jitter, 0.0, 1.0) * window)};
}

notice_state record_attempt(unit_of_work& uow, id_t notice_id, const attempt_result& result,
                            const retry_policy& policy, double jitter, domain::instant now) {
    auto& store = uow.notices();
    auto n = store.notice_by_id(notice_id);
    if (!n) {
        throw std::logic_error("no notice has id " + std::to_string(notice_id));
    }
    attempt_record a{0,
                     n->id,
                     now,
                     n->channel,
                     std::string(to_string(result.outcome)),
                     result.provider_id,
                     result.error,
                     std::nullopt};
    if (n->state != notice_state::pending) {
        // An officer or a receipt moved it on while this attempt ran; the attempt is history all the same.
        store.insert_attempt(a);
        return n->state;
    }
    n->updated_at = now;
    if (!result.provider_id.empty()) {
        n->provider_id = result.provider_id;
    }
    n->last_error = result.error;
    if (result.address_gone && n->to != audience::tenant) {
        if (auto endpoint = param_int(n->params, "endpoint_id")) {
            store.disable_webhook_endpoint(*endpoint, result.error, now);
        }
    }
    apply_outcome(store, *n, result, policy, jitter, now);
    a.retry_at = n->state == notice_state::pending ? n->next_attempt_at : std::nullopt;
    store.insert_attempt(a);
    return n->state;
}

outcome<notice_state> apply_receipt(unit_of_work& uow, std::string_view provider_id,
                                    std::string_view reference_key, receipt_status status,
                                    const std::string& detail, const retry_policy& policy, double jitter,
                                    domain::instant now) {
    auto& store = uow.notices();
    auto n = receipt_notice(store, provider_id, reference_key);
    if (!n) {
        return no_notice();
    }
    store.insert_attempt({0, n->id, now, n->channel, "receipt:" + std::string(receipt_name(status)),
                          std::string(provider_id), detail, std::nullopt});
    const bool open = n->state == notice_state::sent || n->state == notice_state::pending;
    if (!open) {
        return n->state; // a late or repeated receipt changes nothing
    }
    n->updated_at = now;
    if (!provider_id.empty()) {
        n->provider_id = std::string(provider_id);
    }
    switch (status) {
    case receipt_status::delivered:
        deliver(store, *n, now);
        break;
    case receipt_status::permanent_failure:
        n->last_error = detail;
        move_on(store, *n, notice_state::failed, now);
        break;
    case receipt_status::temporary_failure: {
        // The provider's word about this notice: it counts, as the attempt it answers did.
        n->last_error = detail;
        const attempt_result answer{attempt_outcome::retry_later, std::nullopt, "", detail, false};
        retry_or_give_up(store, *n, answer, policy, jitter, now);
        break;
    }
    case receipt_status::in_progress:
        break;
    }
    return n->state;
}

outcome<notice_record> retry_notice(unit_of_work& uow, const domain::actor& who, id_t notice_id,
                                    domain::instant now) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers retry notices", "", {}};
    }
    auto& store = uow.notices();
    auto n = store.notice_by_id(notice_id);
    if (!n) {
        return no_notice();
    }
    if (n->state == notice_state::delivered || n->state == notice_state::sent) {
        return problem{errc::invalid_transition,
                       "the notice is " + std::string(to_string(n->state)) +
                           "; only a notice that is "
                           "pending, waiting, failed or "
                           "dead can be retried",
                       "",
                       {}};
    }
    n->state = notice_state::pending;
    n->attempts = 0;
    n->next_attempt_at = now;
    n->trying_since = now;
    n->updated_at = now;
    store.update_notice(*n);
    store.insert_attempt({0, n->id, now, n->channel, "retry_requested", "", "by " + who.name, now});
    return *n;
}

outcome<notice_record> mark_letter_posted(unit_of_work& uow, const domain::actor& who, id_t notice_id,
                                          domain::instant now) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers handle the print queue", "", {}};
    }
    auto& store = uow.notices();
    auto n = store.notice_by_id(notice_id);
    if (!n || n->channel != "letter") {
        return problem{errc::not_found, "no such letter", "", {}};
    }
    if (n->state != notice_state::sent) {
        return problem{errc::invalid_transition,
                       "the letter is " + std::string(to_string(n->state)) +
                           "; only a queued letter can be "
                           "marked as posted",
                       "",
                       {}};
    }
    n->state = notice_state::delivered;
    n->updated_at = now;
    store.update_notice(*n);
    store.insert_attempt({0, n->id, now, n->channel, "posted", "", "by " + who.name, std::nullopt});
    skip_rest(store, *n, now);
    return *n;
}

} // namespace mend::app
