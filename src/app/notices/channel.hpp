// The port every notifier channel implements (file, email, sms, webhook, letter, mastodon, ...).
//
// A channel is one adapter in its own folder under src/notify/, registered once in src/notify/registry.cpp.
// The dispatcher (src/notify/dispatcher.*) owns the retry policy; a channel only makes one attempt and says
// how it went. It never sees the database: the notice it gets carries everything rendered at enqueue time.
#pragma once

#include "domain/job.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mend::app {

// How a channel measures the length of a message body.
enum class length_unit {
    bytes,      // UTF-8 bytes (email, webhook bodies)
    characters, // Unicode code points (SMS as Notify counts it, Mastodon statuses)
};

// What a channel sends to, so the outbox can take the address from a person's contact details.
enum class address_kind {
    none,   // needs no address (the file channel writes to a directory)
    email,  // contact.email
    phone,  // contact.phone
    handle, // contact.handle (social media)
    postal, // the home's address (letters)
    url,    // a webhook endpoint of a firm or an integration, not a person
};

struct channel_limits {
    std::size_t max_length = 0; // of the rendered body; 0 means no limit
    length_unit counted = length_unit::characters;
    double per_second = 0;   // sustained sends per second from this process; 0 means no limit of our own
    bool idempotent = false; // a repeated send with the same idempotency key reaches the recipient once
};

// What one notice looks like to the channel that sends it.
struct outgoing_notice {
    domain::id_t id = 0;
    std::string channel;
    std::string event;           // the template's event name, e.g. "completed"
    std::string reference;       // of the repair job; every rendered text contains it
    std::string idempotency_key; // derived from the notice (never random per attempt); see notice_key()
    std::string address;         // email address, phone number, URL, handle, postal address, ...
    std::string recipient_name;
    std::string subject; // may be empty for channels without one
    std::string body;    // rendered at enqueue time and already fitted to the channel's limit
    std::string params;  // channel-specific JSON object text, e.g. {"in_reply_to":"1093"}; "{}" if none
    int attempt = 1;     // 1 for the first try; later tries may first look up whether an earlier one landed
    std::string last_provider_id; // from an earlier attempt, if the provider gave one
    // An earlier attempt may have reached the provider without its result being recorded (a timeout, or a
    // crash mid-send). A channel that can look a message up by its key does so before sending again.
    bool maybe_sent_before = false;
};

enum class attempt_outcome {
    delivered,             // final: the recipient has it (or it is in their system)
    accepted,              // the provider took it; a final status may come later (a receipt)
    retry_later,           // an answer about this notice that may change: try again after a backoff
    permanent_failure,     // this address will never work: use the recipient's next channel
    configuration_failure, // our side is wrong (credentials, TLS, template id): pause the whole channel
    unavailable,           // the provider is down (refused, timed out, DNS, TLS handshake, 5xx): pause it
};

// The channel's trouble rather than an answer about the notice: the attempt does not count, and the channel
// (or the webhook endpoint) pauses until a probe finds it well again.
constexpr bool is_channel_trouble(attempt_outcome o) {
    return o == attempt_outcome::configuration_failure || o == attempt_outcome::unavailable;
}

struct attempt_result {
    attempt_outcome outcome = attempt_outcome::retry_later;
    std::optional<std::chrono::milliseconds> retry_after; // a floor from Retry-After or rate-limit headers
    std::string provider_id;   // the provider's id for the message, when it gave one
    std::string error;         // what went wrong, in words an officer can act on
    bool address_gone = false; // the address itself is gone (a webhook answering 410): stop using it
};

class channel {
public:
    virtual ~channel() = default;
    virtual std::string_view name() const = 0;
    virtual channel_limits limits() const = 0;
    virtual address_kind addressed_by() const = 0;
    // Blocking. Runs on a dispatcher worker thread, possibly on several at once, so implementations are
    // thread-safe. Expected failures are results; an exception counts as retry_later with its message.
    virtual attempt_result send(const outgoing_notice& n) = 0;
};

std::string_view to_string(attempt_outcome o);

// The idempotency key of a notice, e.g. "K7QD-9XPT.n42.sms": the same on every attempt and after a restart,
// and unique across channels, so a provider that deduplicates by key delivers a notice once.
std::string notice_key(std::string_view reference, domain::id_t notice_id, std::string_view channel);

// The notice id inside a key made by notice_key (for receipts that quote the key back).
std::optional<domain::id_t> notice_id_of_key(std::string_view key);

} // namespace mend::app
