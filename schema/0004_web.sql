-- Web pages: passwords, browser sessions, tracking links, photos and job ratings.

-- argon2id (libsodium crypto_pwhash_str); NULL: the user cannot log in to the pages (API tokens still work).
ALTER TABLE users ADD COLUMN password_hash TEXT;

CREATE INDEX users_email ON users (lower(email));
CREATE INDEX users_phone ON users (phone);

-- A browser session: only a hash of the cookie's secret is kept; the CSRF token is sent in every form.
CREATE TABLE web_sessions (
    id_hash     TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX web_sessions_user ON web_sessions (user_id);

-- The unguessable token of a job's public tracking page (the link a notice carries). It is kept as it is,
-- not hashed, because notices written later must be able to repeat the link; it shows the public status only.
CREATE TABLE tracking_links (
    request_id  INTEGER PRIMARY KEY REFERENCES requests (id),
    token       TEXT NOT NULL UNIQUE
);

-- Photos of a job; the bytes live in DATA/photos/<sha256>, shared by every job that has the same picture.
CREATE TABLE photos (
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    sha256        TEXT NOT NULL,
    content_type  TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    bytes         INTEGER NOT NULL,
    event_seq     INTEGER NOT NULL,  -- the event (report, complete) it came with
    uploaded_by   INTEGER NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (request_id, sha256)
) WITHOUT ROWID;
