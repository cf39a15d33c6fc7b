"""End-to-end tests of a form posted after its session ended: its text is kept only when the post came from
mend's own pages, only for the browser holding the cookie, once, and only on the page it came from. When the
session lapsed by time (the server's clock moved on through MEND_TEST_CLOCK_FILE), the report forms are kept
too, with their photos, however large the upload, and only their writer gets them back."""

import html
import os
import re
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend, ServerTestCase, add_tenants  # noqa: E402
from test_edge import multipart  # noqa: E402

NOTE = "Half a note about the loft wiring"
EXPIRED = "mend_session=" + "0" * 64
DESCRIPTION = "Water coming through the bathroom ceiling, worse since Sunday"
PHOTO = b"\xff\xd8\xff" + b"\x10" * 4000


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


def post_fields(client, path, session, fields, photo=None):
    """A multipart form post of (name, value) pairs, names repeating as they may, and perhaps a photo."""
    boundary = "listed"
    body = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
                    for k, v in fields)
    if photo is not None:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"wall.jpg\"\r\n"
                 "Content-Type: image/jpeg\r\n\r\n").encode() + photo + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return client.post(path, raw=body, content_type=f"multipart/form-data; boundary={boundary}",
                       headers={"Cookie": session})


class KeptPhotoClaims(ServerTestCase, unittest.TestCase):
    """A photo kept across a form's errors is named in the form with a claim the server signed for its uploader:
    nobody else can attach it by its hash, and a hash alone attaches nothing."""

    def signed_in(self, who):
        resp = self.mend.sign_in(who["email"], who["password"])
        self.assertEqual(resp.status, 303, resp)
        session = cookie_named(resp, "mend_session")
        page = self.anon.get("/repairs/new", headers={"Cookie": session})
        return session, re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)

    def report(self, tenant, session, csrf, kept_photo):
        fields = [("csrf_token", csrf), ("uprn", self.demo.home_of(tenant)["uprn"]), ("category", "plumbing"),
                  ("description", "Damp patch"), ("kept_photo", kept_photo)]
        resp = post_fields(self.anon, "/repairs/new", session, fields)
        self.assertEqual(resp.status, 303, resp.body[:800])
        job = self.anon.get(resp.header("location"), headers={"Cookie": session})
        return len(re.findall(r'<img src="/jobs/[^"]+/photos/[0-9a-f]{64}"', job.body))

    def test_only_the_uploader_can_attach_a_kept_photo(self):
        owner, other = self.demo.one("tenant", 0), self.demo.one("tenant", 1)
        session, csrf = self.signed_in(owner)
        refused = post_fields(self.anon, "/repairs/new", session,
                              [("csrf_token", csrf), ("uprn", self.demo.home_of(owner)["uprn"])], PHOTO)
        self.assertEqual(refused.status, 422)
        kept = html.unescape(re.search(r'name="kept_photo" value="([^"]+)"', refused.body).group(1))
        sha, claim, filename = kept.split(":", 2)
        self.assertRegex(sha, r"^[0-9a-f]{64}$")
        self.assertRegex(claim, r"^[0-9a-f]{64}$")
        self.assertEqual(filename, "wall.jpg")

        other_session, other_csrf = self.signed_in(other)
        self.assertEqual(self.report(other, other_session, other_csrf, kept), 0, "someone else's claim")
        self.assertEqual(self.report(other, other_session, other_csrf, f"{sha}:wall.jpg"), 0, "a hash alone")
        self.assertEqual(self.report(other, other_session, other_csrf, f"{sha}:{'0' * 64}:wall.jpg"), 0)
        self.assertEqual(self.report(owner, session, csrf, kept), 1, "the uploader's own claim")



class LapsedSessions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mend = Mend()
        try:
            cls.demo = cls.mend.demo()
            add_tenants(cls.mend, cls.demo, 5)
            cls.clock_file = os.path.join(cls.mend.root, "clock-offset")
            cls.move_clock(0)
            cls.anon = cls.mend.start(env={"MEND_TEST_CLOCK_FILE": cls.clock_file})
        except BaseException:
            cls.mend.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.mend.stop_ok()
        finally:
            cls.mend.cleanup()

    @classmethod
    def move_clock(cls, hours):
        with open(cls.clock_file, "w", encoding="utf-8") as f:
            f.write(str(hours * 3600))
        time.sleep(0.1)  # the server reads the file again once 20 ms have passed since it last did

    def setUp(self):
        self.hours = 0
        self.addCleanup(self.move_clock, 0)

    def lapse(self):
        """Moves the server's clock past the end of every session started so far."""
        self.hours += 13
        self.move_clock(self.hours)

    def signed_in(self, who):
        resp = self.mend.sign_in(who["email"], who["password"])
        self.assertEqual(resp.status, 303, resp)
        return cookie_named(resp, "mend_session")

    def csrf_of(self, path, session):
        page = self.anon.get(path, headers={"Cookie": session})
        self.assertEqual(page.status, 200, page.body[:500])
        return re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)

    def post_late(self, path, session, csrf, fields, photo=PHOTO):
        body, kind = multipart({"csrf_token": csrf, **fields}, {"photos": ("ceiling.jpg", photo, "image/jpeg")})
        return self.anon.post(path, raw=body, content_type=kind,
                              headers={"Cookie": session, "Origin": f"http://127.0.0.1:{self.mend.port}"})

    def jobs_of(self, tenant):
        return len(self.mend.client(tenant["token"]).get("/api/v1/requests?limit=100").json["items"])

    def kept_after(self, resp, path):
        self.assertEqual(resp.status, 303, resp.body[:500])
        self.assertEqual(resp.header("location"), f"/login?next={path}")
        kept = cookie_named(resp, "mend_kept")
        self.assertRegex(kept or "", r"^mend_kept=[0-9a-f]{64}$")
        return kept

    def report_kept(self, tenant, photo):
        home = self.demo.home_of(tenant)
        session = self.signed_in(tenant)
        csrf = self.csrf_of("/repairs/new", session)
        before = self.jobs_of(tenant)
        self.lapse()
        resp = self.post_late("/repairs/new", session, csrf, {"uprn": home["uprn"], "category": "plumbing",
                                                        "location": "Bathroom", "description": DESCRIPTION},
                              photo)
        kept = self.kept_after(resp, "/repairs/new")
        self.assertEqual(self.jobs_of(tenant), before, "nothing is reported while signed out")
        return kept, before

    def assert_restored(self, page):
        self.assertEqual(page.status, 200, page.body[:800])
        self.assertIn("You were signed out, so this was not sent", page.body)
        self.assertIn(DESCRIPTION, html.unescape(page.body))
        self.assertIn("Already attached", page.body)
        self.assertIn("ceiling.jpg", page.body)
        self.assertIn("mend_kept=;", " ".join(page.set_cookies))

    def send_restored(self, path, session, page, extra):
        kept_photos = re.findall(r'name="kept_photo" value="([^"]+)"', page.body)
        self.assertEqual(len(kept_photos), 1)
        fields = [("csrf_token", self.csrf_of(path, session)), *extra, ("description", DESCRIPTION),
                  ("category", "plumbing"), ("kept_photo", html.unescape(kept_photos[0]))]
        return post_fields(self.anon, path, session, fields)

    def test_the_tenants_report_comes_back_with_its_photo_and_is_sent_once(self):
        tenant = self.demo.one("tenant")
        kept, before = self.report_kept(tenant, PHOTO)
        session = self.signed_in(tenant)
        page = self.anon.get("/repairs/new", headers={"Cookie": f"{session}; {kept}"})
        self.assert_restored(page)
        self.assertRegex(page.body, r'value="plumbing"[^>]*checked')
        again = self.anon.get("/repairs/new", headers={"Cookie": f"{session}; {kept}"})
        self.assertNotIn(DESCRIPTION, html.unescape(again.body), "filled in once")

        sent = self.send_restored("/repairs/new", session, page, [("uprn", self.demo.home_of(tenant)["uprn"])])
        self.assertEqual(sent.status, 303, sent.body[:800])
        reference = re.match(r"^/jobs/([A-Z0-9-]+)\?done=report$", sent.header("location")).group(1)
        self.assertEqual(self.jobs_of(tenant), before + 1, "reported once")
        job = self.anon.get(f"/jobs/{reference}", headers={"Cookie": session})
        self.assertEqual(len(re.findall(rf'<img src="/jobs/{reference}/photos/[0-9a-f]{{64}}"', job.body)), 1)

    def test_the_tenants_update_comes_back_on_the_job_page_and_is_not_sent(self):
        tenant = self.demo.one("tenant", 6)
        api = self.mend.client(tenant["token"])
        made = api.post("/api/v1/requests", {"uprn": self.demo.home_of(tenant)["uprn"], "category": "plumbing",
                                             "description": "The kitchen tap drips"})
        self.assertEqual(made.status, 201, made)
        ref = made.json["reference"]
        session = self.signed_in(tenant)
        csrf = self.csrf_of(f"/jobs/{ref}", session)
        self.lapse()
        resp = self.post_late(f"/jobs/{ref}/updates", session, csrf, {"form": "update", "note": NOTE})
        kept = self.kept_after(resp, f"/jobs/{ref}")
        session = self.signed_in(tenant)
        page = self.anon.get(f"/jobs/{ref}", headers={"Cookie": f"{session}; {kept}"})
        self.assertEqual(page.status, 200, page.body[:800])
        self.assertIn("You were signed out, so this was not sent", page.body)
        self.assertRegex(html.unescape(page.body), rf'<textarea[^>]*name="note"[^>]*>{NOTE}</textarea>')
        actions = [e["action"] for e in api.get(f"/api/v1/requests/{ref}/events").json["items"]]
        self.assertNotIn("add_update", actions, "nothing is sent while signed out")

    def test_an_upload_larger_than_the_small_limit_is_kept_too(self):
        tenant = self.demo.one("tenant", 1)
        kept, _ = self.report_kept(tenant, b"\xff\xd8\xff" + os.urandom(2 * 1024 * 1024))
        session = self.signed_in(tenant)
        self.assert_restored(self.anon.get("/repairs/new", headers={"Cookie": f"{session}; {kept}"}))

    def test_a_large_upload_naming_no_session_is_not_read(self):
        resp = self.post_late("/repairs/new", EXPIRED, "f" * 64, {"description": DESCRIPTION},
                              b"\xff\xd8\xff" + os.urandom(2 * 1024 * 1024))
        self.assertEqual(resp.status, 303)
        self.assertEqual(resp.header("location"), "/login")
        self.assertIsNone(cookie_named(resp, "mend_kept"))

    def test_without_the_sessions_csrf_token_only_the_text_is_kept(self):
        tenant = self.demo.one("tenant", 5)
        session = self.signed_in(tenant)
        self.lapse()
        resp = self.post_late("/repairs/new", session, "f" * 64, {"category": "plumbing", "description": DESCRIPTION})
        kept = self.kept_after(resp, "/repairs/new")
        page = self.anon.get("/repairs/new", headers={"Cookie": f"{self.signed_in(tenant)}; {kept}"})
        self.assertIn(DESCRIPTION, html.unescape(page.body))
        self.assertNotIn("Already attached", page.body)

    def test_only_its_writer_gets_it_back(self):
        tenant, other = self.demo.one("tenant", 2), self.demo.one("tenant", 3)
        kept, _ = self.report_kept(tenant, PHOTO)
        stranger = self.signed_in(other)
        page = self.anon.get("/repairs/new", headers={"Cookie": f"{stranger}; {kept}"})
        self.assertNotIn(DESCRIPTION, html.unescape(page.body))
        mine = self.anon.get("/repairs/new", headers={"Cookie": f"{self.signed_in(tenant)}; {kept}"})
        self.assert_restored(mine)

    def test_phone_intake_comes_back_with_the_home_and_tenant_chosen(self):
        officer = self.demo.one("officer")
        tenant = self.demo.one("tenant", 4)
        session = self.signed_in(officer)
        found = self.anon.get("/intake?q=" + urllib.parse.quote(tenant["name"]), headers={"Cookie": session})
        link = html.unescape(re.search(r'href="(/intake/report\?home=[^"]+)"', found.body).group(1))
        query = dict(urllib.parse.parse_qsl(link.split("?", 1)[1]))
        csrf = self.csrf_of(link, session)
        before = self.jobs_of(tenant)
        self.lapse()
        resp = self.post_late("/intake/report", session, csrf, {**query, "notify_via": "usual", "category": "plumbing",
                                                          "description": DESCRIPTION})
        kept = self.kept_after(resp, "/intake/report")
        session = self.signed_in(officer)
        page = self.anon.get("/intake/report", headers={"Cookie": f"{session}; {kept}"})
        self.assert_restored(page)
        self.assertIn(tenant["name"], html.unescape(page.body))
        self.assertIn(f'name="home" value="{query["home"]}"', page.body)
        sent = self.send_restored("/intake/report", session, page, list(query.items()))
        self.assertEqual(sent.status, 303, sent.body[:800])
        self.assertEqual(self.jobs_of(tenant), before + 1)


if __name__ == "__main__":
    unittest.main()
