"""The shared-problems story of issue 19 as one test, end to end on a real server, a real SMTP server and the fake
Mastodon: three residents of a block post about its lift; an officer raises one communal job for the block, links
two of the mentions as followers, converts the third and marks it a duplicate of the job; a web tenant of the block
presses "Me too" on the job's page; a leaseholder of the block is told on the report form that their own kitchen
tap is theirs to fix and reports a communal leak instead. The lift goes to "fixed" with the officer's public words:
each of the three threads gets each public reply once, the web tenant and the leaseholder get each notice once (by
email through the SMTP server), and the known-problems page and its feed show the fixed state. Leaseholders: the
tenure comes from the homes import, the communal jobs carry the recharge flag (officers' job page, the API and the
jobs CSV), and a leaseholder's report of their own repair is refused naming the field, writing nothing."""

import html
import os
import re
import sys
import time
import unittest
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakes  # noqa: E402
from social_mail import NetworksAndMail  # noqa: E402

HOMES = """uprn,address,postcode,tenant_name,tenant_email,tenant_phone,block,estate,tenure
310000000001,"Flat 1, Kite House",N7 9QU,Kit Marsh,kit@example.org,,Kite House,,leaseholder
310000000002,"Flat 2, Kite House",N7 9QU,Ada Marsh,ada@example.org,,Kite House,,freeholder
310000000003,"Flat 3, Kite House",N7 9QU,,,,Kite House,,shared_owner
320000000001,"Flat 1, Finch House",N7 9QV,Fay Lin,fay@example.org,,Finch House,,tenant
"""


class SharedStory(NetworksAndMail, unittest.TestCase):
    @classmethod
    def seed(cls):
        """The block and its residents, with the CLI before the server starts: a tenant with a web account
        (Wren), a leaseholder (Lee) and a flat without a tenant."""
        m = cls.mend
        cls.block = m.cli("place", "add", "--kind", "block", "--name", "Heron Court", "--address",
                          "Heron Road, London N7")
        for name in ("Kite House", "Finch House"):
            m.cli("place", "add", "--kind", "block", "--name", name, "--address", "Heron Road, London N7")
        residents = {}
        for n, (key, name, tenure) in enumerate((("wren", "Wren Adeyemi", "tenant"),
                                                 ("lee", "Lee Hartley", "leaseholder")), start=1):
            password = f"{key}-heron-password"
            user = m.cli("user", "add", "--role", "tenant", "--name", name, "--email", f"{key}@example.org",
                         "--password", password, "--channels", "email")
            user.update(password=password, email=f"{key}@example.org", name=name)
            m.cli("property", "add", "--uprn", f"30000000000{n}", "--address", f"Flat {n}, Heron Court",
                  "--postcode", "N7 9QT", "--tenant", str(user["id"]), "--tenure", tenure,
                  "--block", str(cls.block["id"]))
            residents[key] = user
        m.cli("property", "add", "--uprn", "300000000003", "--address", "Flat 3, Heron Court", "--postcode",
              "N7 9QT", "--block", str(cls.block["id"]))
        cls.wren, cls.lee = residents["wren"], residents["lee"]

    # --- helpers ---

    def signed_in(self, address, password):
        resp = self.mend.sign_in(address, password)
        self.assertEqual(resp.status, 303, resp)
        return {"Cookie": resp.cookie_set()}

    def page(self, path, cookie, status=200):
        resp = self.anon.get(path, headers=cookie)
        self.assertEqual(resp.status, status, resp.body[:400])
        return resp

    def form_post(self, path, cookie, fields):
        """A form as a browser without JavaScript sends it: urlencoded, with the page's CSRF token."""
        return self.anon.request("POST", path, raw=urlencode(fields).encode(), headers=cookie,
                                 content_type="application/x-www-form-urlencoded")

    def csrf_of(self, page):
        return re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)

    def told(self, ref, event, address):
        """The notices of `event` for the job that went (or go) to `address`: standby and skipped ones are not
        sent."""
        items = self.ok(self.api(self.officer).get(f"/api/v1/requests/{ref}/notices"))["items"]
        return [n for n in items if n["event"] == event and n["address"] == address
                and n["state"] not in ("standby", "skipped")]

    def sent_to(self, ref, address):
        """The notices of the job to `address` that were to be sent: all of them sent by now, or None."""
        items = self.ok(self.api(self.officer).get(f"/api/v1/requests/{ref}/notices"))["items"]
        mine = [n for n in items if n["address"] == address and n["state"] not in ("standby", "skipped")]
        return mine if mine and all(n["state"] in ("sent", "delivered") for n in mine) else None

    # --- the story ---

    def test_the_lift_the_leak_and_the_leaseholder(self):
        wren, lee = self.wren, self.lee

        # Three residents post about the lift.
        posts = [self.new_mention(text, acct) for text, acct in (
            ("the lift at Heron Court is broken again", "ana@elsewhere.example"),
            ("still no lift at Heron Court, six floors with a pram", "bo@elsewhere.example"),
            ("lift broken, my mum cannot get out of the flat", "cy@elsewhere.example"))]

        # An officer raises one communal job for the block: leaseholders live there, so it may be recharged.
        made = self.ok(self.api(self.officer).post("/api/v1/requests", {
            "block": self.block["id"], "category": "communal", "description": "Lift stuck at the ground floor",
            "public_summary": "The lift at Heron Court is not working"}), 201)
        ref = made["reference"]
        self.assertTrue(made["recharge"], made)

        # Two mentions become followers (one from the inbox's link, one from the followers API); the third is
        # converted and marked a duplicate of the job, so its thread follows too.
        (post1, m1), (post2, m2), (post3, m3) = posts
        self.ok(self.api(self.officer).post(f"/api/v1/social/mentions/{m1['id']}/link", {"reference": ref}))
        self.ok(self.api(self.officer).post(f"/api/v1/requests/{ref}/followers",
                                            {"kind": "thread", "mention_id": m2["id"]}), 201)
        dup = self.ok(self.api(self.officer).post(f"/api/v1/social/mentions/{m3['id']}/convert",
                                                  {"uprn": "300000000003", "category": "communal"}))
        self.act(self.officer, dup["job_reference"], "mark_duplicate", duplicate_of=ref)

        # The web tenant of the block presses "Me too" on the job's page (a plain form, no JavaScript).
        wren_cookie = self.signed_in(wren["email"], wren["password"])
        job_page = self.page(f"/jobs/{ref}", wren_cookie)
        self.assertIn("The lift at Heron Court is not working", html.unescape(job_page.body))
        resp = self.form_post(f"/jobs/{ref}/follow", wren_cookie, {"csrf_token": self.csrf_of(job_page)})
        self.assertEqual(resp.status, 303, resp.body[:400])

        # The leaseholder opens the report form: it lists what is theirs to arrange inside their home.
        lee_cookie = self.signed_in(lee["email"], lee["password"])
        form = self.page("/repairs/new", lee_cookie)
        text = html.unescape(form.body)
        self.assertIn("Repairs that are yours to arrange", text)
        self.assertIn("As the leaseholder", text)
        self.assertIn("taps, sinks", text)
        # Their kitchen tap, in their home: refused beside the field, nothing written.
        csrf = self.csrf_of(form)
        tap = {"csrf_token": csrf, "uprn": "300000000002", "where": "home", "category": "plumbing",
               "description": "The kitchen tap drips"}
        refused = self.form_post("/repairs/new", lee_cookie, tap)
        self.assertEqual(refused.status, 422, refused.body[:400])
        self.assertIn("are yours to arrange", html.unescape(refused.body))
        self.assertIn('href="#category-plumbing"', refused.body)
        # The API says the same, naming the field.
        lee_api = self.api(lee)
        resp = lee_api.post("/api/v1/requests", {"uprn": "300000000002", "category": "plumbing",
                                                 "description": "The kitchen tap drips"})
        self.assertEqual(resp.status, 422, resp)
        self.assertEqual(resp.json["error"]["field"], "category", resp)
        self.assertEqual(self.ok(lee_api.get("/api/v1/requests"))["items"], [], "nothing was written")
        # A leak in the shared stairwell is the landlord's: a communal job for the block, which may be recharged.
        leak = dict(tap, where="shared", description="Water is coming through the stairwell ceiling")
        resp = self.form_post("/repairs/new", lee_cookie, leak)
        self.assertEqual(resp.status, 303, resp.body[:400])
        leak_ref = resp.header("Location").split("/jobs/")[1].split("?")[0]
        leak_job = self.ok(self.api(self.officer).get(f"/api/v1/requests/{leak_ref}"))
        self.assertEqual(leak_job["place"]["id"], self.block["id"])
        self.assertTrue(leak_job["recharge"])
        # The leaseholder also says "me too" to the lift (through the API, as an app would).
        self.ok(lee_api.post(f"/api/v1/requests/{ref}/followers", {}), 201)

        # Officers see the recharge flag and the leaseholder's tenure; the jobs CSV exports the flag.
        officer_cookie = self.signed_in(self.officer["email"], self.officer["password"])
        officer_page = html.unescape(self.page(f"/jobs/{leak_ref}", officer_cookie).body)
        self.assertIn("may be recharged for this repair through the service charge", officer_page)
        # A job in the leaseholder's home (the landlord's: the roof) names their tenure for the officer.
        roof = self.ok(self.api(self.officer).post("/api/v1/requests", {
            "uprn": "300000000002", "category": "roofing", "description": "Rain comes through the bedroom ceiling",
            "tenant_id": lee["id"]}), 201)
        self.assertFalse(roof["recharge"], "a home's job")
        roof_page = html.unescape(self.page(f"/jobs/{roof['reference']}", officer_cookie).body)
        self.assertIn("Lee Hartley (leaseholder)", roof_page)
        self.assertNotIn("Service charge", roof_page)
        csv = self.page("/queue.csv?status=all", officer_cookie).body.splitlines()
        self.assertTrue(csv[0].endswith(",recharge"), csv[0])
        rows = {line.split(",")[0]: line.split(",")[-1] for line in csv[1:]}
        self.assertEqual((rows[ref], rows[leak_ref]), ("yes", "yes"))
        self.assertIn("no", rows.values(), "a home's job is not recharged")

        # The lift goes to fixed, with the officer's public words.
        self.act(self.officer, ref, "triage", priority="urgent")
        self.act(self.officer, ref, "assign", contractor_id=self.contractor["contractor_id"])
        self.act(self.contractor, ref, "start")
        self.act(self.contractor, ref, "complete", note="New door sensor fitted")
        self.act(self.officer, ref, "confirm_fixed", note="The lift at Heron Court is working again",
                 public_summary="The lift at Heron Court was not working")

        # Each thread: each public reply once, on the network, with nothing personal in it.
        for post, m in ((post1, m1), (post2, m2), (post3, m3)):
            for event in ("completed", "resolved"):
                sent = fakes.wait_for(lambda m=m, e=event: [r for r in self.replies(m["id"], e) if r["state"] == "sent"],
                                      20, what=f"the {event} reply to {m['reference']}")
                self.assertEqual(len(self.replies(m["id"], event)), 1)
                posted = [s for s in self.fake.replies_to(post["id"]) if s["text"] == sent[0]["body"]]
                self.assertEqual(len(posted), 1, posted)
                self.assertIn(ref, posted[0]["text"])
                for private in ("Wren", "Lee Hartley", "Flat 2", "N7 9QT", "door sensor"):
                    self.assertNotIn(private.lower(), posted[0]["text"].lower())

        # The web tenant and the leaseholder: each notice once, by email through the SMTP server.
        for address in (wren["email"], lee["email"]):
            for event in ("completed", "resolved"):
                self.assertEqual(len(self.told(ref, event, address)), 1, (address, event))
            sent = fakes.wait_for(lambda a=address: self.sent_to(ref, a), 20, what=f"the notices to {address}")
            time.sleep(1)  # anything sent twice would have arrived by now
            subjects = [m["Subject"] for m in self.emails_to(address, ref)]
            self.assertEqual(len(subjects), len(sent), (address, subjects))
            self.assertEqual(len(subjects), len(set(subjects)), (address, subjects))

        # The known-problems page and its feed show the lift fixed, in the officer's public words.
        known = html.unescape(self.anon.get("/known-problems?postcode=N7+9QT").body)
        self.assertIn("Fixed in the last 14 days", known)
        self.assertIn("The lift at Heron Court is working again", known)
        self.assertIn("The lift at Heron Court was not working", known)
        for private in ("Wren", "Lee Hartley", "Flat 2", "door sensor", "stairwell ceiling"):
            self.assertNotIn(private, known)
        feed = self.anon.get(f"/known-problems/blocks/{self.block['id']}.atom")
        self.assertEqual(feed.status, 200, feed.body[:300])
        self.assertIn("Status: Fixed", feed.body)
        self.assertIn("The lift at Heron Court was not working", html.unescape(feed.body))

    def test_the_homes_import_carries_the_tenure(self):
        """An admin imports homes with a tenure column: a leaseholder and a shared owner make their block's
        communal jobs rechargeable, a block of tenants' does not; a tenure that is not one is refused by row."""
        cookie = self.signed_in(self.admin["email"], self.admin["password"])
        csrf = self.csrf_of(self.page("/homes", cookie))
        boundary = "mendstoryboundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"homes.csv\"\r\n"
                f"Content-Type: text/csv\r\n\r\n{HOMES}\r\n--{boundary}--\r\n").encode()
        resp = self.anon.request("POST", "/homes/import", raw=body, headers=cookie,
                                 content_type=f"multipart/form-data; boundary={boundary}")
        text = html.unescape(resp.body)
        self.assertIn("freeholder", text, text[:2000])
        self.assertIn("The tenure must be tenant, leaseholder or shared_owner", text)
        blocks = {b["name"]: b["id"] for b in self.ok(self.api(self.officer).get("/api/v1/blocks"))["items"]}
        homes = self.ok(self.api(self.officer).get(f"/api/v1/blocks/{blocks['Kite House']}/homes"))["items"]
        self.assertEqual(sorted(h["uprn"] for h in homes), ["310000000001"], "the refused rows wrote nothing")
        for name, recharged in (("Kite House", True), ("Finch House", False)):
            job = self.ok(self.api(self.officer).post("/api/v1/requests", {
                "block": blocks[name], "category": "communal", "description": "Door entry broken"}), 201)
            self.assertEqual(job["recharge"], recharged, name)


if __name__ == "__main__":
    unittest.main()
