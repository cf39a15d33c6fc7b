-- Bank holidays an admin adds on the Bank holidays page while mend runs (the built-in England and Wales
-- calendar ends with 2028), and the years whose holidays have all been entered: the calendar covers to the
-- end of the latest such year. Days are UK dates "YYYY-MM-DD"; times are Unix milliseconds.
CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    added_by INTEGER NOT NULL REFERENCES users (id),
    added_at INTEGER NOT NULL
);

CREATE TABLE holiday_years (
    year INTEGER PRIMARY KEY,
    added_by INTEGER NOT NULL REFERENCES users (id),
    added_at INTEGER NOT NULL
);
