-- Blocks and estates: the places homes belong to, with their own names, addresses and, where they have one,
-- their own UPRN (a block's parent UPRN). One table for both, so that a communal job can name either with one
-- column. A block may lie on an estate.
CREATE TABLE places (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('block', 'estate')),
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    uprn        TEXT UNIQUE,
    estate_id   INTEGER REFERENCES places (id), -- a block's estate; NULL for estates
    created_at  INTEGER NOT NULL,
    UNIQUE (kind, name)
);

-- A home's block and estate (either may be NULL). A home in a block on an estate has both, so that the homes
-- of an estate are one indexed lookup.
ALTER TABLE properties ADD COLUMN block_id INTEGER REFERENCES places (id);
ALTER TABLE properties ADD COLUMN estate_id INTEGER REFERENCES places (id);

CREATE INDEX properties_block ON properties (block_id, uprn) WHERE block_id IS NOT NULL;
CREATE INDEX properties_estate ON properties (estate_id, uprn) WHERE estate_id IS NOT NULL;
