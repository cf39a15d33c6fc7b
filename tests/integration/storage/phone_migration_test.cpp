// Migration 0010: phone numbers already stored are put in the form mend now writes (E.164).
#include "domain/phone.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace mend::storage {
namespace {

namespace fs = std::filesystem;

constexpr int phone_migration = 10;

class phone_migration_test : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "mend-phones-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        file_ = dir_ / "mend.db";
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A database as a mend from before the migration left it.
    void migrate_before() const {
        SQLite::Database raw(file_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                 "applied_at INTEGER NOT NULL)");
        for (const auto& m : migrations()) {
            if (m.version < phone_migration) {
                raw.exec(m.sql);
                SQLite::Statement record(raw, "INSERT INTO schema_migrations VALUES (?, ?, 0)");
                record.bind(1, m.version);
                record.bind(2, m.name);
                record.exec();
            }
        }
    }

    fs::path dir_;
    fs::path file_;
};

TEST_F(phone_migration_test, stored_numbers_become_e164_as_the_normaliser_would_write_them) {
    migrate_before();
    const std::vector<std::string> stored{"07700 900456",
                                          "+44 7700 900456",
                                          "447700900456",
                                          "(07700) 900456",
                                          "+44 (0)7700 900456",
                                          "0044 7700 900456",
                                          "020 7946 0000",
                                          "+447700900123",
                                          "00353 85 123 4567",
                                          "+353 85 123 4567",
                                          "12345",
                                          "call me",
                                          "016977 3456",
                                          "07700 90045",
                                          ""};
    {
        SQLite::Database raw(file_, SQLite::OPEN_READWRITE);
        for (const auto& phone : stored) {
            SQLite::Statement add(raw, "INSERT INTO users (role, name, phone, token_hash, created_at) "
                                       "VALUES ('tenant', 'T', ?, lower(hex(randomblob(16))), 0)");
            add.bind(1, phone);
            add.exec();
        }
    }
    EXPECT_GE(migrate(file_), phone_migration);
    SQLite::Database raw(file_, SQLite::OPEN_READONLY);
    SQLite::Statement rows(raw, "SELECT phone FROM users WHERE name = 'T' ORDER BY id");
    for (const auto& phone : stored) {
        ASSERT_TRUE(rows.executeStep());
        const auto after = rows.getColumn(0);
        if (phone.empty()) {
            EXPECT_TRUE(after.isNull());
            continue;
        }
        // Numbers in no known form are left as they were.
        EXPECT_EQ(after.getString(), domain::phone_e164(phone).value_or(phone)) << phone;
    }
}

} // namespace
} // namespace mend::storage
