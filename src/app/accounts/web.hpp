// Use cases behind the web pages: passwords and sessions, tracking links, photos, and the officer's counts.
#pragma once

#include "app/accounts/login_throttle.hpp"
#include "app/accounts/web_ports.hpp"
#include "app/error.hpp"
#include "app/jobs.hpp"
#include "app/ports.hpp"
#include "app/unit_of_work.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

// --- Passwords (argon2id) ---

constexpr std::size_t min_password = 10; // NCSC: length beats complexity rules
constexpr std::size_t max_password = 128;

std::optional<problem> check_new_password(std::string_view password);

// Slow on purpose (tens of milliseconds, 64 MiB): callers run these off the HTTP thread.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

// Compares two secrets (CSRF tokens) in constant time; false when either is empty.
bool same_secret(std::string_view a, std::string_view b);

// --- Sessions ---

constexpr std::chrono::hours session_lifetime{12};

struct new_session {
    std::string cookie; // the secret the browser holds; only its hash is stored
    std::string csrf;
    domain::instant expires_at{};
};

new_session start_session(unit_of_work& uow, id_t user_id, domain::instant now);
void end_session(unit_of_work& uow, std::string_view cookie);
std::optional<web_session> find_session(web_read_store& store, std::string_view cookie, domain::instant now);
// A session that ended by time, not by signing out or a new password: its row stays until its user signs in
// again, so a form its browser posts late still names its writer.
std::optional<web_session> find_lapsed_session(web_read_store& store, std::string_view cookie,
                                               domain::instant now);

// Officers set the passwords of tenants (registered by phone, say); an admin sets anyone's.
std::optional<problem> may_set_password(const domain::actor& who, const user_record& target);

// Stores an already-hashed password and ends the target's other sessions.
outcome<user_record> set_password(unit_of_work& uow, const domain::actor& who, id_t target,
                                  const std::string& hash);

// --- Tracking links ---

// 128 random bits, hex.
std::string new_tracking_token();

// Gives every new job its tracking link, in the transaction that reports it.
class tracking_links final : public change_listener {
public:
    void on_change(unit_of_work& uow, const change& c) override;
};

// The public page of a job, PUBLIC_URL/track/TOKEN, made now if the job has no tracking link yet (the links
// that public texts give: they show only public facts and are never keyed by the guessable reference).
std::string tracking_url(unit_of_work& uow, id_t job_id, const std::string& public_url);

// The job behind a tracking link; not_found for anything else.
outcome<domain::job> track_job(web_read_store& store, std::string_view token);

// --- Photos ---

constexpr std::size_t max_photos = 5;
constexpr std::size_t max_photo_bytes = std::size_t{5} * 1024 * 1024;

struct photo_upload {
    std::string filename;
    std::string bytes;
};

struct checked_photo {
    std::string sha256;
    photo_type type = photo_type::jpeg;
    const std::string* bytes = nullptr; // the upload's bytes; the upload outlives this
};

std::string_view content_type_of(photo_type type);
std::string sha256_hex(std::string_view bytes);

// A photo stored for a form that came back (with errors, or after signing in again) is named in the form by
// its hash and a claim: an HMAC (libsodium crypto_auth) of its hash and its uploader, under the server's
// secret key, so that a client cannot attach a stored photo it did not send itself.
constexpr std::size_t secret_key_bytes = 32;
std::string new_secret_key(); // secret_key_bytes random bytes
// Hex; `key` holds secret_key_bytes.
std::string photo_claim(std::string_view key, id_t uploader, std::string_view sha256);
bool holds_claim(std::string_view key, id_t uploader, std::string_view sha256, std::string_view claim);

// Refuses more than max_photos, any over max_photo_bytes, and anything not JPEG or PNG by its first bytes;
// names `field` in the problem. Empty uploads (no file chosen) are skipped.
outcome<std::vector<checked_photo>> check_photos(const std::vector<photo_upload>& uploads,
                                                 const std::string& field);

// Reports a job (web or phone intake) with its photos in one unit of work. When staff report without naming a
// tenant, the job is for the tenant who holds the home.
outcome<job_view> report_with_photos(unit_of_work& uow, const domain::actor& who, report_command cmd,
                                     const std::vector<checked_photo>& photos, domain::instant now);

// Takes an action (complete, typically) and attaches the photos to its event.
outcome<job_view> act_with_photos(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                                  const action_command& cmd, const std::vector<checked_photo>& photos,
                                  domain::instant now);

// A photo of a job the caller may see; not_found otherwise (also for photos of other jobs).
outcome<photo_record> find_photo(read_store& reads, web_read_store& web, const domain::actor& who,
                                 std::string_view reference, std::string_view sha256);

// --- Listings ---

// Jobs per status, of the jobs the caller may see.
std::vector<status_count> queue_counts(web_read_store& store, const domain::actor& who);

} // namespace mend::app
