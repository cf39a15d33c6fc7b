// Bank holidays an admin adds while mend runs: the built-in calendar (England and Wales, GOV.UK's dates) ends
// with 2028, and a landlord may close on days of its own. What is added is kept in the database, put into the
// running calendar at once, and loaded into it again at each start. Deadlines already worked out keep their
// due times; new ones count the added days.
#pragma once

#include "app/error.hpp"
#include "app/ports.hpp"
#include "domain/calendar.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mend::app {

class unit_of_work;

struct added_holiday {
    domain::date day{};
    std::string name; // "New Year's Day"
};

struct holiday_list {
    std::vector<added_holiday> days;   // by date
    std::vector<int> complete_years{}; // years whose holidays were all entered, ascending
};

// The Bank holidays page's form: `dates` holds one holiday a line, "2029-01-01 New Year's Day" (the name is
// optional); `year`, when given, says these are all of that year's bank holidays, and every date must be in
// it.
struct holidays_form {
    std::string year;
    std::string dates;
};

struct holidays_added {
    std::vector<added_holiday> days;
    std::optional<int> complete_year;
};

// Admins only. Every line is checked before anything is kept: a problem names the field and the line, and
// changes nothing. A date already added keeps its first name.
outcome<holidays_added> add_holidays(unit_of_work& uow, const domain::actor& who, const holidays_form& form,
                                     domain::instant now);

// Reads what add_holidays kept; safe from any thread.
class holiday_reads {
public:
    virtual ~holiday_reads() = default;
    virtual holiday_list added_holidays() = 0;
};

// Puts added holidays into the running calendar (shared by every copy of it): after add_holidays commits,
// and from the database at start.
void apply_holidays(const domain::holiday_calendar& cal, const holidays_added& added);
void load_holidays(holiday_reads& reads, const domain::holiday_calendar& cal);

// For the officer pages, the log and /metrics: when the calendar runs out within a year of `now`, what to do.
std::optional<std::string> calendar_warning(const domain::holiday_calendar& cal, domain::instant now);

} // namespace mend::app
