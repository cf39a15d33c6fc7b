-- The private intake page (issue 18): the resident gives their address and how to reach them on
-- INTAKE_BASE_URL/social/TOKEN. Tokens are kept only as the hex SHA-256 of the token, and never in a stored
-- reply: the reply keeps a placeholder, and a token is made when the reply is posted (each attempt makes its
-- own, so a reply that waits through a restart still goes out with a working link).
CREATE TABLE social_intake_tokens (
    token_hash  TEXT PRIMARY KEY,           -- hex SHA-256 of the token
    mention_id  INTEGER NOT NULL REFERENCES social_mentions (id),
    issued_at   INTEGER NOT NULL
);
CREATE INDEX social_intake_tokens_mention ON social_intake_tokens (mention_id);

-- Links posted before this version: their token was BLAKE2b-hashed on the mention; they keep working.
INSERT INTO social_intake_tokens (token_hash, mention_id, issued_at)
    SELECT 'blake2b:' || token_hash, id, received_at FROM social_mentions WHERE token_hash != '';

-- Replies written before this version carry the token itself: it is cut out (the reply still waiting gets a
-- fresh one when it is posted). Tokens are "mend_" and 64 hex digits.
UPDATE social_replies
SET body = substr(body, 1, instr(body, '/social/mend_') + 7) || '{token}' ||
           substr(body, instr(body, '/social/mend_') + 8 + 69)
WHERE event = 'social_intake' AND instr(body, '/social/mend_') > 0;

-- What a resident gave on the private page (0008's table had no place for the preferred channel; it was
-- never written to).
DROP TABLE social_intake_details;
CREATE TABLE social_intake_details (
    mention_id  INTEGER PRIMARY KEY REFERENCES social_mentions (id),
    name        TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL,
    address     TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',   -- E.164
    preferred   TEXT NOT NULL CHECK (preferred IN ('email', 'phone')),
    given_at    INTEGER NOT NULL
);

-- A dead reply put back in the queue by an officer (once): who and when.
ALTER TABLE social_replies ADD COLUMN retried_by INTEGER REFERENCES users (id);
ALTER TABLE social_replies ADD COLUMN retried_at INTEGER;
