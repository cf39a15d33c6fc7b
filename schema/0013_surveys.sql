-- Perception-survey responses imported for the Tenant Satisfaction Measures (TP01-TP03), one per respondent and
-- UK day ("YYYY-MM-DD"): importing the same file again replaces rather than adds. Answers are on the survey's
-- five-point scale, 5 = very satisfied ... 1 = very dissatisfied; NULL = no answer on the scale (not asked,
-- don't know, not applicable). `respondent` is the survey's id for the person, never their name. Times are
-- Unix milliseconds.
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    respondent TEXT NOT NULL,
    tenure TEXT NOT NULL CHECK (tenure IN ('low_cost_rental', 'low_cost_home_ownership')),
    responded_on TEXT NOT NULL,
    tp01 INTEGER CHECK (tp01 BETWEEN 1 AND 5),
    tp02 INTEGER CHECK (tp02 BETWEEN 1 AND 5),
    tp03 INTEGER CHECK (tp03 BETWEEN 1 AND 5),
    imported_by INTEGER NOT NULL,
    imported_at INTEGER NOT NULL,
    UNIQUE (respondent, responded_on)
);

CREATE INDEX survey_responses_by_day ON survey_responses (responded_on);
