-- Outages delay notices, never drop them: a notice keeps trying for its channel's retry horizon (72 hours
-- unless configured), counted from when its current run of tries began. Unix milliseconds, as in the outbox.

-- While pending: when the notice began trying (it was made, the chain moved on to it, or an officer retried
-- it). Rows already pending start from their last change, so that none gives up sooner than it would have.
ALTER TABLE notices ADD COLUMN trying_since INTEGER;
UPDATE notices SET trying_since = updated_at WHERE state = 'pending';
