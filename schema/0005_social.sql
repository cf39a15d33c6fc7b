-- Social intake: mentions heard on a network, where reading them has got to, and the replies in their threads.
-- Times are Unix milliseconds (UTC), as in the outbox.

-- One row per post that mentioned us. (network, status_id) is unique, so a post delivered twice is one item.
CREATE TABLE social_mentions (
    id              INTEGER PRIMARY KEY,
    network         TEXT NOT NULL,              -- 'mastodon'
    notification_id TEXT NOT NULL,
    status_id       TEXT NOT NULL,              -- the post itself: what replies answer
    author          TEXT NOT NULL,              -- the account's acct, e.g. 'tom@social.example'
    author_url      TEXT NOT NULL DEFAULT '',
    status_url      TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,              -- plain text of the post
    posted_at       INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('new', 'linked', 'converted', 'dismissed')),
    reference       TEXT NOT NULL UNIQUE,       -- the intake's own reference, 'S-XXXX-XXXX'
    request_id      INTEGER REFERENCES requests (id),
    token_hash      TEXT NOT NULL DEFAULT '',   -- of the private page's token; '' for a mention linked at once
    dismiss_reason  TEXT NOT NULL DEFAULT '',
    handled_by      INTEGER REFERENCES users (id),
    received_at     INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (network, status_id)
);

CREATE INDEX social_mentions_state ON social_mentions (state, id);
CREATE INDEX social_mentions_request ON social_mentions (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX social_mentions_token ON social_mentions (token_hash) WHERE token_hash != '';

-- The newest notification id taken, per network. Moved in the same transaction as the mentions it covers.
CREATE TABLE social_cursors (
    network     TEXT PRIMARY KEY,
    last_id     TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- The replies we post in mentions' threads: their own small outbox, since an intake item has no job (and so
-- no notices) yet. A reply refused by the privacy check is 'failed' from the start, with the reason.
CREATE TABLE social_replies (
    id              INTEGER PRIMARY KEY,
    mention_id      INTEGER NOT NULL REFERENCES social_mentions (id),
    request_id      INTEGER REFERENCES requests (id),
    network         TEXT NOT NULL,
    event           TEXT NOT NULL,
    reference       TEXT NOT NULL,              -- the job's, or the intake's
    in_reply_to     TEXT NOT NULL,
    address         TEXT NOT NULL,              -- '@acct'
    body            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    provider_id     TEXT NOT NULL DEFAULT '',   -- the status we posted
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE INDEX social_replies_due ON social_replies (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX social_replies_mention ON social_replies (mention_id, id);
