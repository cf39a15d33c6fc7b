// app::web_read_store over the pool of read-only connections, and the photo files of a data directory.
#pragma once

#include "app/accounts/web_ports.hpp"
#include "storage/sqlite/read_pool.hpp"

#include <filesystem>

namespace mend::storage {

// Thread-safe: each call borrows a connection for its duration.
class sqlite_web_read_store final : public app::web_read_store {
public:
    explicit sqlite_web_read_store(read_pool& pool)
        : pool_(pool) {}

    std::optional<app::login_record> login_by_identifier(std::string_view email_or_phone) override;
    std::optional<app::web_session> session_by_hash(std::string_view id_hash, domain::instant now) override;
    std::optional<std::string> tracking_token_of(app::id_t job_id) override;
    std::optional<domain::job> job_by_tracking_token(std::string_view token) override;
    std::vector<app::photo_record> photos_of(app::id_t job_id) override;
    std::vector<app::status_count> counts_by_status(const domain::visibility& visibility) override;
    std::optional<app::user_record> user_by_id(app::id_t id) override;
    std::optional<app::property_record> property_by_id(app::id_t id) override;
    std::optional<app::access_note_change> last_access_note_change(app::id_t property_id) override;
    std::vector<app::property_record> homes_of(app::id_t user_id) override;
    std::vector<app::user_record> users() override;
    std::vector<app::contractor_record> contractors() override;
    std::vector<std::pair<app::property_record, std::vector<app::id_t>>> properties() override;
    std::vector<app::home_match> find_homes(const std::vector<std::string>& prefixes, int limit) override;

private:
    read_pool& pool_; // owned by the database, which outlives this
};

// DATA/photos/<sha256>. Files are written to a temporary name and renamed, so a reader never sees half a
// photo.
class photo_directory final : public app::photo_files {
public:
    explicit photo_directory(std::filesystem::path dir);

    void put(const std::string& sha256, std::string_view bytes) override;
    std::optional<std::string> get(const std::string& sha256) override;

private:
    std::filesystem::path dir_;
};

} // namespace mend::storage
