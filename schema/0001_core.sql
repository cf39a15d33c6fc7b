-- Core tables: people, firms, homes, repair jobs and their immutable history.
-- Times are Unix seconds (UTC).

CREATE TABLE contractors (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    trades      TEXT NOT NULL DEFAULT '',   -- comma-separated categories
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('tenant', 'officer', 'contractor', 'admin', 'system')),
    name          TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    contractor_id INTEGER REFERENCES contractors (id),
    token_hash    TEXT UNIQUE,
    created_at    INTEGER NOT NULL,
    CHECK ((role = 'contractor') = (contractor_id IS NOT NULL))
);

CREATE TABLE properties (
    id          INTEGER PRIMARY KEY,
    uprn        TEXT NOT NULL UNIQUE,
    address     TEXT NOT NULL,
    postcode    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE tenancies (
    property_id INTEGER NOT NULL REFERENCES properties (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (user_id, property_id)
) WITHOUT ROWID;

CREATE TABLE requests (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL,
    version         INTEGER NOT NULL,
    property_id     INTEGER NOT NULL REFERENCES properties (id),
    tenant_id       INTEGER REFERENCES users (id),
    raised_by       INTEGER NOT NULL REFERENCES users (id),
    category        TEXT NOT NULL,
    description     TEXT NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    priority        TEXT,
    hazard          TEXT NOT NULL DEFAULT 'none',
    source          TEXT NOT NULL,
    contractor_id   INTEGER REFERENCES contractors (id),
    accepted        INTEGER NOT NULL DEFAULT 0,
    appt_start      INTEGER,
    appt_end        INTEGER,
    hold_reason     TEXT,
    duplicate_of    TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    completed_at    INTEGER
);

CREATE INDEX requests_status ON requests (status, id);
CREATE INDEX requests_contractor ON requests (contractor_id, id);
CREATE INDEX requests_tenant ON requests (tenant_id, id);
CREATE INDEX requests_property ON requests (property_id, id);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    seq             INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    actor_id        INTEGER NOT NULL REFERENCES users (id),
    actor_role      TEXT NOT NULL,
    action          TEXT NOT NULL,
    from_status     TEXT,
    to_status       TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    internal_note   TEXT NOT NULL DEFAULT '',
    data            TEXT NOT NULL DEFAULT '{}',  -- JSON object of strings
    UNIQUE (request_id, seq)
);

CREATE INDEX events_at ON events (at);

-- History is written once and never changed.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are immutable');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are immutable');
END;

-- The system itself acts too (closing quiet jobs, intake from social media and Open311): user 0, no token.
INSERT INTO users (id, role, name, created_at) VALUES (0, 'system', 'mend', 0);
