#include "notify/email/email_channel.hpp"

#include "domain/text.hpp"
#include "notify/email/mime.hpp"
#include "notify/http_client.hpp"

#include <algorithm>
#include <ctime>
#include <curl/curl.h>
#include <optional>
#include <stdexcept>

namespace mend::notify {

namespace {

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

struct mailbox_parts {
    std::string name;
    std::string address;
};

// "Repairs <repairs@landlord.example>", "\"Repairs, Leeds\" <...>" or a bare address, as the config gives it.
mailbox_parts parse_mailbox(std::string_view text) {
    const auto open = text.find('<');
    const auto close = text.find('>', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
        return {"", std::string(domain::trim(text))};
    }
    auto name = domain::trim(text.substr(0, open));
    std::string unquoted;
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
        for (std::size_t i = 0; i < name.size(); ++i) {
            if (name[i] == '\\' && i + 1 < name.size()) {
                ++i;
            }
            unquoted += name[i];
        }
    } else {
        unquoted = std::string(name);
    }
    return {unquoted, std::string(text.substr(open + 1, close - open - 1))};
}

std::string rfc5322_date(domain::instant at) {
    const auto t = static_cast<std::time_t>(domain::to_unix(at));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buffer;
}

// Lines end in CRLF; a line starting with "." is dot-stuffed by curl itself.
std::string crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
            out += '\r';
        }
        out += text[i];
    }
    return out;
}

struct upload {
    std::string_view rest;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* state) {
    auto& u = *static_cast<upload*>(state);
    const std::size_t n = std::min(size * count, u.rest.size());
    std::copy_n(u.rest.data(), n, buffer);
    u.rest.remove_prefix(n);
    return n;
}

struct smtp_reply {
    CURLcode rc = CURLE_OK;
    long code = 0;    // the server's last reply code, 0 when none came
    std::string what; // curl's words for what went wrong
};

// One SMTP transaction: MAIL FROM, RCPT TO `to_address`, DATA `message`. Empty when curl has no handle to
// give.
std::optional<smtp_reply> send_smtp(const email_settings& s, const std::string& to_address,
                                    const std::string& message) {
    upload state{message};
    CURL* h = curl_easy_init();
    if (h == nullptr) {
        return std::nullopt;
    }
    const std::string url = "smtp://" + s.host + ":" + std::to_string(s.port);
    // Built with append: GCC 12 warns falsely (-Wrestrict) about "<" + std::string at -O3.
    std::string from(1, '<');
    from.append(parse_mailbox(s.from).address).append(1, '>');
    std::string to(1, '<');
    to.append(to_address).append(1, '>');
    curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     s.starttls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_NONE));
    if (!s.ca_file.empty()) {
        curl_easy_setopt(h, CURLOPT_CAINFO, s.ca_file.c_str());
    }
    if (!s.username.empty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, s.username.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, s.password.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &read_message);
    curl_easy_setopt(h, CURLOPT_READDATA, &state);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, s.timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(s.timeout_ms, 10000L));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    smtp_reply out;
    out.rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(h);
    out.what = error[0] != '\0' ? std::string(error) : std::string(curl_easy_strerror(out.rc));
    return out;
}

// 5yz is permanent, but for the replies that mean we may not send at all (login): ours to fix. 4yz is
// retried, but for 421 and 454 (the server is going away, or has no TLS or login for now): the server's
// trouble. So is no answer at all (refused, timed out, DNS, a TLS handshake that failed).
app::attempt_result attempt_of(const smtp_reply& r) {
    using app::attempt_outcome;
    if (r.rc == CURLE_OK) {
        return {attempt_outcome::delivered, std::nullopt, "", "", false};
    }
    const std::string said = "SMTP " + std::to_string(r.code) + ": " + r.what;
    if (r.code == 421 || r.code == 454) {
        return {attempt_outcome::unavailable, std::nullopt, "", said, false};
    }
    if (r.code >= 500 && r.code < 600) {
        const bool ours = r.code == 530 || r.code == 534 || r.code == 535 || r.code == 538;
        return {ours ? attempt_outcome::configuration_failure : attempt_outcome::permanent_failure,
                std::nullopt, "", said, false};
    }
    if (r.code >= 400 && r.code < 500) {
        return {attempt_outcome::retry_later, std::nullopt, "", said, false};
    }
    switch (r.rc) {
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_LOGIN_DENIED:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return {attempt_outcome::configuration_failure, std::nullopt, "", r.what, false};
    default:
        return {attempt_outcome::unavailable, std::nullopt, "", r.what, false};
    }
}

} // namespace

std::string email_message(const email_settings& s, const app::outgoing_notice& n, domain::instant sent_at) {
    const auto from = parse_mailbox(s.from);
    const auto at = from.address.find('@');
    const std::string domain = at == std::string::npos ? "mend.invalid" : from.address.substr(at + 1);
    const auto body = encode_body(n.body);
    std::string m;
    m += "From: " + mailbox(from.name, from.address) + "\n";
    m += "To: " + mailbox(n.recipient_name, n.address) + "\n";
    m += "Subject: " + unstructured(n.subject.empty() ? "Your repair " + n.reference : n.subject, 9) + "\n";
    m += "Date: " + rfc5322_date(sent_at) + "\n";
    m += "Message-ID: <" + n.idempotency_key + "@" + domain + ">\n";
    m += "X-Mend-Reference: " + n.reference + "\n";
    m += "MIME-Version: 1.0\n";
    m += "Content-Type: text/plain; charset=utf-8\n";
    m += "Content-Transfer-Encoding: " + body.transfer_encoding + "\n";
    m += "\n";
    m += body.text;
    m += "\n";
    return crlf(m);
}

email_channel::email_channel(email_settings s, const app::clock& clock)
    : settings_(std::move(s))
    , clock_(clock) {
    init_curl();
    if (settings_.host.empty() || settings_.from.empty()) {
        throw std::runtime_error("notify.email needs host and from");
    }
    if (!settings_.starttls && !(settings_.allow_plain_loopback && is_loopback(settings_.host))) {
        throw std::runtime_error(
            "notify.email.starttls = false is only allowed with allow_plain_loopback = true "
            "and a loopback host; mail to " +
            settings_.host + " must use STARTTLS");
    }
}

app::channel_limits email_channel::limits() const {
    return {100000, app::length_unit::bytes, settings_.per_second, false};
}

app::attempt_result email_channel::send(const app::outgoing_notice& n) {
    const auto sent = send_smtp(settings_, n.address, email_message(settings_, n, clock_.now()));
    if (!sent) {
        return {app::attempt_outcome::unavailable, std::nullopt, "", "could not create a curl handle", false};
    }
    return attempt_of(*sent);
}

} // namespace mend::notify
