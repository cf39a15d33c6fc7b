-- The social channel in public: every privacy refusal is an alert of its own (a later refusal of another text
-- on the same job must not hide behind the first); other kinds stay once per job.
CREATE TABLE request_alerts_new (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
INSERT INTO request_alerts_new (id, request_id, kind, detail, created_at)
    SELECT id, request_id, kind, detail, created_at FROM request_alerts;
DROP TABLE request_alerts;
ALTER TABLE request_alerts_new RENAME TO request_alerts;
CREATE UNIQUE INDEX request_alerts_once ON request_alerts (request_id, kind) WHERE kind <> 'privacy_block';
CREATE INDEX request_alerts_request ON request_alerts (request_id, id);
