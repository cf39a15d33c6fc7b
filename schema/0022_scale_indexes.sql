-- Indexes for a landlord's year at scale (issue 16, scripts/bench --scale): each for a query of the writer's
-- that scanned every user, tenants and all, inside the writer's transaction.

-- The firm's users, told of every assignment and cancellation (notice_writes::firm_users).
CREATE INDEX users_contractor ON users (contractor_id) WHERE contractor_id IS NOT NULL;

-- The officers, told when a tenant reopens a job (notice_writes::officers).
CREATE INDEX users_role ON users (role, id);
