// What the web pages read beyond app/ports.hpp: logins, sessions, tracking links, photos, and the listings of
// the officer's and the admin's pages; and where photo bytes are kept. Their writes are in account_store.hpp.
#pragma once

#include "app/ports.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::app {

// The credentials of one user who may log in to the pages.
struct login_record {
    domain::actor who;
    std::string password_hash; // empty: no password set, so no login
};

struct web_session {
    domain::actor who;
    std::string csrf; // sent back in every form of this session
    domain::instant expires_at{};
};

enum class photo_type { jpeg, png };

struct photo_record {
    id_t job_id = 0;
    std::string sha256; // hex, 64 characters; also the file's name
    photo_type type = photo_type::jpeg;
    std::int64_t bytes = 0;
    std::int64_t event_seq = 0;
};

// A home found by phone intake's search (app/accounts/home_search.hpp), with the tenants who hold it.
struct home_match {
    property_record home;
    std::vector<user_record> tenants; // in id order; none for an empty home
};

// The last change of a home's access notes: who made it, when.
struct access_note_change {
    std::string by; // the user's name
    domain::instant at{};
};

struct status_count {
    domain::status state = domain::status::reported;
    std::int64_t count = 0;
};

// Reads for the pages; never waits for the writer. Implementations are safe to call from any thread.
class web_read_store {
public:
    virtual ~web_read_store() = default;
    // By email (any case) or phone number, as typed on the login page.
    virtual std::optional<login_record> login_by_identifier(std::string_view email_or_phone) = 0;
    virtual std::optional<web_session> session_by_hash(std::string_view id_hash, domain::instant now) = 0;
    virtual std::optional<std::string> tracking_token_of(id_t job_id) = 0;
    virtual std::optional<domain::job> job_by_tracking_token(std::string_view token) = 0;
    virtual std::vector<photo_record> photos_of(id_t job_id) = 0;
    virtual std::vector<status_count> counts_by_status(const domain::visibility& visibility) = 0;
    virtual std::optional<user_record> user_by_id(id_t id) = 0;
    virtual std::optional<property_record> property_by_id(id_t id) = 0;
    // Nothing when the notes were never changed since the home was added.
    virtual std::optional<access_note_change> last_access_note_change(id_t property_id) = 0;
    // The homes a tenant holds, in UPRN order, each with its tenure.
    virtual std::vector<property_record> homes_of(id_t user_id) = 0;
    virtual std::vector<user_record> users() = 0;
    virtual std::vector<contractor_record> contractors() = 0;
    // Homes in UPRN order (with their block and estate), with the user ids of those who hold each.
    virtual std::vector<std::pair<property_record, std::vector<id_t>>> properties() = 0;
    // Homes whose address, postcode (with or without its space) or tenants' names have a word starting with
    // each of `prefixes` (lower-case letters and digits), best first; at most `limit`.
    virtual std::vector<home_match> find_homes(const std::vector<std::string>& prefixes, int limit) = 0;
};

// Photo bytes by content hash. Blocking file I/O: callers keep it off the HTTP thread.
class photo_files {
public:
    virtual ~photo_files() = default;
    // Idempotent: the same bytes always land under the same name.
    virtual void put(const std::string& sha256, std::string_view bytes) = 0;
    virtual std::optional<std::string> get(const std::string& sha256) = 0;
};

} // namespace mend::app
