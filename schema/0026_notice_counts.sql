-- How many notices are in each state, for /metrics: counting the outbox by state read every notice's index
-- entry (over a second at a million jobs, millions of notices), kept here as job_counts keeps the jobs.
CREATE TABLE notice_counts (
    state   TEXT PRIMARY KEY,
    notices INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO notice_counts (state, notices) SELECT state, COUNT(*) FROM notices GROUP BY state;

CREATE TRIGGER notice_counts_added AFTER INSERT ON notices BEGIN
    INSERT INTO notice_counts (state, notices) VALUES (new.state, 1)
        ON CONFLICT (state) DO UPDATE SET notices = notices + 1;
END;

CREATE TRIGGER notice_counts_moved AFTER UPDATE OF state ON notices WHEN new.state IS NOT old.state BEGIN
    UPDATE notice_counts SET notices = notices - 1 WHERE state = old.state;
    INSERT INTO notice_counts (state, notices) VALUES (new.state, 1)
        ON CONFLICT (state) DO UPDATE SET notices = notices + 1;
END;

CREATE TRIGGER notice_counts_removed AFTER DELETE ON notices BEGIN
    UPDATE notice_counts SET notices = notices - 1 WHERE state = old.state;
END;
