#include "storage/database.hpp"

#include "storage/group_writer.hpp"
#include "storage/read_pool.hpp"
#include "storage/sqlite_notice_reads.hpp"
#include "storage/sqlite_read_store.hpp"
#include "storage/sqlite_social_reads.hpp"

#include <future>

namespace mend::storage {

struct database::impl {
    explicit impl(const database_options& o)
        : version(migrate(o.file))
        , writer(o.file, o.max_batch)
        , pool(o.file, o.read_connections)
        , reads(pool)
        , notices(pool)
        , social(pool) {}

    int version;
    group_writer writer; // before the pool: read-only connections need the WAL files the writer keeps open
    read_pool pool;
    sqlite_read_store reads;
    sqlite_notice_reads notices;
    sqlite_social_reads social;
};

database::database(database_options options)
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

app::writer& database::writes() {
    return impl_->writer;
}

void database::run(const app::writer::work& w) {
    std::promise<void> finished;
    auto result = finished.get_future();
    impl_->writer.submit(w, [&finished](std::exception_ptr failure) {
        if (failure) {
            finished.set_exception(failure);
        } else {
            finished.set_value();
        }
    });
    result.get();
}

void database::stop() {
    impl_->writer.stop();
}

int database::schema_version() const {
    return impl_->version;
}

} // namespace mend::storage
