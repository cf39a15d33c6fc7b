// A fresh database file in its own temporary folder for each test, with the clock keeper listening to writes.
#pragma once

#include "app/clocks.hpp"
#include "app/jobs.hpp"
#include "storage/sqlite/database.hpp"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <memory>
#include <stdexcept>
#include <string>

namespace mend::storage {

class database_fixture : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "mend-storage-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        db_ = std::make_unique<database>(database_options{dir_ / "mend.db", 2, 100});
        db_->writes().listen(keeper);
        seed();
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }

    // What every test of the suite starts from; runs once the database is open.
    virtual void seed() {}

    // Runs `use_case(uow, args...)` as one unit of work and returns what it made; a refusal throws, since a
    // test's own data is meant to be valid.
    template <typename UseCase, typename... Args> auto unit(UseCase use_case, const Args&... args) {
        auto result = app::write_and_wait(db_->writes(), std::move(use_case), args...);
        if (!result) {
            throw std::runtime_error(result.error().message);
        }
        return std::move(*result);
    }

    domain::clock_settings settings;
    app::clock_keeper keeper{settings}; // outlives the writer, which tells it of every change
    std::filesystem::path dir_;
    std::unique_ptr<database> db_;
};

} // namespace mend::storage
