// The SQLite database of one data directory: migrations, the group-commit writer, and the read connections.
#pragma once

#include "app/accounts/web_ports.hpp"
#include "app/clocks.hpp"
#include "app/complaints.hpp"
#include "app/followers.hpp"
#include "app/holidays.hpp"
#include "app/notices/notices.hpp"
#include "app/open311.hpp"
#include "app/places.hpp"
#include "app/ports.hpp"
#include "app/reports.hpp"
#include "app/social.hpp"
#include "app/unit_of_work.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>

namespace mend::storage {

struct database_options {
    std::filesystem::path file;       // e.g. data/mend.db
    std::size_t read_connections = 4; // pooled; a reader never waits behind the writer's fsync (WAL)
    std::size_t max_batch = 100;      // units of work grouped into one commit at most
};

// Opens (creating if needed) the file with WAL, synchronous=FULL and foreign keys on, applies any migration
// not yet recorded in schema_migrations, and returns the schema version now in force.
int migrate(const std::filesystem::path& file);

// Owns one writer thread and a pool of read connections. Thread-safe.
class database {
public:
    explicit database(const database_options& options); // migrates, then starts the writer thread
    ~database();                                        // stop()
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    app::read_store& reads();
    app::writer& writes();
    app::clock_reads& clock_reads();
    app::holiday_reads& holiday_reads(); // the bank holidays an admin added
    app::report_reads& report_reads();
    app::web_read_store& web_reads();
    app::notice_reads& notice_reads();   // the outbox, for the dispatcher and the notices API
    app::social_reads& social_reads();   // the social inbox, for the poller and the social API
    app::open311_reads& open311_reads(); // Open311's integrations, requests and updates
    app::complaint_reads& complaint_reads();
    app::place_reads& place_reads();       // blocks and estates, and their homes
    app::follower_reads& follower_reads(); // the followers of jobs

    // Submits one unit and blocks until it is durable; rethrows what the unit threw. For the CLI and tests.
    void run(const app::writer::work& w);

    // Runs every unit already submitted, then ends the writer thread. Later submits throw.
    void stop();

    int schema_version() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace mend::storage
