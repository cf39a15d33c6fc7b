#include "notify/mastodon/mastodon_channel.hpp"

#include "domain/mention.hpp"
#include "domain/text.hpp"
#include "notify/registry.hpp"
#include "notify/social/social_post.hpp"

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <chrono>

namespace mend::notify {

namespace json = boost::json;
using app::attempt_outcome;

namespace {

constexpr std::size_t page_size = 30; // Mastodon's maximum for notifications
constexpr auto instance_retry = std::chrono::minutes(1);

std::string text_field(const json::object& o, std::string_view key) {
    if (const auto* v = o.if_contains(key); v != nullptr && v->is_string()) {
        return std::string(v->as_string());
    }
    return {};
}

// Mastodon ids are numbers written as text, of growing length: compare by length, then as text.
bool id_less(const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// The mention a notification tells of; empty when it is not a mention or lacks the post or its author.
std::optional<app::mention> mention_of(const json::object& notification) {
    const auto* status = notification.if_contains("status");
    const auto* account = notification.if_contains("account");
    if (text_field(notification, "type") != "mention" || status == nullptr || !status->is_object() ||
        account == nullptr || !account->is_object()) {
        return std::nullopt;
    }
    app::mention m;
    m.notification_id = text_field(notification, "id");
    m.status_id = text_field(status->as_object(), "id");
    m.status_url = text_field(status->as_object(), "url");
    m.in_reply_to = text_field(status->as_object(), "in_reply_to_id");
    m.text = domain::plain_text(text_field(status->as_object(), "content"));
    m.posted_at =
        domain::parse_iso(text_field(status->as_object(), "created_at")).value_or(domain::instant{});
    m.author = text_field(account->as_object(), "acct");
    m.author_url = text_field(account->as_object(), "url");
    if (m.status_id.empty() || m.author.empty()) {
        return std::nullopt;
    }
    return m;
}

} // namespace

std::size_t mastodon_length(std::string_view text, std::size_t url_length) {
    std::size_t length = 0;
    std::size_t i = 0;
    const auto at_word_start = [&text](std::size_t at) {
        return at == 0 || text[at - 1] == ' ' || text[at - 1] == '\n' || text[at - 1] == '(';
    };
    while (i < text.size()) {
        if (at_word_start(i) && (text.substr(i, 7) == "http://" || text.substr(i, 8) == "https://")) {
            const auto end = text.find_first_of(" \n", i);
            i = end == std::string_view::npos ? text.size() : end;
            length += url_length;
            continue;
        }
        if (text[i] == '@' && at_word_start(i)) {
            const auto end = text.find_first_of(" \n", i);
            const auto word = text.substr(i, end == std::string_view::npos ? text.size() - i : end - i);
            const auto second = word.find('@', 1);
            if (second != std::string_view::npos) {
                length += second; // "@user" of "@user@domain"
                i += word.size();
                continue;
            }
        }
        if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
            ++length;
        }
        ++i;
    }
    return length;
}

std::optional<std::chrono::milliseconds> mastodon_wait(const http_reply& reply, domain::instant now) {
    return rate_limit_wait(reply, now);
}

std::optional<std::string> link_prev_min_id(std::string_view link) {
    std::size_t at = 0;
    while (at < link.size()) {
        const auto open = link.find('<', at);
        const auto close = link.find('>', open);
        if (open == std::string_view::npos || close == std::string_view::npos) {
            break;
        }
        const auto next = link.find(',', close);
        const auto params =
            link.substr(close + 1, next == std::string_view::npos ? link.npos : next - close - 1);
        if (params.find("rel=\"prev\"") != std::string_view::npos) {
            auto url = boost::urls::parse_uri(link.substr(open + 1, close - open - 1));
            if (url) {
                auto found = url->params().find("min_id");
                if (found != url->params().end() && (*found).has_value) {
                    return std::string((*found).value);
                }
            }
        }
        if (next == std::string_view::npos) {
            break;
        }
        at = next + 1;
    }
    return std::nullopt;
}

mastodon_client::mastodon_client(mastodon_settings s, const app::clock& clock)
    : settings_(std::move(s))
    , clock_(clock)
    , http_(settings_.timeout_ms, "") {
    while (!settings_.base_url.empty() && settings_.base_url.back() == '/') {
        settings_.base_url.pop_back();
    }
}

std::vector<std::string> mastodon_client::headers() const {
    return {"Authorization: Bearer " + settings_.access_token, "User-Agent: mend/" MEND_VERSION,
            "Accept: application/json"};
}

void mastodon_client::read_instance() {
    {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (instance_known_ || (instance_read_at_ && now - *instance_read_at_ < instance_retry)) {
            return;
        }
        instance_read_at_ = now;
    }
    const auto reply = http_.request("GET", settings_.base_url + "/api/v2/instance", headers(), "");
    if (reply.status != 200) {
        return;
    }
    boost::system::error_code ec;
    const auto v = json::parse(reply.body, ec);
    if (ec || !v.is_object()) {
        return;
    }
    const auto* statuses = v.as_object().if_contains("configuration");
    if (statuses == nullptr || !statuses->is_object()) {
        return;
    }
    statuses = statuses->as_object().if_contains("statuses");
    if (statuses == nullptr || !statuses->is_object()) {
        return;
    }
    std::lock_guard lock(mutex_);
    if (const auto* max = statuses->as_object().if_contains("max_characters");
        max != nullptr && max->is_int64()) {
        max_characters_ = static_cast<std::size_t>(std::max<std::int64_t>(1, max->as_int64()));
    }
    if (const auto* url = statuses->as_object().if_contains("characters_reserved_per_url");
        url != nullptr && url->is_int64()) {
        url_characters_ = static_cast<std::size_t>(std::max<std::int64_t>(1, url->as_int64()));
    }
    instance_known_ = true;
}

std::size_t mastodon_client::max_characters() const {
    std::lock_guard lock(mutex_);
    return max_characters_;
}

std::size_t mastodon_client::characters_per_url() const {
    std::lock_guard lock(mutex_);
    return url_characters_;
}

app::attempt_result mastodon_client::post_status(const app::outgoing_notice& n) {
    read_instance();
    const std::string text = addressed_text(n);
    if (auto refused = privacy_refusal(n, text)) {
        return *refused;
    }
    const std::size_t limit = max_characters();
    const std::size_t length = mastodon_length(text, characters_per_url());
    if (length > limit) {
        return {attempt_outcome::permanent_failure, std::nullopt, "",
                "the text is " + std::to_string(length) +
                    " characters as Mastodon counts them; the server allows " + std::to_string(limit),
                false};
    }
    json::object body{{"status", text}, {"visibility", settings_.visibility}};
    const auto params = params_of(n);
    if (!params.in_reply_to.empty()) {
        body["in_reply_to_id"] = params.in_reply_to;
    }
    if (!params.visibility.empty()) {
        body["visibility"] = params.visibility;
    }
    auto hdrs = headers();
    hdrs.push_back("Content-Type: application/json");
    hdrs.push_back("Idempotency-Key: " + n.idempotency_key);
    const auto reply =
        http_.request("POST", settings_.base_url + "/api/v1/statuses", hdrs, json::serialize(body));
    const auto wait = mastodon_wait(reply, clock_.now());
    if (reply.status == 200) {
        std::string id;
        boost::system::error_code ec;
        const auto v = json::parse(reply.body, ec);
        if (!ec && v.is_object()) {
            id = text_field(v.as_object(), "id");
        }
        // The post landed; a wait asked for now is for the next one (the channel rests until then).
        return {attempt_outcome::delivered, wait, id, "", false};
    }
    return post_refused(reply, wait);
}

std::optional<json::array> mastodon_client::read_notifications(const std::string& url, app::feed_page& page,
                                                               std::string& link) {
    const auto reply = http_.request("GET", url, headers(), "");
    page.retry_after = mastodon_wait(reply, clock_.now());
    if (reply.status != 200) {
        page.error = error_text(reply);
        page.result = read_refused(reply);
        return std::nullopt;
    }
    boost::system::error_code ec;
    auto v = json::parse(reply.body, ec);
    if (ec || !v.is_array()) {
        page.result = app::feed_page::status::retry_later;
        page.error = "the notifications are not a JSON array";
        return std::nullopt;
    }
    link = reply.header("link").value_or("");
    return std::move(v.as_array());
}

app::feed_page mastodon_client::newest_mention() {
    app::feed_page page;
    std::string link;
    const auto v = read_notifications(
        settings_.base_url + "/api/v1/notifications?types%5B%5D=mention&limit=1", page, link);
    if (!v) {
        return page;
    }
    page.next_cursor.assign(1, '0'); // "0": none yet (assigning the literal upsets g++ 12's -Wrestrict)
    for (const auto& item : *v) {
        if (item.is_object()) {
            if (auto id = text_field(item.as_object(), "id"); !id.empty() && id_less(page.next_cursor, id)) {
                page.next_cursor = std::move(id);
            }
        }
    }
    return page;
}

app::feed_page mastodon_client::mentions_after(const std::string& cursor) {
    app::feed_page page;
    const std::string url =
        settings_.base_url + "/api/v1/notifications?types%5B%5D=mention&limit=" + std::to_string(page_size) +
        "&min_id=" + boost::urls::encode(cursor.empty() ? "0" : cursor, boost::urls::unreserved_chars);
    std::string link;
    const auto v = read_notifications(url, page, link);
    if (!v) {
        return page;
    }
    std::string newest;
    for (const auto& item : *v) {
        if (!item.is_object()) {
            continue;
        }
        const auto& o = item.as_object();
        const std::string id = text_field(o, "id");
        if (newest.empty() || id_less(newest, id)) {
            newest = id;
        }
        if (auto m = mention_of(o)) {
            page.items.push_back(std::move(*m));
        }
    }
    // Mastodon lists newest first; mentions are taken in the order they were made.
    std::sort(page.items.begin(), page.items.end(), [](const app::mention& a, const app::mention& b) {
        return id_less(a.notification_id, b.notification_id);
    });
    if (!newest.empty()) {
        const auto prev = link_prev_min_id(link);
        page.next_cursor = prev && !id_less(*prev, newest) ? *prev : newest;
    }
    return page;
}

mastodon_channel::mastodon_channel(std::shared_ptr<mastodon_client> client)
    : client_(std::move(client)) {}

app::channel_limits mastodon_channel::limits() const {
    // Counted as code points with URLs at their full length: never more than Mastodon counts, so a text
    // fitted to this limit is never refused as too long.
    return {client_->max_characters(), app::length_unit::characters, client_->settings().per_second, true};
}

app::attempt_result mastodon_channel::send(const app::outgoing_notice& n) {
    return client_->post_status(n);
}

void add_mastodon_channel(channel_set& set, const mastodon_settings& s, const app::clock& clock) {
    if (s.enabled) {
        set.add(std::make_unique<mastodon_channel>(std::make_shared<mastodon_client>(s, clock)));
    }
}

} // namespace mend::notify
