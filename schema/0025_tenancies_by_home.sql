-- The tenants of a home: tenancies' key starts with the user, so every lookup by home (the phone intake's search
-- row, rebuilt by a trigger whenever a home or a tenancy is added; the officer's job for a home; the Homes page;
-- a block's leaseholders) read every tenancy. At 250,000 homes that made adding one home scan them all.
CREATE INDEX tenancies_home ON tenancies (property_id, user_id);
