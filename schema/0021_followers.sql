-- Followers of a job: residents who said "me too" (a tenant's account), contacts an officer recorded (an email
-- address, a phone number or a postal address, on that channel) and social threads (a mention in the inbox).
-- Each hears every public step of the job once, on their own channel. Times are Unix milliseconds.
CREATE TABLE followers (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    kind        TEXT NOT NULL CHECK (kind IN ('tenant', 'contact', 'thread')),
    user_id     INTEGER REFERENCES users (id),            -- a tenant
    mention_id  INTEGER REFERENCES social_mentions (id),  -- a thread
    channel     TEXT NOT NULL DEFAULT '',                 -- a contact's: email, sms or letter
    address     TEXT NOT NULL DEFAULT '',                 -- a contact's address on that channel
    name        TEXT NOT NULL DEFAULT '',                 -- a contact's name, when given
    added_by    INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    CHECK ((kind = 'tenant') = (user_id IS NOT NULL)),
    CHECK ((kind = 'thread') = (mention_id IS NOT NULL)),
    CHECK ((kind = 'contact') = (channel != '' AND address != ''))
);

CREATE UNIQUE INDEX followers_tenant ON followers (request_id, user_id) WHERE kind = 'tenant';
CREATE UNIQUE INDEX followers_thread ON followers (request_id, mention_id) WHERE kind = 'thread';
CREATE UNIQUE INDEX followers_contact ON followers (request_id, channel, address) WHERE kind = 'contact';
CREATE INDEX followers_of_user ON followers (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX followers_of_mention ON followers (mention_id) WHERE mention_id IS NOT NULL;

-- A mention linked to a job was a thread its progress is told in: it is now that job's follower, and a thread
-- is told a job's steps while it follows (the mention converted into a job is that job's own thread).
INSERT INTO followers (request_id, kind, mention_id, added_by, created_at)
SELECT request_id, 'thread', id, handled_by, updated_at FROM social_mentions
WHERE state = 'linked' AND request_id IS NOT NULL;
