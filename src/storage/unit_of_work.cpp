#include "storage/unit_of_work.hpp"

namespace mend::storage {

sqlite_unit::sqlite_unit(connection& c)
    : jobs_(c)
    , accounts_(c)
    , notices_(c)
    , social_(c)
    , clocks_(c)
    , surveys_(c)
    , open311_(c)
    , complaints_(c)
    , places_(c)
    , followers_(c) {}

app::job_store& sqlite_unit::jobs() {
    return jobs_;
}

app::account_store& sqlite_unit::accounts() {
    return accounts_;
}

app::notice_store& sqlite_unit::notices() {
    return notices_;
}

app::social_store& sqlite_unit::social() {
    return social_;
}

app::clock_store& sqlite_unit::clocks() {
    return clocks_;
}

app::survey_store& sqlite_unit::surveys() {
    return surveys_;
}

app::open311_store& sqlite_unit::open311() {
    return open311_;
}

app::complaint_store& sqlite_unit::complaints() {
    return complaints_;
}

app::place_store& sqlite_unit::places() {
    return places_;
}

app::follower_store& sqlite_unit::followers() {
    return followers_;
}

} // namespace mend::storage
