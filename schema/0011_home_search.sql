-- Phone intake finds a home by postcode, address or a tenant's name (SQLite FTS5). One row per home, its rowid
-- the home's id: the address, the postcode as written and without its space ("NW1 9AB NW19AB", so that
-- "NW1 9" and "nw19a" both find it), and the names of the tenants who hold it. Triggers keep it in step with
-- properties, tenancies and users, whichever code writes them.
CREATE VIRTUAL TABLE home_search USING fts5(
    address, postcode, tenants,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE VIEW home_search_source AS
    SELECT p.id AS id, p.address AS address, p.postcode || ' ' || replace(p.postcode, ' ', '') AS postcode,
           coalesce((SELECT group_concat(u.name, ' ') FROM tenancies t JOIN users u ON u.id = t.user_id
                     WHERE t.property_id = p.id), '') AS tenants
    FROM properties p;

INSERT INTO home_search (rowid, address, postcode, tenants)
    SELECT id, address, postcode, tenants FROM home_search_source;

CREATE TRIGGER home_search_home_added AFTER INSERT ON properties BEGIN
    INSERT INTO home_search (rowid, address, postcode, tenants)
        SELECT id, address, postcode, tenants FROM home_search_source WHERE id = new.id;
END;

CREATE TRIGGER home_search_home_changed AFTER UPDATE OF address, postcode ON properties BEGIN
    DELETE FROM home_search WHERE rowid = old.id;
    INSERT INTO home_search (rowid, address, postcode, tenants)
        SELECT id, address, postcode, tenants FROM home_search_source WHERE id = new.id;
END;

CREATE TRIGGER home_search_home_removed AFTER DELETE ON properties BEGIN
    DELETE FROM home_search WHERE rowid = old.id;
END;

CREATE TRIGGER home_search_tenancy_added AFTER INSERT ON tenancies BEGIN
    DELETE FROM home_search WHERE rowid = new.property_id;
    INSERT INTO home_search (rowid, address, postcode, tenants)
        SELECT id, address, postcode, tenants FROM home_search_source WHERE id = new.property_id;
END;

CREATE TRIGGER home_search_tenancy_ended AFTER DELETE ON tenancies BEGIN
    DELETE FROM home_search WHERE rowid = old.property_id;
    INSERT INTO home_search (rowid, address, postcode, tenants)
        SELECT id, address, postcode, tenants FROM home_search_source WHERE id = old.property_id;
END;

CREATE TRIGGER home_search_tenant_renamed AFTER UPDATE OF name ON users BEGIN
    DELETE FROM home_search WHERE rowid IN (SELECT property_id FROM tenancies WHERE user_id = new.id);
    INSERT INTO home_search (rowid, address, postcode, tenants)
        SELECT s.id, s.address, s.postcode, s.tenants FROM home_search_source s
        WHERE s.id IN (SELECT property_id FROM tenancies WHERE user_id = new.id);
END;
