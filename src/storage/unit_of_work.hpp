// app::unit_of_work over the writer's connection: one store object per feature, all inside the batch
// transaction the group writer opened.
#pragma once

#include "app/unit_of_work.hpp"
#include "storage/accounts/account_writes.hpp"
#include "storage/clocks/clock_writes.hpp"
#include "storage/complaints/complaint_writes.hpp"
#include "storage/followers/follower_writes.hpp"
#include "storage/jobs/job_writes.hpp"
#include "storage/notices/notice_writes.hpp"
#include "storage/open311/open311_writes.hpp"
#include "storage/places/place_writes.hpp"
#include "storage/social/social_writes.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/surveys/survey_writes.hpp"

namespace mend::storage {

// Owned by the group writer. Used only on the writer thread, and only while a unit's savepoint is open.
class sqlite_unit final : public app::unit_of_work {
public:
    explicit sqlite_unit(connection& c);

    app::job_store& jobs() override;
    app::account_store& accounts() override;
    app::notice_store& notices() override;
    app::social_store& social() override;
    app::clock_store& clocks() override;
    app::survey_store& surveys() override;
    app::open311_store& open311() override;
    app::complaint_store& complaints() override;
    app::place_store& places() override;
    app::follower_store& followers() override;

private:
    job_writes jobs_;
    account_writes accounts_;
    notice_writes notices_;
    social_writes social_;
    clock_writes clocks_;
    survey_writes surveys_;
    open311_writes open311_;
    complaint_writes complaints_;
    place_writes places_;
    follower_writes followers_;
};

} // namespace mend::storage
