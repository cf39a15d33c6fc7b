#include "storage/surveys/survey_writes.hpp"

namespace mend::storage {

namespace {

// NULL when the answer is off the scale.
void bind_answer(SQLite::Statement& q, int index, const domain::survey_answer& a) {
    if (a.scale) {
        q.bind(index, *a.scale);
    } else {
        q.bind(index);
    }
}

} // namespace

bool survey_writes::save_response(const domain::survey_response& r, domain::id_t imported_by,
                                  domain::instant imported_at) {
    const auto day = domain::format_date(r.responded_on);
    auto seen = c_.prepare("SELECT 1 FROM survey_responses WHERE respondent = ? AND responded_on = ?");
    seen->bind(1, r.respondent);
    seen->bind(2, day);
    const bool existed = seen->executeStep();
    auto q = c_.prepare(
        "INSERT INTO survey_responses (respondent, tenure, responded_on, tp01, tp02, tp03, imported_by, "
        "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (respondent, responded_on) DO UPDATE SET "
        "tenure = excluded.tenure, tp01 = excluded.tp01, tp02 = excluded.tp02, tp03 = excluded.tp03, "
        "imported_by = excluded.imported_by, imported_at = excluded.imported_at");
    q->bind(1, r.respondent);
    q->bind(2, std::string(domain::to_string(r.tenure)));
    q->bind(3, day);
    bind_answer(*q, 4, r.tp01);
    bind_answer(*q, 5, r.tp02);
    bind_answer(*q, 6, r.tp03);
    q->bind(7, imported_by);
    q->bind(8, domain::to_unix(imported_at));
    q->exec();
    return !existed;
}

} // namespace mend::storage
