#include "notify/govuk/notify_channel.hpp"

#include "domain/text.hpp"
#include "notify/crypto.hpp"

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <stdexcept>

namespace mend::notify {

namespace json = boost::json;
using app::attempt_outcome;

namespace {

constexpr std::size_t uuid_length = 36;

std::string first_error(const std::string& body) {
    boost::system::error_code ec;
    const auto v = json::parse(body, ec);
    if (ec || !v.is_object()) {
        return std::string(domain::cut_utf8(body, 200));
    }
    const auto* errors = v.as_object().if_contains("errors");
    if (errors == nullptr || !errors->is_array() || errors->as_array().empty()) {
        return std::string(domain::cut_utf8(body, 200));
    }
    const auto& e = errors->as_array().front();
    if (!e.is_object()) {
        return std::string(domain::cut_utf8(body, 200));
    }
    std::string out;
    if (const auto* kind = e.as_object().if_contains("error"); kind != nullptr && kind->is_string()) {
        out += std::string(kind->as_string()) + ": ";
    }
    if (const auto* message = e.as_object().if_contains("message");
        message != nullptr && message->is_string()) {
        out += std::string(message->as_string());
    }
    return out;
}

std::string id_of(const std::string& body) {
    boost::system::error_code ec;
    const auto v = json::parse(body, ec);
    if (!ec && v.is_object()) {
        if (const auto* value = v.as_object().if_contains("id"); value != nullptr && value->is_string()) {
            return std::string(value->as_string());
        }
    }
    return {};
}

// What Notify's answer to a POST says: `wait` is what its headers ask for.
app::attempt_result attempt_of(const http_reply& reply, std::optional<std::chrono::milliseconds> wait) {
    if (reply.status == 0) {
        return {attempt_outcome::unavailable, wait, "", reply.transport_error, false};
    }
    if (reply.status == 201 || reply.status == 200) {
        return {attempt_outcome::accepted, wait, id_of(reply.body), "", false};
    }
    const std::string error = "HTTP " + std::to_string(reply.status) + ": " + first_error(reply.body);
    if (reply.status == 403 || reply.status == 401) {
        return {attempt_outcome::configuration_failure, std::nullopt, "", error, false};
    }
    if (is_outage(reply)) {
        return {attempt_outcome::unavailable, wait, "", error, false};
    }
    if (reply.status == 429) {
        return {attempt_outcome::retry_later, wait, "", error, false};
    }
    if (reply.status == 400 &&
        (error.find("template") != std::string::npos || error.find("team-only") != std::string::npos ||
         error.find("trial mode") != std::string::npos)) {
        // Our template id, or a key that may not send to this recipient: no recipient is at fault.
        return {attempt_outcome::configuration_failure, std::nullopt, "", error, false};
    }
    return {attempt_outcome::permanent_failure, std::nullopt, "", error, false};
}

} // namespace

std::optional<notify_key> parse_notify_key(std::string_view api_key) {
    // name-service-secret: the two UUIDs are fixed-length, the name may itself contain dashes.
    if (api_key.size() < 2 * uuid_length + 2) {
        return std::nullopt;
    }
    const auto secret = api_key.substr(api_key.size() - uuid_length);
    const auto service = api_key.substr(api_key.size() - 2 * uuid_length - 1, uuid_length);
    if (api_key[api_key.size() - uuid_length - 1] != '-') {
        return std::nullopt;
    }
    for (auto part : {secret, service}) {
        for (std::size_t i = 0; i < part.size(); ++i) {
            const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? part[i] != '-' : std::isxdigit(static_cast<unsigned char>(part[i])) == 0) {
                return std::nullopt;
            }
        }
    }
    return notify_key{std::string(service), std::string(secret)};
}

std::string notify_jwt(const notify_key& key, std::int64_t issued_at) {
    const std::string header = base64url(R"({"typ":"JWT","alg":"HS256"})");
    const std::string payload =
        base64url(json::serialize(json::object{{"iss", key.service_id}, {"iat", issued_at}}));
    const std::string signing_input = header + "." + payload;
    return signing_input + "." + base64url(hmac_sha256(key.secret, signing_input));
}

notify_client::notify_client(govuk_notify_settings s, const app::clock& clock)
    : settings_(std::move(s))
    , clock_(clock)
    , http_(settings_.timeout_ms, "") {
    auto key = parse_notify_key(settings_.api_key);
    if (!key) {
        throw std::runtime_error("notify.notify.api_key must be a GOV.UK Notify API key: "
                                 "{key_name}-{service_id}-{secret_key}");
    }
    key_ = std::move(*key);
    while (!settings_.base_url.empty() && settings_.base_url.back() == '/') {
        settings_.base_url.pop_back();
    }
}

std::vector<std::string> notify_client::headers() const {
    return {"Content-Type: application/json",
            "Authorization: Bearer " + notify_jwt(key_, domain::to_unix(clock_.now())),
            "User-Agent: mend/" MEND_VERSION};
}

std::optional<app::attempt_result> notify_client::look_up(const app::outgoing_notice& n) {
    const std::string url = settings_.base_url + "/v2/notifications?reference=" +
                            boost::urls::encode(n.idempotency_key, boost::urls::unreserved_chars);
    const auto reply = http_.request("GET", url, headers(), "");
    if (reply.status != 200) {
        return std::nullopt; // cannot tell: sending again is the at-least-once choice
    }
    boost::system::error_code ec;
    const auto v = json::parse(reply.body, ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    const auto* list = v.as_object().if_contains("notifications");
    if (list == nullptr || !list->is_array() || list->as_array().empty()) {
        return std::nullopt;
    }
    // Notify lists the newest first: that is the one our last attempt made.
    const auto& found = list->as_array().front();
    if (!found.is_object()) {
        return std::nullopt;
    }
    const auto text = [&found](const char* key) {
        const auto* value = found.as_object().if_contains(key);
        return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
    };
    const std::string id = text("id");
    const std::string status = text("status");
    if (status == "temporary-failure" || status == "technical-failure") {
        return std::nullopt; // it landed but did not get through: send it again
    }
    if (status == "permanent-failure") {
        return app::attempt_result{attempt_outcome::permanent_failure, std::nullopt, id,
                                   "Notify: permanent-failure (found by reference)", false};
    }
    if (status == "delivered") {
        return app::attempt_result{attempt_outcome::delivered, std::nullopt, id, "", false};
    }
    return app::attempt_result{attempt_outcome::accepted, std::nullopt, id,
                               "found by reference after an unclear attempt", false};
}

app::attempt_result notify_client::send(std::string_view kind, const app::outgoing_notice& n) {
    if (n.maybe_sent_before) {
        if (auto earlier = look_up(n)) {
            return *earlier;
        }
    }
    json::object body;
    json::object personalisation{{"body", n.body}, {"reference", n.reference}};
    if (kind == "sms") {
        body["phone_number"] = n.address;
        body["template_id"] = settings_.sms_template_id;
    } else {
        body["email_address"] = n.address;
        body["template_id"] = settings_.email_template_id;
        personalisation["subject"] = n.subject.empty() ? "Your repair " + n.reference : n.subject;
    }
    body["personalisation"] = std::move(personalisation);
    body["reference"] = n.idempotency_key;
    const auto reply = http_.request("POST", settings_.base_url + "/v2/notifications/" + std::string(kind),
                                     headers(), json::serialize(body));
    return attempt_of(reply, wait_asked_for(reply, clock_.now())); // a 201 too may say the limit is used up
}

notify_channel::notify_channel(std::shared_ptr<notify_client> client, std::string kind)
    : client_(std::move(client))
    , kind_(std::move(kind)) {}

std::string_view notify_channel::name() const {
    return kind_ == "sms" ? "sms" : "notify_email";
}

app::channel_limits notify_channel::limits() const {
    // Notify sends an SMS of up to 918 characters as at most 6 fragments; we keep to 4 (612 characters).
    if (kind_ == "sms") {
        return {612, app::length_unit::characters, client_->settings().per_second, true};
    }
    return {100000, app::length_unit::bytes, client_->settings().per_second, true};
}

app::address_kind notify_channel::addressed_by() const {
    return kind_ == "sms" ? app::address_kind::phone : app::address_kind::email;
}

app::attempt_result notify_channel::send(const app::outgoing_notice& n) {
    return client_->send(kind_, n);
}

} // namespace mend::notify
