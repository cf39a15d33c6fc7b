-- Notices: how people want to hear, the outbox written with each change, every attempt to send, the
-- webhook endpoints of firms and integrations, and officer alerts about jobs.
-- Outbox times are Unix milliseconds (UTC): backoff and Retry-After need better than whole seconds.

-- Channels in order of preference, comma-separated (e.g. 'sms,email'); '' means the configured default.
ALTER TABLE users ADD COLUMN channels TEXT NOT NULL DEFAULT '';
-- A social-media handle (e.g. '@tom@social.example'), for channels that reply in public.
ALTER TABLE users ADD COLUMN handle TEXT;

-- A job's own channel order, overriding its tenant's (for example an officer raising a job by phone).
CREATE TABLE request_channels (
    request_id  INTEGER PRIMARY KEY REFERENCES requests (id),
    channels    TEXT NOT NULL
);

CREATE TABLE webhook_endpoints (
    id              INTEGER PRIMARY KEY,
    contractor_id   INTEGER REFERENCES contractors (id), -- NULL: an integration that hears every change
    name            TEXT NOT NULL,
    url             TEXT NOT NULL,
    secret          TEXT NOT NULL,                       -- whsec_<base64>, as Standard Webhooks shows it
    created_at      INTEGER NOT NULL,
    disabled_at     INTEGER,                             -- set when the receiver answered 410 Gone
    disabled_reason TEXT
);

-- One row per (recipient, channel). A recipient's channels form a chain in preference order: the first is
-- pending, the rest wait in 'standby' until the one before fails for good.
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    event_id        INTEGER NOT NULL REFERENCES events (id),
    event           TEXT NOT NULL,            -- the template's event name, e.g. 'completed'
    audience        TEXT NOT NULL CHECK (audience IN ('tenant', 'firm', 'officer', 'integration')),
    user_id         INTEGER REFERENCES users (id),
    chain           INTEGER NOT NULL,         -- the id of the chain's first notice
    chain_pos       INTEGER NOT NULL,
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    recipient_name  TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    params          TEXT NOT NULL DEFAULT '{}',
    state           TEXT NOT NULL
                    CHECK (state IN ('standby', 'pending', 'sent', 'delivered', 'failed', 'dead', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0, -- attempts that count towards the limit
    next_attempt_at INTEGER,                    -- while pending
    provider_id     TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE INDEX notices_due ON notices (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX notices_request ON notices (request_id, id);
CREATE INDEX notices_state ON notices (state, id);
CREATE INDEX notices_chain ON notices (chain, chain_pos);
CREATE INDEX notices_provider ON notices (provider_id) WHERE provider_id != '';

-- Every attempt, and every receipt a provider sends back later.
CREATE TABLE notice_attempts (
    id          INTEGER PRIMARY KEY,
    notice_id   INTEGER NOT NULL REFERENCES notices (id),
    at          INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    outcome     TEXT NOT NULL,  -- delivered, accepted, retry_later, ..., or receipt:<provider status>
    provider_id TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT '',
    retry_at    INTEGER
);

CREATE INDEX notice_attempts_notice ON notice_attempts (notice_id, id);

-- What officers must look at on a job, e.g. 'cannot_reach_tenant'.
CREATE TABLE request_alerts (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    UNIQUE (request_id, kind)
);
