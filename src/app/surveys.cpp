#include "app/surveys.hpp"

#include "app/unit_of_work.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"

#include <array>

namespace mend::app {

namespace {

constexpr std::size_t max_respondent = 100;

// Where each wanted column is in the file.
using column_places = std::array<std::size_t, 6>;

outcome<column_places> find_columns(const import_row& header) {
    const auto wanted = domain::split_list(survey_columns);
    column_places places{};
    for (std::size_t w = 0; w < wanted.size(); ++w) {
        std::size_t found = header.cells.size();
        for (std::size_t c = 0; c < header.cells.size(); ++c) {
            if (domain::equals_ignoring_case(domain::trim(header.cells[c]), wanted[w])) {
                found = c;
                break;
            }
        }
        if (found == header.cells.size()) {
            return invalid("file", "The first line of the file must name the columns " +
                                       std::string(survey_columns) + " (in any order); " + wanted[w] +
                                       " is missing");
        }
        places[w] = found;
    }
    return places;
}

// 2026-04-30, or 30/04/2026 as spreadsheets in the UK write it.
std::optional<domain::date> parse_survey_date(std::string_view text) {
    if (auto d = domain::parse_date(text)) {
        return d;
    }
    if (text.size() != 10 || text[2] != '/' || text[5] != '/') {
        return std::nullopt;
    }
    const std::string iso = std::string(text.substr(6, 4)) + "-" + std::string(text.substr(3, 2)) + "-" +
                            std::string(text.substr(0, 2));
    return domain::parse_date(iso);
}

problem row_problem(std::size_t line, std::string_view column, const std::string& message) {
    return invalid(std::string(column),
                   "Line " + std::to_string(line) + ", " + std::string(column) + ": " + message);
}

outcome<domain::survey_response> read_response(const import_row& row, const column_places& at,
                                               domain::instant now) {
    const auto cell = [&](std::size_t w) -> std::string_view {
        return at[w] < row.cells.size() ? domain::trim(row.cells[at[w]]) : std::string_view{};
    };
    domain::survey_response r;
    r.respondent = std::string(cell(0));
    if (r.respondent.empty() || r.respondent.size() > max_respondent) {
        return row_problem(row.line, "respondent",
                           "Enter the respondent's id (up to " + std::to_string(max_respondent) +
                               " characters)");
    }
    const auto t = domain::parse_tenure(cell(1));
    if (!t) {
        return row_problem(row.line, "tenure",
                           "Enter LCRA (low-cost rental) or LCHO (low-cost home ownership), not \"" +
                               std::string(cell(1)) + "\"");
    }
    r.tenure = *t;
    const auto d = parse_survey_date(cell(2));
    if (!d) {
        return row_problem(row.line, "date", "Enter the date of the response as 2026-04-30 or 30/04/2026");
    }
    if (domain::uk_start_of_day(*d) > now) {
        return row_problem(row.line, "date", "The date of the response is in the future");
    }
    r.responded_on = *d;
    const std::array<domain::survey_answer*, 3> answers{&r.tp01, &r.tp02, &r.tp03};
    const std::array<std::string_view, 3> names{"tp01", "tp02", "tp03"};
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const auto a = domain::parse_answer(cell(3 + i));
        if (!a) {
            return row_problem(row.line, names[i],
                               "Enter very satisfied, fairly satisfied, neither, fairly dissatisfied, very "
                               "dissatisfied (or 5 to 1), don't know, not applicable or nothing; not \"" +
                                   std::string(cell(3 + i)) + "\"");
        }
        *answers[i] = *a;
    }
    return r;
}

} // namespace

outcome<survey_import> import_surveys(unit_of_work& uow, const domain::actor& who, std::string_view csv,
                                      domain::instant now) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers import survey responses", "", {}};
    }
    auto rows = parse_csv(csv);
    if (!rows) {
        return rows.error();
    }
    const auto places = find_columns(rows->front());
    if (!places) {
        return places.error();
    }
    std::vector<domain::survey_response> responses;
    for (std::size_t i = 1; i < rows->size(); ++i) {
        auto r = read_response((*rows)[i], *places, now);
        if (!r) {
            return r.error();
        }
        responses.push_back(std::move(*r));
    }
    if (responses.empty()) {
        return invalid("file", "The file has no responses after its first line");
    }
    survey_import out{responses.size(), 0};
    for (const auto& r : responses) {
        out.added += uow.surveys().save_response(r, who.user_id, now) ? 1 : 0;
    }
    return out;
}

domain::tsm_report tsm(report_reads& reads, const period& p) {
    return domain::compute_tsm(p.from, p.to, reads.survey_responses(p.from, p.to));
}

} // namespace mend::app
