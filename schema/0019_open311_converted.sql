-- An Open311 report that matched no home became an intake item; when an officer converts the item into a job,
-- the request keeps its intake reference (what the client knows it by) and gains the job, so the updates feed
-- and the client's comments reach the job. A request may now have both a job and an intake item (CHECK below).
CREATE TABLE open311_requests_new (
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
    CHECK (request_id IS NOT NULL OR mention_id IS NOT NULL)
);
INSERT INTO open311_requests_new (id, integration_id, sender_id, service_request_id, request_id, mention_id,
                                  service_code, lat, long, address_string, first_name, last_name, email, phone,
                                  created_at)
    SELECT id, integration_id, sender_id, service_request_id, request_id, mention_id, service_code, lat, long,
           address_string, first_name, last_name, email, phone, created_at
    FROM open311_requests;
DROP TABLE open311_requests;
ALTER TABLE open311_requests_new RENAME TO open311_requests;
CREATE INDEX open311_requests_job ON open311_requests (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX open311_requests_created ON open311_requests (created_at);
CREATE INDEX open311_requests_mention ON open311_requests (mention_id) WHERE mention_id IS NOT NULL;
