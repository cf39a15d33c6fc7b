"""End-to-end tests of shared problems (issue 19), second step: communal jobs and the "we know" pages. An officer
raises a job for a block over the API; tenants of the block read it, others do not; a tenant reports one through
the report form's shared-area path; the job goes to fixed and RP02 counts it once; the public known-problems page
and its Atom feed show it open, then fixed, with nothing private; bad input is refused naming the field."""

import datetime
import html
import os
import re
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import ServerTestCase  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"


class Communal(ServerTestCase, unittest.TestCase):
    @classmethod
    def seed(cls):
        m = cls.mend
        cls.estate = m.cli("place", "add", "--kind", "estate", "--name", "Lark Estate", "--address",
                           "Lark Road, London NW5")
        cls.block = m.cli("place", "add", "--kind", "block", "--name", "Lark House", "--address",
                          "Lark Road, London NW5", "--estate", str(cls.estate["id"]))
        cls.tenants = []
        for n, name in ((1, "Rosa Quill"), (2, "Omar Finch")):
            password = f"lark-tenant-{n}-password"
            user = m.cli("user", "add", "--role", "tenant", "--name", name, "--email", f"lark{n}@example.org",
                         "--password", password)
            user["password"] = password
            home = m.cli("property", "add", "--uprn", f"20000000000{n}", "--address", f"Flat {n}, Lark House",
                         "--postcode", "NW5 2XY", "--tenant", str(user["id"]), "--block", str(cls.block["id"]))
            user["home"] = home
            cls.tenants.append(user)

    def signed_in(self, account):
        resp = self.mend.sign_in(account["email"], account["password"])
        self.assertEqual(resp.status, 303, resp)
        cookie = resp.cookie_set()
        return cookie

    def csrf_of(self, page):
        return re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)

    def feed(self):
        resp = self.anon.get(f"/known-problems/blocks/{self.block['id']}.atom")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertTrue(resp.header("Content-Type").startswith("application/atom+xml"), resp.header("Content-Type"))
        root = ET.fromstring(resp.body)
        self.assertEqual(root.tag, ATOM + "feed")
        for name in ("id", "title", "updated", "author"):
            self.assertIsNotNone(root.find(ATOM + name), name)
        self.assertIn("self", [link.get("rel") for link in root.findall(ATOM + "link")])
        for entry in root.findall(ATOM + "entry"):
            for name in ("id", "title", "updated", "content"):
                self.assertIsNotNone(entry.find(ATOM + name), name)
        return resp.body, root

    def test_a_communal_job_from_report_to_fixed(self):
        officer, contractor = self.demo.one("officer"), self.demo.one("contractor")
        other = self.demo.one("tenant")
        api = self.as_(officer)
        made = api.post("/api/v1/requests", {"block": self.block["id"], "category": "electrical",
                                             "description": "Lift stuck at floor 3; Rosa Quill in flat 1 called",
                                             "public_summary": "The lift is not working"})
        self.assertEqual(made.status, 201, made.body)
        job = made.json
        ref = job["reference"]
        self.assertEqual(job["place"], {"id": self.block["id"], "kind": "block", "name": "Lark House"})
        self.assertEqual(job["public_summary"], "The lift is not working")
        self.assertIsNone(job["tenant_id"])

        # Tenants of the block read it (its public facts only); a tenant elsewhere does not.
        neighbour = self.as_(self.tenants[1]).get(f"/api/v1/requests/{ref}")
        self.assertEqual(neighbour.status, 200, neighbour.body)
        self.assertEqual(neighbour.json["description"], "The lift is not working")
        self.assertEqual(neighbour.json["allowed_actions"], [])
        self.assertEqual(self.as_(other).get(f"/api/v1/requests/{ref}").status, 404)
        self.assertEqual(self.as_(self.tenants[1]).get(f"/api/v1/requests/{ref}/events").status, 404)
        acted = self.as_(self.tenants[1]).post(f"/api/v1/requests/{ref}/actions", {"action": "cancel", "reason": "x"})
        self.assertIn(acted.status, (403, 404), acted.body)
        cookie = self.signed_in(self.tenants[1])
        page = self.anon.get(f"/jobs/{ref}", headers={"Cookie": cookie})
        self.assertEqual(page.status, 200, page.body[:300])
        self.assertIn("The lift is not working", page.body)
        self.assertNotIn("Rosa Quill", page.body)
        self.assertNotIn("floor 3", page.body)
        other_cookie = self.signed_in(other)
        self.assertEqual(self.anon.get(f"/jobs/{ref}", headers={"Cookie": other_cookie}).status, 404)

        # The public page and feed show it open, with nothing private.
        known = self.anon.get("/known-problems?postcode=nw52xy")
        self.assertEqual(known.status, 200, known.body[:300])
        text = html.unescape(known.body)
        self.assertIn("The lift is not working", text)
        self.assertIn(f'href="/known-problems/blocks/{self.block["id"]}.atom"', known.body)
        self.assertIn('rel="alternate" type="application/atom+xml"', known.body)
        for private in ("Rosa Quill", "Omar Finch", "Flat 1", "floor 3", "lark1@example.org"):
            self.assertNotIn(private, text)
        body, root = self.feed()
        self.assertIn("The lift is not working", body)
        self.assertIn("Status: Reported", body)
        self.assertNotIn("Rosa Quill", body)

        # The workflow treats it as any job; RP02 counts it once.
        today = datetime.datetime.now(datetime.timezone.utc).date()
        period = f"from={today - datetime.timedelta(days=1)}&to={today + datetime.timedelta(days=2)}"
        before = api.get(f"/api/v1/reports/rp02?{period}").json["rp02"]["non_emergency"]["count"]
        firm = self.as_(contractor).get("/api/v1/me").json["contractor_id"]
        for who, body in ((officer, {"action": "triage", "priority": "urgent"}),
                          (officer, {"action": "assign", "contractor_id": firm}),
                          (contractor, {"action": "start"}),
                          (contractor, {"action": "complete", "note": "New lift motor fitted"}),
                          (officer, {"action": "confirm_fixed", "note": "The lift works again",
                                     "public_summary": "The lift was not working"})):
            resp = self.as_(who).post(f"/api/v1/requests/{ref}/actions", body)
            self.assertEqual(resp.status, 200, (body, resp.body))
        self.assertEqual(resp.json["status"], "resolved")
        after = api.get(f"/api/v1/reports/rp02?{period}").json["rp02"]["non_emergency"]["count"]
        self.assertEqual(after, before + 1, "the communal job counts once")

        known = html.unescape(self.anon.get("/known-problems?postcode=NW5+2XY").body)
        self.assertIn("Fixed in the last 14 days", known)
        self.assertIn("The lift works again", known)
        self.assertIn("The lift was not working", known)
        body, _ = self.feed()
        self.assertIn("Status: Fixed", body)

    def test_a_tenant_reports_a_shared_area(self):
        officer = self.demo.one("officer")
        self.as_(officer).post("/api/v1/requests", {"estate": self.estate["id"], "category": "roofing",
                                                    "description": "Roof", "public_summary": "Leaking roof"})
        tenant = self.tenants[0]
        cookie = self.signed_in(tenant)
        form = self.anon.get("/repairs/new", headers={"Cookie": cookie})
        self.assertEqual(form.status, 200)
        self.assertIn("In a shared area of my block or estate", form.body)
        self.assertIn('href="/known-problems?postcode=NW5+2XY"', form.body, "we know about these")
        fields = {"csrf_token": self.csrf_of(form), "uprn": tenant["home"]["uprn"], "where": "shared",
                  "category": "communal",
                  "description": "The door entry buzzer does not work"}
        boundary = "communalboundary"
        raw = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                      for k, v in fields.items()) + f"--{boundary}--\r\n"
        sent = self.anon.post("/repairs/new", raw=raw.encode(), content_type=f"multipart/form-data; boundary={boundary}",
                              headers={"Cookie": cookie})
        self.assertEqual(sent.status, 303, sent.body[:500])
        ref = re.search(r"/jobs/([A-Z0-9-]+)", sent.header("Location")).group(1)
        job = self.as_(officer).get(f"/api/v1/requests/{ref}").json
        self.assertEqual(job["place"]["id"], self.block["id"], "the home's block")
        self.assertEqual(job["tenant_id"], tenant["id"])
        self.assertEqual(job["public_summary"], "")
        # The reporter stands to it; the neighbour reads it.
        self.assertIn("cancel", self.as_(tenant).get(f"/api/v1/requests/{ref}").json["allowed_actions"])
        self.assertEqual(self.as_(self.tenants[1]).get(f"/api/v1/requests/{ref}").json["description"], "")

    def test_bad_input_names_the_field(self):
        api = self.as_(self.demo.one("officer"))
        tenant = self.as_(self.demo.one("tenant"))
        count = len(api.get("/api/v1/requests?limit=200").json["items"])
        for client, body, field, status in (
                (api, {"block": 999999, "category": "electrical", "description": "x"}, "block", 422),
                (api, {"estate": self.block["id"], "category": "electrical", "description": "x"}, "estate", 422),
                (api, {"block": "one", "category": "electrical", "description": "x"}, "block", 422),
                (api, {"block": self.block["id"], "estate": self.estate["id"], "category": "electrical",
                       "description": "x"}, "estate", 422),
                (api, {"block": self.block["id"], "uprn": "200000000001", "category": "electrical",
                       "description": "x"}, "uprn", 422),
                (api, {"block": self.block["id"], "category": "electrical", "description": "x",
                       "public_summary": "Call 07700 900123"}, "public_summary", 422),
                (api, {"uprn": "200000000001", "category": "electrical", "description": "x",
                       "public_summary": "Lift"}, "public_summary", 422),
                (tenant, {"block": self.block["id"], "category": "electrical", "description": "x"}, "block", 422)):
            resp = client.post("/api/v1/requests", body)
            self.assertEqual(resp.status, status, (body, resp.body))
            self.assertEqual(resp.json["error"]["field"], field, resp.body)
        self.assertEqual(len(api.get("/api/v1/requests?limit=200").json["items"]), count, "nothing was added")
        bad = self.anon.get("/known-problems?postcode=not-a-postcode")
        self.assertEqual(bad.status, 422)
        self.assertIn("Enter a real postcode", bad.body)
        self.assertEqual(self.anon.get(f"/known-problems/estates/{self.block['id']}.atom").status, 404)
        self.assertEqual(self.anon.get("/known-problems/blocks/abc").status, 404)


if __name__ == "__main__":
    unittest.main()
