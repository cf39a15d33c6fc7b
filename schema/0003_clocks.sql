-- Time that matters: each job's repair target and Awaab's Law clocks, their pauses, and the escalations of the
-- overdue loop. Times are Unix seconds (UTC).

CREATE TABLE clocks (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    kind          TEXT NOT NULL,              -- repair_target, make_safe, investigate, written_summary, ...
    started_at    INTEGER NOT NULL,
    base_due_at   INTEGER NOT NULL,           -- due before any pause
    due_at        INTEGER NOT NULL,           -- base_due_at plus the length of every ended pause
    basis         TEXT NOT NULL,              -- how base_due_at was worked out, for people
    paused_since  INTEGER,                    -- set while a pause lasts
    met_at        INTEGER,
    stopped_at    INTEGER,                    -- the clock no longer applies (job cancelled, hazard reclassified)
    stop_reason   TEXT NOT NULL DEFAULT '',
    escalated     INTEGER NOT NULL DEFAULT 0, -- highest level the overdue loop reported: 1 at risk, 2 breached
    UNIQUE (request_id, kind)
);

-- The overdue loop and the lists read only clocks still running, nearest due first.
CREATE INDEX clocks_open ON clocks (due_at) WHERE met_at IS NULL AND stopped_at IS NULL;

CREATE TABLE clock_pauses (
    clock_id    INTEGER NOT NULL REFERENCES clocks (id),
    n           INTEGER NOT NULL,             -- 0, 1, ... in the order the pauses began
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    reason      TEXT NOT NULL,                -- no_access, consent_refused, moved_out, other
    PRIMARY KEY (clock_id, n)
) WITHOUT ROWID;

-- Written once per clock and level and recipient; the notices feature sends them on.
CREATE TABLE clock_escalations (
    id              INTEGER PRIMARY KEY,
    clock_id        INTEGER NOT NULL REFERENCES clocks (id),
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    kind            TEXT NOT NULL,
    level           TEXT NOT NULL CHECK (level IN ('at_risk', 'breached')),
    at              INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    recipient       TEXT NOT NULL CHECK (recipient IN ('officers', 'contractor')),
    contractor_id   INTEGER REFERENCES contractors (id),
    CHECK ((recipient = 'contractor') = (contractor_id IS NOT NULL))
);

CREATE INDEX clock_escalations_at ON clock_escalations (at);

-- A job is rated once; the flag lets the workflow table stop offering `rate` afterwards.
ALTER TABLE requests ADD COLUMN rated INTEGER NOT NULL DEFAULT 0;
