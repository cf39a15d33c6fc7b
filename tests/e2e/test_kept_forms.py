"""End-to-end tests of a form posted after its session ended: its text is kept only when the post came from
mend's own pages, only for the browser holding the cookie, once, and only on the page it came from."""

import os
import re
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import ServerTestCase  # noqa: E402

NOTE = "Half a note about the loft wiring"
EXPIRED = "mend_session=" + "0" * 64


def cookie_named(resp, name):
    for c in resp.set_cookies:
        if c.startswith(name + "="):
            return c.split(";")[0]
    return None


class KeptForms(ServerTestCase, unittest.TestCase):
    @classmethod
    def seed(cls):
        pass

    def started_job(self):
        tenant, officer, firm = self.demo.one("tenant"), self.demo.one("officer"), self.demo.one("contractor")
        home = self.demo.home_of(tenant)
        ref = self.as_(tenant).post("/api/v1/requests", {"uprn": home["uprn"], "category": "electrical",
                                                         "description": "Fan dead"}).json["reference"]
        for who, action, extra in ((officer, "triage", {"priority": "routine"}),
                                   (officer, "assign", {"contractor_id": firm["contractor_id"]}),
                                   (firm, "start", {})):
            resp = self.as_(who).post(f"/api/v1/requests/{ref}/actions", {"action": action, **extra})
            self.assertEqual(resp.status, 200, resp.body)
        return ref

    def post_signed_out(self, ref, headers):
        body = urllib.parse.urlencode({"csrf_token": "f" * 64, "action": "complete", "note": NOTE}).encode()
        return self.anon.post(f"/jobs/{ref}/actions", raw=body, content_type="application/x-www-form-urlencoded",
                              headers={"Cookie": EXPIRED, **headers})

    def session(self):
        firm = self.demo.one("contractor")
        resp = self.mend.sign_in(firm["email"], firm["password"])
        self.assertEqual(resp.status, 303)
        return cookie_named(resp, "mend_session")

    def test_a_post_from_another_site_is_not_kept(self):
        ref = self.started_job()
        origin = f"http://127.0.0.1:{self.mend.port}"
        for headers in ({"Sec-Fetch-Site": "cross-site", "Origin": origin}, {"Origin": "https://evil.example"},
                        {}):
            with self.subTest(headers=headers):
                resp = self.post_signed_out(ref, headers)
                self.assertEqual(resp.status, 303)
                self.assertEqual(resp.header("location"), "/login")
                self.assertIsNone(cookie_named(resp, "mend_kept"))

    def test_a_post_from_mend_is_kept_and_filled_in_once_on_its_page(self):
        ref = self.started_job()
        resp = self.post_signed_out(ref, {"Origin": f"http://127.0.0.1:{self.mend.port}"})
        self.assertEqual(resp.status, 303)
        self.assertEqual(resp.header("location"), f"/login?next=/jobs/{ref}")
        kept = cookie_named(resp, "mend_kept")
        self.assertRegex(kept, r"^mend_kept=[0-9a-f]{64}$")
        login = self.anon.get(f"/login?next=/jobs/{ref}", headers={"Cookie": kept})
        self.assertIn("You were signed out, so your form was not sent", login.body)

        session = self.session()
        other = self.anon.get("/work-orders", headers={"Cookie": f"{session}; {kept}"})
        self.assertNotIn(NOTE, other.body, "another page does not take it")
        without = self.anon.get(f"/jobs/{ref}", headers={"Cookie": session})
        self.assertNotIn(NOTE, without.body, "only the browser with the cookie gets it back")
        back = self.anon.get(f"/jobs/{ref}", headers={"Cookie": f"{session}; {kept}"})
        self.assertEqual(back.status, 200)
        self.assertIn(NOTE, back.body)
        self.assertIn("You were signed out, so this was not sent", back.body)
        self.assertIn("mend_kept=;", " ".join(back.set_cookies))
        again = self.anon.get(f"/jobs/{ref}", headers={"Cookie": f"{session}; {kept}"})
        self.assertNotIn(NOTE, again.body, "filled in once")


if __name__ == "__main__":
    unittest.main()
