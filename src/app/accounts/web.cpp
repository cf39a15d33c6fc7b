#include "app/accounts/web.hpp"

#include "app/accounts/account_store.hpp"
#include "app/accounts/tokens.hpp"
#include "domain/reference.hpp"
#include "domain/workflow.hpp"

#include <array>
#include <sodium.h>
#include <stdexcept>

namespace mend::app {

namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        throw std::runtime_error("libsodium failed to initialise");
    }
}

std::string random_hex(std::size_t bytes) {
    ensure_sodium();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(bytes * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    out.pop_back();
    return out;
}

std::string claim_message(id_t uploader, std::string_view sha256) {
    return "kept photo\n" + std::to_string(uploader) + "\n" + std::string(sha256);
}

problem not_found_problem(std::string message) {
    return {errc::not_found, std::move(message), "", {}};
}

std::optional<photo_type> sniff(std::string_view bytes) {
    constexpr std::string_view png = "\x89PNG\r\n\x1a\n";
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF) {
        return photo_type::jpeg;
    }
    if (bytes.substr(0, png.size()) == png) {
        return photo_type::png;
    }
    return std::nullopt;
}

void attach(unit_of_work& uow, const domain::job& job, const std::vector<checked_photo>& photos, id_t by,
            std::int64_t seq, domain::instant now) {
    if (photos.empty()) {
        return;
    }
    auto& port = uow.accounts();
    for (const auto& p : photos) {
        port.insert_photo({job.id, p.sha256, p.type, static_cast<std::int64_t>(p.bytes->size()), seq}, by,
                          now);
    }
}

} // namespace

std::optional<problem> check_new_password(std::string_view password) {
    if (password.size() < min_password) {
        return invalid("password",
                       "Password must be " + std::to_string(min_password) + " characters or more");
    }
    if (password.size() > max_password) {
        return invalid("password",
                       "Password must be " + std::to_string(max_password) + " characters or fewer");
    }
    return std::nullopt;
}

std::string hash_password(std::string_view password) {
    ensure_sodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("password hashing ran out of memory");
    }
    return std::string(out.data());
}

bool verify_password(const std::string& hash, std::string_view password) {
    ensure_sodium();
    if (hash.empty()) {
        return false;
    }
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool same_secret(std::string_view a, std::string_view b) {
    ensure_sodium();
    return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

new_session start_session(unit_of_work& uow, id_t user_id, domain::instant now) {
    new_session s{random_hex(32), random_hex(32), now + session_lifetime};
    uow.accounts().insert_session(token_hash(s.cookie), user_id, s.csrf, now, s.expires_at);
    return s;
}

void end_session(unit_of_work& uow, std::string_view cookie) {
    uow.accounts().delete_session(token_hash(cookie));
}

std::optional<web_session> find_session(web_read_store& store, std::string_view cookie, domain::instant now) {
    if (cookie.size() != 64) {
        return std::nullopt;
    }
    return store.session_by_hash(token_hash(cookie), now);
}

std::string new_secret_key() {
    ensure_sodium();
    std::string key(secret_key_bytes, '\0');
    randombytes_buf(key.data(), key.size());
    return key;
}

std::string photo_claim(std::string_view key, id_t uploader, std::string_view sha256) {
    static_assert(secret_key_bytes == crypto_auth_KEYBYTES);
    if (key.size() != secret_key_bytes) {
        throw std::invalid_argument("the secret key must be " + std::to_string(secret_key_bytes) + " bytes");
    }
    const std::string message = claim_message(uploader, sha256);
    std::array<unsigned char, crypto_auth_BYTES> mac{};
    crypto_auth(mac.data(), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                reinterpret_cast<const unsigned char*>(key.data()));
    std::string out(mac.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), mac.data(), mac.size());
    out.pop_back();
    return out;
}

bool holds_claim(std::string_view key, id_t uploader, std::string_view sha256, std::string_view claim) {
    std::array<unsigned char, crypto_auth_BYTES> mac{};
    std::size_t length = 0;
    if (key.size() != secret_key_bytes || claim.size() != mac.size() * 2 ||
        sodium_hex2bin(mac.data(), mac.size(), claim.data(), claim.size(), nullptr, &length, nullptr) != 0 ||
        length != mac.size()) {
        return false;
    }
    const std::string message = claim_message(uploader, sha256);
    return crypto_auth_verify(mac.data(), reinterpret_cast<const unsigned char*>(message.data()),
                              message.size(), reinterpret_cast<const unsigned char*>(key.data())) == 0;
}

std::optional<web_session> find_lapsed_session(web_read_store& store, std::string_view cookie,
                                               domain::instant now) {
    if (cookie.size() != 64) {
        return std::nullopt;
    }
    auto session = store.session_by_hash(token_hash(cookie), domain::from_unix(0));
    if (!session || session->expires_at > now) {
        return std::nullopt;
    }
    return session;
}

std::optional<problem> may_set_password(const domain::actor& who, const user_record& target) {
    using domain::role;
    if (who.role == role::admin) {
        return std::nullopt;
    }
    if (who.role == role::officer && target.role == role::tenant) {
        return std::nullopt;
    }
    return problem{errc::forbidden,
                   "Only an admin can set the password of a member of staff or a contractor",
                   "password",
                   {}};
}

outcome<user_record> set_password(unit_of_work& uow, const domain::actor& who, id_t target,
                                  const std::string& hash) {
    const auto user = uow.accounts().user_by_id(target);
    if (!user || user->role == domain::role::system) {
        return not_found_problem("no such user");
    }
    if (auto p = may_set_password(who, *user)) {
        return *p;
    }
    auto& port = uow.accounts();
    port.set_password_hash(target, hash);
    port.delete_sessions_of(target);
    return *user;
}

std::string new_tracking_token() {
    return random_hex(16);
}

void tracking_links::on_change(unit_of_work& uow, const change& c) {
    if (c.before == nullptr && !uow.accounts().tracking_token_of(c.after.id)) {
        uow.accounts().insert_tracking_token(c.after.id, new_tracking_token());
    }
}

std::string tracking_url(unit_of_work& uow, id_t job_id, const std::string& public_url) {
    auto token = uow.accounts().tracking_token_of(job_id);
    if (!token) {
        token = new_tracking_token();
        uow.accounts().insert_tracking_token(job_id, *token);
    }
    return public_url + "/track/" + *token;
}

outcome<domain::job> track_job(web_read_store& store, std::string_view token) {
    const bool shaped =
        token.size() == 32 && token.find_first_not_of("0123456789abcdef") == std::string_view::npos;
    if (!shaped) {
        return not_found_problem("no such tracking link");
    }
    if (auto job = store.job_by_tracking_token(token)) {
        return *job;
    }
    return not_found_problem("no such tracking link");
}

std::string_view content_type_of(photo_type type) {
    return type == photo_type::png ? "image/png" : "image/jpeg";
}

std::string sha256_hex(std::string_view bytes) {
    ensure_sodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    std::string out(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
    out.pop_back();
    return out;
}

outcome<std::vector<checked_photo>> check_photos(const std::vector<photo_upload>& uploads,
                                                 const std::string& field) {
    std::vector<checked_photo> out;
    for (const auto& u : uploads) {
        if (u.bytes.empty()) {
            continue;
        }
        if (out.size() == max_photos) {
            return invalid(field, "Select up to " + std::to_string(max_photos) + " photos");
        }
        if (u.bytes.size() > max_photo_bytes) {
            return invalid(field, "The selected file " + u.filename + " must be smaller than " +
                                      std::to_string(max_photo_bytes / (std::size_t{1024} * 1024)) + "MB");
        }
        const auto type = sniff(u.bytes);
        if (!type) {
            return invalid(field, "The selected file " + u.filename + " must be a JPG or PNG");
        }
        const std::string sha = sha256_hex(u.bytes);
        bool seen = false;
        for (const auto& p : out) {
            seen = seen || p.sha256 == sha;
        }
        if (!seen) {
            out.push_back({sha, *type, &u.bytes});
        }
    }
    return out;
}

outcome<job_view> report_with_photos(unit_of_work& uow, const domain::actor& who, report_command cmd,
                                     const std::vector<checked_photo>& photos, domain::instant now) {
    if (domain::is_staff(who.role) && !cmd.tenant_id) {
        if (const auto home = uow.accounts().property_by_uprn(cmd.uprn)) {
            cmd.tenant_id = uow.accounts().tenant_of_property(home->id);
        }
    }
    auto done = record_report(uow, who, cmd, now);
    if (!done) {
        return done.error();
    }
    attach(uow, done->job, photos, who.user_id, done->recorded.seq, now);
    return view_of(uow, who, std::move(done->job), now);
}

outcome<job_view> act_with_photos(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                                  const action_command& cmd, const std::vector<checked_photo>& photos,
                                  domain::instant now) {
    auto done = record_action(uow, who, reference, cmd, now);
    if (!done) {
        return done.error();
    }
    attach(uow, done->job, photos, who.user_id, done->recorded.seq, now);
    return view_of(uow, who, std::move(done->job), now);
}

outcome<photo_record> find_photo(read_store& reads, web_read_store& web, const domain::actor& who,
                                 std::string_view reference, std::string_view sha256) {
    auto job = get_job(reads, who, reference);
    if (!job) {
        return job.error();
    }
    for (auto& p : web.photos_of(job->id)) {
        if (p.sha256 == sha256) {
            return p;
        }
    }
    return not_found_problem("no such photo");
}

std::vector<status_count> queue_counts(web_read_store& store, const domain::actor& who) {
    return store.counts_by_status(domain::visibility_of(who));
}

} // namespace mend::app
