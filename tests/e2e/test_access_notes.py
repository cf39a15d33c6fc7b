"""End-to-end tests of a home's access notes: staff change them on a page of their own, reached from the job
page, which shows who changed them last and when; every change is recorded; the contractor on a job at the
home reads them; tenants and contractors cannot change them, and notes too long are refused by name with
nothing changed."""

import html
import os
import re
import sqlite3
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import ServerTestCase, add_tenants  # noqa: E402

NOTES = "Key safe by the back door, code 4512. Dog in the garden: knock first."


class AccessNotes(ServerTestCase, unittest.TestCase):
    @classmethod
    def seed(cls):
        add_tenants(cls.mend, cls.demo, 1)

    def signed_in(self, who):
        resp = self.mend.sign_in(who["email"], who["password"])
        self.assertEqual(resp.status, 303, resp)
        return resp.cookie_set()

    def get(self, path, session):
        return self.anon.get(path, headers={"Cookie": session})

    def post_notes(self, ref, session, notes):
        page = self.get(f"/jobs/{ref}/access-notes", session)
        self.assertEqual(page.status, 200, page.body[:500])
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)
        body = urllib.parse.urlencode({"csrf_token": csrf, "access_notes": notes}).encode()
        return self.anon.post(f"/jobs/{ref}/access-notes", raw=body,
                              content_type="application/x-www-form-urlencoded", headers={"Cookie": session})

    def assigned_job(self, tenant_index):
        tenant, officer, firm = (self.demo.one("tenant", tenant_index), self.demo.one("officer"),
                                 self.demo.one("contractor"))
        home = self.demo.home_of(tenant)
        ref = self.as_(tenant).post("/api/v1/requests", {"uprn": home["uprn"], "category": "electrical",
                                                         "description": "Socket sparks"}).json["reference"]
        for action, extra in (("triage", {"priority": "routine"}), ("assign", {"contractor_id": firm["contractor_id"]})):
            resp = self.as_(officer).post(f"/api/v1/requests/{ref}/actions", {"action": action, **extra})
            self.assertEqual(resp.status, 200, resp.body)
        return ref, home

    def changes_of(self, uprn):
        db = sqlite3.connect(f"file:{os.path.join(self.mend.data, 'mend.db')}?mode=ro", uri=True)
        try:
            return db.execute("SELECT a.notes, a.changed_by FROM access_note_changes a JOIN properties p "
                              "ON p.id = a.property_id WHERE p.uprn = ? ORDER BY a.id", (uprn,)).fetchall()
        finally:
            db.close()

    def test_an_officer_changes_them_and_the_contractor_reads_them(self):
        ref, home = self.assigned_job(0)
        officer = self.demo.one("officer")
        session = self.signed_in(officer)
        job = self.get(f"/jobs/{ref}", session)
        self.assertIn("Getting in", job.body)
        self.assertIn(f'href="/jobs/{ref}/access-notes"', job.body)

        saved = self.post_notes(ref, session, "  " + NOTES + "\n")
        self.assertEqual(saved.status, 303, saved.body[:500])
        self.assertEqual(saved.header("location"), f"/jobs/{ref}?done=access_notes")
        job = html.unescape(self.get(saved.header("location"), session).body)
        self.assertIn("Access notes saved", job)
        self.assertIn(NOTES, job)
        self.assertIn(f"Changed by {officer['name']} on ", job)
        self.assertEqual(self.changes_of(home["uprn"]), [(NOTES, officer["id"])])

        firm = self.signed_in(self.demo.one("contractor"))
        self.assertIn(NOTES, html.unescape(self.get(f"/jobs/{ref}", firm).body))

        cleared = self.post_notes(ref, session, "   ")
        self.assertEqual(cleared.status, 303)
        self.assertIn("No access notes", self.get(f"/jobs/{ref}", session).body)
        self.assertEqual(self.changes_of(home["uprn"]), [(NOTES, officer["id"]), (None, officer["id"])])

    def test_notes_too_long_are_refused_by_name_and_nothing_changes(self):
        ref, home = self.assigned_job(1)
        session = self.signed_in(self.demo.one("officer"))
        resp = self.post_notes(ref, session, "x" * 1001)
        self.assertEqual(resp.status, 422)
        self.assertIn('href="#access-notes"', resp.body)
        self.assertIn("Access notes must be 1000 characters or fewer", resp.body)
        self.assertIn("x" * 1001, resp.body, "what was typed is shown again")
        self.assertEqual(self.changes_of(home["uprn"]), [])

    def test_tenants_and_contractors_cannot_see_or_change_them_here(self):
        ref, home = self.assigned_job(2)
        officer = self.signed_in(self.demo.one("officer"))
        self.assertEqual(self.post_notes(ref, officer, NOTES).status, 303)
        tenant = self.signed_in(self.demo.one("tenant", 2))
        self.assertNotIn(NOTES, html.unescape(self.get(f"/jobs/{ref}", tenant).body))
        for who in (tenant, self.signed_in(self.demo.one("contractor"))):
            self.assertEqual(self.get(f"/jobs/{ref}/access-notes", who).status, 404)
            page = self.get("/work-orders" if who != tenant else "/repairs", who)
            csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body)
            body = urllib.parse.urlencode({"csrf_token": csrf.group(1) if csrf else "", "access_notes": "Door open"})
            resp = self.anon.post(f"/jobs/{ref}/access-notes", raw=body.encode(),
                                  content_type="application/x-www-form-urlencoded", headers={"Cookie": who})
            self.assertIn(resp.status, (403, 404))
        self.assertEqual(len(self.changes_of(home["uprn"])), 1)


if __name__ == "__main__":
    unittest.main()
