-- Complaints on the Housing Ombudsman's Complaint Handling Code: each about a repair job (request_id), with
-- further jobs linked, its history, and its clocks (acknowledge and respond, per stage). Letters to the tenant
-- go through the outbox as notices of the complaint's job. Times are Unix seconds (UTC).
CREATE TABLE complaints (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,     -- "C-" and a job-style reference
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    complainant_id  INTEGER REFERENCES users (id),
    via             TEXT NOT NULL,            -- web, phone, letter, email, in_person, social
    summary         TEXT NOT NULL,
    outcome_wanted  TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    stage           INTEGER NOT NULL DEFAULT 1 CHECK (stage IN (1, 2)),
    received_at     INTEGER NOT NULL,
    closed_at       INTEGER,
    raised_by       INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- The queue lists open complaints; a tenant's own and a job's are found by these.
CREATE INDEX complaints_open ON complaints (status, id) WHERE status != 'closed';
CREATE INDEX complaints_complainant ON complaints (complainant_id, id);

CREATE TABLE complaint_jobs (
    complaint_id    INTEGER NOT NULL REFERENCES complaints (id),
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    linked_by       INTEGER NOT NULL REFERENCES users (id),
    linked_at       INTEGER NOT NULL,
    PRIMARY KEY (complaint_id, request_id)
) WITHOUT ROWID;

CREATE INDEX complaint_jobs_request ON complaint_jobs (request_id);

CREATE TABLE complaint_events (
    id              INTEGER PRIMARY KEY,
    complaint_id    INTEGER NOT NULL REFERENCES complaints (id),
    at              INTEGER NOT NULL,
    actor_id        INTEGER NOT NULL REFERENCES users (id),
    action          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    data            TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

CREATE TABLE complaint_clocks (
    id               INTEGER PRIMARY KEY,
    complaint_id     INTEGER NOT NULL REFERENCES complaints (id),
    stage            INTEGER NOT NULL CHECK (stage IN (1, 2)),
    step             TEXT NOT NULL CHECK (step IN ('acknowledge', 'respond')),
    started_at       INTEGER NOT NULL,
    base_due_at      INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,       -- base_due_at, or the extended due time
    basis            TEXT NOT NULL,
    extended_days    INTEGER NOT NULL DEFAULT 0,
    extension_reason TEXT NOT NULL DEFAULT '',
    met_at           INTEGER,
    stopped_at       INTEGER,
    stop_reason      TEXT NOT NULL DEFAULT '',
    escalated        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (complaint_id, stage, step)
);

CREATE INDEX complaint_clocks_open ON complaint_clocks (due_at) WHERE met_at IS NULL AND stopped_at IS NULL;
-- The self-assessment counts clocks started or met in a period.
CREATE INDEX complaint_clocks_started ON complaint_clocks (started_at);
CREATE INDEX complaint_clocks_met ON complaint_clocks (met_at) WHERE met_at IS NOT NULL;
