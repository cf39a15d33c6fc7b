-- Open311 GeoReport v2 integrations (FixMyStreet and other clients), the requests they raised and the comments
-- they posted. Times are Unix milliseconds (UTC).

-- A client allowed in with an API key; only the key's hash is kept. Each integration acts through a user of
-- its own (role system, named after it), so that the history shows who raised or commented: "via NAME".
CREATE TABLE integrations (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('open311')),
    name         TEXT NOT NULL,
    jurisdiction TEXT NOT NULL DEFAULT '',   -- '' accepts requests with or without a jurisdiction_id
    key_hash     TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL UNIQUE REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);

-- Each report an integration sent: a job when its place matched one home, else an intake item (a row of
-- social_mentions with network 'open311'). sender_id is the client's own id (attribute[fixmystreet_id]), so a
-- resend is answered with the same service_request_id; NULL when the client sent none.
CREATE TABLE open311_requests (
    id                 INTEGER PRIMARY KEY,
    integration_id     INTEGER NOT NULL REFERENCES integrations (id),
    sender_id          TEXT,
    service_request_id TEXT NOT NULL UNIQUE, -- the job's reference, or the intake item's
    request_id         INTEGER REFERENCES requests (id),
    mention_id         INTEGER REFERENCES social_mentions (id),
    service_code       TEXT NOT NULL,
    lat                TEXT NOT NULL DEFAULT '',
    long               TEXT NOT NULL DEFAULT '',
    address_string     TEXT NOT NULL DEFAULT '',
    first_name         TEXT NOT NULL DEFAULT '',
    last_name          TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    UNIQUE (integration_id, sender_id),
    CHECK ((request_id IS NULL) != (mention_id IS NULL))
);

CREATE INDEX open311_requests_job ON open311_requests (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX open311_requests_created ON open311_requests (created_at);

-- A citizen's comment posted by the client: recorded as an event of the job; the client's update_id makes a
-- resend harmless, and the event's id is the update_id mend answers with and shows in its feed.
CREATE TABLE open311_comments (
    integration_id INTEGER NOT NULL REFERENCES integrations (id),
    update_id      TEXT NOT NULL,
    event_id       INTEGER NOT NULL REFERENCES events (id),
    PRIMARY KEY (integration_id, update_id)
) WITHOUT ROWID;
