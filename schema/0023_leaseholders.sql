-- Leaseholders: a tenancy's tenure, and the recharge flag on communal jobs.
--
-- Residents who own their lease (leaseholders, and shared owners, who part own) sign in and report as tenants
-- do; what differs is what the landlord repairs for them. The tenure is the tenancy's, not the user's: one
-- person may rent one home and own the lease of another.
ALTER TABLE tenancies ADD COLUMN tenure TEXT NOT NULL DEFAULT 'tenant'
    CHECK (tenure IN ('tenant', 'leaseholder', 'shared_owner'));

-- A communal job for a block or an estate with leasehold homes in it: leaseholders may be recharged for it
-- through the service charge (set when the job is raised; shown to officers and in the jobs CSV).
ALTER TABLE requests ADD COLUMN recharge INTEGER NOT NULL DEFAULT 0 CHECK (recharge IN (0, 1));
