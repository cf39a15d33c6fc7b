-- Keys kept at write time for reads that would otherwise compute them from every job (issue 16, scripts/bench
-- --scale). Triggers keep them in step with requests and clocks, whichever code writes them, inside the same
-- transaction.

-- The work queue's order (app::job_filter::by_due): emergencies, then jobs with a legal clock at risk or
-- breached, then the soonest due running clock (a job with none: when it was reported), then the id. queue_band
-- is 0 for an emergency with a legal clock at risk, 1 for another emergency, 2 for another job with one, 3 for
-- the rest; queue_due is the soonest due time. Sorting by (queue_band, queue_due, id) is the queue's order.
ALTER TABLE requests ADD COLUMN queue_band INTEGER NOT NULL DEFAULT 3;
ALTER TABLE requests ADD COLUMN queue_due INTEGER NOT NULL DEFAULT 0;
-- 1 while a running clock of the job is breached (the overdue loop's escalated 2): the queue's overdue filter.
ALTER TABLE requests ADD COLUMN queue_overdue INTEGER NOT NULL DEFAULT 0;

-- What the keys of each job are, from its clocks: the one definition the triggers and the tests read.
CREATE VIEW queue_key_source AS
    SELECT r.id AS id,
           CASE WHEN r.priority = 'emergency' THEN 0 ELSE 2 END +
           CASE WHEN EXISTS (SELECT 1 FROM clocks c WHERE c.request_id = r.id AND c.kind <> 'repair_target' AND
                                 c.escalated >= 1 AND c.met_at IS NULL AND c.stopped_at IS NULL)
                THEN 0 ELSE 1 END AS band,
           COALESCE((SELECT MIN(c.due_at) FROM clocks c WHERE c.request_id = r.id AND c.met_at IS NULL AND
                         c.stopped_at IS NULL), r.created_at) AS due,
           EXISTS (SELECT 1 FROM clocks c WHERE c.request_id = r.id AND c.escalated >= 2 AND c.met_at IS NULL AND
                       c.stopped_at IS NULL) AS overdue
    FROM requests r;

UPDATE requests SET (queue_band, queue_due, queue_overdue) = (SELECT band, due, overdue FROM queue_key_source k WHERE k.id = requests.id);

-- job_writes::insert_job writes a new job's keys with its row (it has no clock yet); this is for any other
-- code that adds a job.
CREATE TRIGGER queue_key_job_added AFTER INSERT ON requests WHEN new.queue_due = 0 BEGIN
    UPDATE requests SET (queue_band, queue_due, queue_overdue) = (SELECT band, due, overdue FROM queue_key_source WHERE id = new.id)
        WHERE id = new.id;
END;

CREATE TRIGGER queue_key_job_changed AFTER UPDATE OF priority, created_at ON requests
    WHEN new.priority IS NOT old.priority OR new.created_at IS NOT old.created_at BEGIN
    UPDATE requests SET (queue_band, queue_due, queue_overdue) = (SELECT band, due, overdue FROM queue_key_source WHERE id = new.id)
        WHERE id = new.id;
END;

CREATE TRIGGER queue_key_clock_added AFTER INSERT ON clocks BEGIN
    UPDATE requests SET (queue_band, queue_due, queue_overdue) =
        (SELECT band, due, overdue FROM queue_key_source WHERE id = new.request_id) WHERE id = new.request_id;
END;

-- Starting, pausing (a pause moves due_at when it ends), meeting, stopping and escalating a clock.
CREATE TRIGGER queue_key_clock_changed AFTER UPDATE ON clocks
    WHEN new.due_at IS NOT old.due_at OR new.met_at IS NOT old.met_at OR new.stopped_at IS NOT old.stopped_at OR
         new.escalated IS NOT old.escalated OR new.kind IS NOT old.kind OR new.request_id IS NOT old.request_id
BEGIN
    UPDATE requests SET (queue_band, queue_due, queue_overdue) =
        (SELECT band, due, overdue FROM queue_key_source WHERE id = new.request_id) WHERE id = new.request_id;
    UPDATE requests SET (queue_band, queue_due, queue_overdue) =
        (SELECT band, due, overdue FROM queue_key_source WHERE id = old.request_id)
        WHERE id = old.request_id AND old.request_id IS NOT new.request_id;
END;

CREATE TRIGGER queue_key_clock_removed AFTER DELETE ON clocks BEGIN
    UPDATE requests SET (queue_band, queue_due, queue_overdue) =
        (SELECT band, due, overdue FROM queue_key_source WHERE id = old.request_id) WHERE id = old.request_id;
END;

-- The open queue (the filters but status and category walk it in order; the WHERE is the one
-- sqlite_read_store::filter_conditions writes for open_only, so SQLite may use it), the queue by status, and
-- the open queue by category and the open overdue jobs.
CREATE INDEX requests_queue ON requests (queue_band, queue_due, id)
    WHERE status NOT IN ('closed', 'cancelled', 'rejected', 'duplicate');
CREATE INDEX requests_queue_status ON requests (status, queue_band, queue_due, id);
CREATE INDEX requests_queue_category ON requests (category, queue_band, queue_due, id)
    WHERE status NOT IN ('closed', 'cancelled', 'rejected', 'duplicate');
CREATE INDEX requests_queue_overdue ON requests (queue_band, queue_due, id)
    WHERE queue_overdue = 1 AND status NOT IN ('closed', 'cancelled', 'rejected', 'duplicate');

-- How many jobs are in each state, for the queue's counts and /metrics: counting every job's index entry
-- took longer than the rest of the queue's page.
CREATE TABLE job_counts (
    status  TEXT PRIMARY KEY,
    jobs    INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO job_counts (status, jobs) SELECT status, COUNT(*) FROM requests GROUP BY status;

CREATE TRIGGER job_counts_added AFTER INSERT ON requests BEGIN
    INSERT INTO job_counts (status, jobs) VALUES (new.status, 1)
        ON CONFLICT (status) DO UPDATE SET jobs = jobs + 1;
END;

CREATE TRIGGER job_counts_moved AFTER UPDATE OF status ON requests WHEN new.status IS NOT old.status BEGIN
    UPDATE job_counts SET jobs = jobs - 1 WHERE status = old.status;
    INSERT INTO job_counts (status, jobs) VALUES (new.status, 1)
        ON CONFLICT (status) DO UPDATE SET jobs = jobs + 1;
END;

CREATE TRIGGER job_counts_removed AFTER DELETE ON requests BEGIN
    UPDATE job_counts SET jobs = jobs - 1 WHERE status = old.status;
END;

-- What a job's events say so far about its priority, target and completion (domain::job_story, which RP02
-- follows through the events before the end of its period): kept as each event is written, so that RP02 reads
-- one row for a job whose last event is before the period's end, and the events only of the others. story_firm
-- is the firm assigned now (none after a decline or a reopen); story_completed_at and story_completed_by are
-- set by a completion and cleared by a reopen; story_last_at is the time of the job's latest event.
ALTER TABLE requests ADD COLUMN story_priority TEXT;
ALTER TABLE requests ADD COLUMN story_target_due INTEGER;
ALTER TABLE requests ADD COLUMN story_firm INTEGER;
ALTER TABLE requests ADD COLUMN story_completed_at INTEGER;
ALTER TABLE requests ADD COLUMN story_completed_by INTEGER;
ALTER TABLE requests ADD COLUMN story_last_at INTEGER;

-- Each job's story from all its events: what the migration fills in and the tests check the trigger against.
CREATE VIEW job_story_source AS
    SELECT r.id AS id,
           (SELECT json_extract(e.data, '$.priority') FROM events e WHERE e.request_id = r.id AND
                json_extract(e.data, '$.priority') IN ('emergency', 'urgent', 'routine', 'planned')
            ORDER BY e.seq DESC LIMIT 1) AS priority,
           (SELECT unixepoch(json_extract(e.data, '$.target_due')) FROM events e WHERE e.request_id = r.id AND
                unixepoch(json_extract(e.data, '$.target_due')) IS NOT NULL
            ORDER BY e.seq DESC LIMIT 1) AS target_due,
           (SELECT CASE WHEN e.action = 'assign' THEN COALESCE(CAST(json_extract(e.data, '$.contractor_id') AS INTEGER), 0)
                   END
            FROM events e WHERE e.request_id = r.id AND e.action IN ('assign', 'decline', 'reopen')
            ORDER BY e.seq DESC LIMIT 1) AS firm,
           (SELECT CASE WHEN e.action = 'complete' THEN e.at END FROM events e
            WHERE e.request_id = r.id AND e.action IN ('complete', 'reopen') ORDER BY e.seq DESC LIMIT 1)
               AS completed_at,
           (SELECT (SELECT CASE WHEN f.action = 'assign'
                                THEN COALESCE(CAST(json_extract(f.data, '$.contractor_id') AS INTEGER), 0) END
                    FROM events f WHERE f.request_id = r.id AND f.seq < e.seq AND
                         f.action IN ('assign', 'decline', 'reopen') ORDER BY f.seq DESC LIMIT 1)
            FROM events e WHERE e.request_id = r.id AND e.action = 'complete' AND NOT EXISTS
                (SELECT 1 FROM events g WHERE g.request_id = r.id AND g.seq > e.seq AND
                     g.action IN ('complete', 'reopen'))) AS completed_by,
           (SELECT MAX(e.at) FROM events e WHERE e.request_id = r.id) AS last_at
    FROM requests r;

UPDATE requests SET (story_priority, story_target_due, story_firm, story_completed_at, story_completed_by,
                     story_last_at) =
    (SELECT priority, target_due, firm, completed_at, completed_by, last_at FROM job_story_source s
     WHERE s.id = requests.id);

-- domain::job_story::follow, one event at a time (every SET reads the row as it was before this event).
CREATE TRIGGER job_story_event AFTER INSERT ON events BEGIN
    UPDATE requests SET
        story_priority = CASE WHEN json_extract(new.data, '$.priority') IN ('emergency', 'urgent', 'routine', 'planned')
                              THEN json_extract(new.data, '$.priority') ELSE story_priority END,
        story_target_due = COALESCE(unixepoch(json_extract(new.data, '$.target_due')), story_target_due),
        story_firm = CASE new.action
                         WHEN 'assign' THEN COALESCE(CAST(json_extract(new.data, '$.contractor_id') AS INTEGER), 0)
                         WHEN 'decline' THEN NULL WHEN 'reopen' THEN NULL ELSE story_firm END,
        story_completed_at = CASE new.action WHEN 'complete' THEN new.at WHEN 'reopen' THEN NULL
                                 ELSE story_completed_at END,
        story_completed_by = CASE new.action WHEN 'complete' THEN story_firm WHEN 'reopen' THEN NULL
                                 ELSE story_completed_by END,
        story_last_at = MAX(COALESCE(story_last_at, new.at), new.at)
    WHERE id = new.request_id;
END;

-- RP02's ratings in a period.
CREATE INDEX events_rated ON events (at) WHERE action = 'rate';
