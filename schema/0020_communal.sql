-- Communal jobs: a job raised against the shared areas of a block or an estate rather than one home.
--
-- requests.property_id stays NOT NULL (rebuilding requests would mean recreating its indexes, the tables that
-- reference it and every query's inner join on properties): a communal job's property_id is its place's
-- "communal areas" home, a properties row made on first use with communal_of naming the place, and
-- requests.place_id names the block or estate. So the workflow, clocks, targets, reports and exports, which
-- all go through the home, treat a communal job as any other, and count it once.
ALTER TABLE requests ADD COLUMN place_id INTEGER REFERENCES places (id);
-- What is wrong, in words an officer wrote for the public (the known-problems page and its feed).
ALTER TABLE requests ADD COLUMN public_summary TEXT NOT NULL DEFAULT '';
CREATE INDEX requests_place ON requests (place_id, status) WHERE place_id IS NOT NULL;

ALTER TABLE properties ADD COLUMN communal_of INTEGER REFERENCES places (id);
CREATE UNIQUE INDEX properties_communal ON properties (communal_of) WHERE communal_of IS NOT NULL;

-- The communal areas are not a home to search for on the phone.
DROP TRIGGER home_search_home_added;
CREATE TRIGGER home_search_home_added AFTER INSERT ON properties WHEN new.communal_of IS NULL BEGIN
    INSERT INTO home_search (rowid, address, postcode, tenants)
        SELECT id, address, postcode, tenants FROM home_search_source WHERE id = new.id;
END;
