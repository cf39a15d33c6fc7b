-- Who changed a home's access notes (how a contractor gets in), and when. Every version is kept; the current
-- one is also properties.access_notes, which the job pages read.
CREATE TABLE access_note_changes (
    id           INTEGER PRIMARY KEY,
    property_id  INTEGER NOT NULL REFERENCES properties (id),
    notes        TEXT,  -- NULL: cleared
    changed_by   INTEGER NOT NULL REFERENCES users (id),
    changed_at   INTEGER NOT NULL
);

CREATE INDEX access_note_changes_property ON access_note_changes (property_id, id);
