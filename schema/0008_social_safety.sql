-- The social channel made safe in public (issue 18): thread replies attach to what they answer, the staff's
-- risk checklist, approval of officers' own words, word-list flags, and the private intake page's details.

-- The post a mention answers (Mastodon's in_reply_to_id), and the word lists it matched ("possible_hazard,abusive").
ALTER TABLE social_mentions ADD COLUMN in_reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE social_mentions ADD COLUMN flags TEXT NOT NULL DEFAULT '';
-- Our own posts, to find the thread a resident's answer belongs to.
CREATE INDEX social_replies_provider ON social_replies (network, provider_id) WHERE provider_id != '';
CREATE INDEX social_mentions_flagged ON social_mentions (state, id) WHERE flags != '';

-- A resident's later post about an item we know (a reply in its thread, or naming its S- reference): kept on
-- the item (and its job, when it has one), never a new intake item.
CREATE TABLE social_updates (
    id          INTEGER PRIMARY KEY,
    network     TEXT NOT NULL,
    status_id   TEXT NOT NULL,
    mention_id  INTEGER NOT NULL REFERENCES social_mentions (id),
    request_id  INTEGER REFERENCES requests (id),
    author      TEXT NOT NULL,
    status_url  TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    posted_at   INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (network, status_id)
);
CREATE INDEX social_updates_mention ON social_updates (mention_id, id);
CREATE INDEX social_updates_request ON social_updates (request_id, id) WHERE request_id IS NOT NULL;

-- The landlord's social-media risk checklist: each change of its items is a new version.
CREATE TABLE social_checklists (
    version     INTEGER PRIMARY KEY,
    items       TEXT NOT NULL,              -- one item a line
    set_by      INTEGER REFERENCES users (id), -- NULL when it came from the config file
    created_at  INTEGER NOT NULL
);

-- Who completed which version, and when.
CREATE TABLE social_checklist_completions (
    user_id      INTEGER NOT NULL REFERENCES users (id),
    version      INTEGER NOT NULL REFERENCES social_checklists (version),
    completed_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, version)
);

-- An officer's own words waiting for a second cleared officer ([social] require_approval).
CREATE TABLE social_approvals (
    id          INTEGER PRIMARY KEY,
    mention_id  INTEGER REFERENCES social_mentions (id), -- the words are for this thread,
    request_id  INTEGER REFERENCES requests (id),        -- or for every thread of this job
    text        TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    state       TEXT NOT NULL CHECK (state IN ('waiting', 'approved', 'rejected')),
    decided_by  INTEGER REFERENCES users (id),
    reason      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    decided_at  INTEGER
);
CREATE INDEX social_approvals_waiting ON social_approvals (id) WHERE state = 'waiting';

-- What a resident gave on the private intake page: their address and how to reach them, seen by staff only.
CREATE TABLE social_intake_details (
    mention_id  INTEGER PRIMARY KEY REFERENCES social_mentions (id),
    name        TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL,
    postcode    TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '',
    given_at    INTEGER NOT NULL
);
