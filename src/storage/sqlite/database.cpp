#include "storage/sqlite/database.hpp"

#include "storage/accounts/sqlite_web_store.hpp"
#include "storage/clocks/sqlite_clock_reads.hpp"
#include "storage/complaints/sqlite_complaint_reads.hpp"
#include "storage/followers/sqlite_follower_reads.hpp"
#include "storage/jobs/sqlite_read_store.hpp"
#include "storage/notices/sqlite_notice_reads.hpp"
#include "storage/open311/sqlite_open311_reads.hpp"
#include "storage/places/sqlite_place_reads.hpp"
#include "storage/social/sqlite_social_reads.hpp"
#include "storage/sqlite/group_writer.hpp"
#include "storage/sqlite/read_pool.hpp"
#include "storage/sqlite_report_reads.hpp"

namespace mend::storage {

struct database::impl {
    explicit impl(const database_options& o)
        : version(migrate(o.file))
        , writer(o.file, o.max_batch)
        , pool(o.file, o.read_connections)
        , reads(pool)
        , clocks(pool)
        , reports(pool)
        , web_reads(pool)
        , notices(pool)
        , social(pool)
        , open311(pool)
        , complaints(pool)
        , places(pool)
        , followers(pool) {}

    int version;
    group_writer writer; // before the pool: read-only connections need the WAL files the writer keeps open
    read_pool pool;
    sqlite_read_store reads;
    sqlite_clock_reads clocks;
    sqlite_report_reads reports;
    sqlite_web_read_store web_reads;
    sqlite_notice_reads notices;
    sqlite_social_reads social;
    sqlite_open311_reads open311;
    sqlite_complaint_reads complaints;
    sqlite_place_reads places;
    sqlite_follower_reads followers;
};

database::database(const database_options& options)
    : impl_(std::make_unique<impl>(options)) {}

database::~database() {
    stop();
}

app::read_store& database::reads() {
    return impl_->reads;
}

app::notice_reads& database::notice_reads() {
    return impl_->notices;
}

app::social_reads& database::social_reads() {
    return impl_->social;
}

app::open311_reads& database::open311_reads() {
    return impl_->open311;
}

app::complaint_reads& database::complaint_reads() {
    return impl_->complaints;
}

app::place_reads& database::place_reads() {
    return impl_->places;
}

app::follower_reads& database::follower_reads() {
    return impl_->followers;
}

app::writer& database::writes() {
    return impl_->writer;
}

app::clock_reads& database::clock_reads() {
    return impl_->clocks;
}

app::holiday_reads& database::holiday_reads() {
    return impl_->clocks;
}

app::report_reads& database::report_reads() {
    return impl_->reports;
}

app::web_read_store& database::web_reads() {
    return impl_->web_reads;
}

void database::run(const app::writer::work& w) {
    app::run_and_wait(impl_->writer, w);
}

void database::stop() {
    impl_->writer.stop();
}

int database::schema_version() const {
    return impl_->version;
}

} // namespace mend::storage
