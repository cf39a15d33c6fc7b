"""End-to-end tests of social intake against the fake networks (Mastodon, and Bluesky over the AT Protocol): mentions
become intake items or link to jobs, officers work the inbox, and a job's progress is told in the thread, never with
personal details. Each scenario class runs against both networks: its Bluesky twin is made by on_bluesky()."""

import html
import http.client
import os
import re
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_bluesky import FakeBluesky  # noqa: E402
from fake_mastodon import FakeMastodon, social_config  # noqa: E402
from mendctl import Mend  # noqa: E402

INTAKE_REF = re.compile(r"S-[A-Z0-9]{4}-[A-Z0-9]{4}")


def wait_until(check, timeout=20, what="the condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def on_bluesky(case):
    """The same scenarios against the fake Bluesky service: a class of the module's, so unittest runs it too."""
    return type(case.__name__ + "OnBluesky", (case,), {"network": FakeBluesky, "__doc__": case.__doc__})


class SocialCase(unittest.TestCase):
    """One fake network and one demo-seeded mend per class."""

    network = FakeMastodon  # the fake network's class
    templates = None  # {"{network}/<event>": text} written to a templates_dir
    max_characters = 500  # the fake server's status limit
    before_start = ()  # posts made before mend first starts
    extra_config = ()  # more lines for [social.mastodon]

    @classmethod
    def setUpClass(cls):
        cls.mend = Mend()
        cls.fake = None
        try:
            cls.fake = cls.network(max_characters=cls.max_characters)
            cls.old_posts = [cls.fake.mention(text) for text in cls.before_start]
            cls.demo = cls.mend.demo()
            templates_dir = None
            if cls.templates:
                templates_dir = os.path.join(cls.mend.root, "templates")
                for name, text in cls.templates.items():
                    name = name.format(network=cls.fake.network)
                    os.makedirs(os.path.join(templates_dir, os.path.dirname(name)), exist_ok=True)
                    with open(os.path.join(templates_dir, name + ".mustache"), "w", encoding="utf-8") as f:
                        f.write(text)
            cls.config = social_config(os.path.join(cls.mend.root, "mend.toml"), cls.fake, templates_dir=templates_dir,
                                       extra=cls.extra_config)
            cls.start()
            cls.officer = cls.demo.one("officer")
            cls.tenant = cls.demo.all("tenant")[0]
            cls.home = cls.demo.home_of(cls.tenant)
            cls.contractor = cls.demo.one("contractor")
        except BaseException:
            if cls.fake is not None:
                cls.fake.stop()
            cls.mend.cleanup()
            raise

    @classmethod
    def start(cls):
        seen = len(cls.fake.requests())
        cls.mend.start("--config", cls.config)
        # A first start begins after the newest mention: wait until it has looked, so the tests' posts are new.
        wait_until(lambda: any(r["path"] == cls.fake.read_path and r["status"] == 200
                               for r in cls.fake.requests()[seen:]), what="the first read of the mentions")

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.mend.proc is not None:
                cls.mend.stop_ok()
        finally:
            cls.mend.cleanup()
            cls.fake.stop()

    def as_(self, account):
        return self.mend.client(account["token"])

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp)
        return resp.json

    def mentions(self, state=None):
        path = "/api/v1/social/mentions?limit=200" + (f"&state={state}" if state else "")
        return self.ok(self.as_(self.officer).get(path))["items"]

    def mention_of(self, status_id, state=None):
        def find():
            for m in self.mentions(state):
                if m["status_id"] == status_id:
                    return m
            return None

        return wait_until(find, what=f"mention of status {status_id} ({state or 'any state'})")

    def act(self, account, ref, action, **fields):
        return self.ok(self.as_(account).post(f"/api/v1/requests/{ref}/actions", {"action": action, **fields}))

    def report(self):
        body = {"uprn": self.home["uprn"], "category": "plumbing", "description": "Bath tap drips"}
        return self.ok(self.as_(self.tenant).post("/api/v1/requests", body), 201)["reference"]

    def assert_nothing_personal(self, text):
        for fact in (self.tenant["name"], self.home["address"].split(",")[0], self.home["postcode"]):
            self.assertNotIn(fact.lower(), text.lower())


class Social(SocialCase):
    def test_mention_without_reference_is_an_intake_converted_and_told_when_fixed(self):
        post = self.fake.mention("my kitchen ceiling is dripping, third day now")
        item = self.mention_of(post["id"], "new")
        self.assertRegex(item["reference"], INTAKE_REF)
        self.assertIsNone(item["job_reference"])
        self.assertIn("kitchen ceiling", item["text"])

        ack = self.fake.wait_for_replies(post["id"])
        self.assertEqual(len(ack), 1, ack)
        self.assertIn(item["reference"], ack[0]["text"])
        if self.fake.direct_messages:
            self.assertIn("https://repairs.example/social/mend_", ack[0]["text"])
            self.assertTrue(ack[0]["idempotency_key"].startswith(item["reference"] + ".s"), ack[0])
        else:  # no private messages: the private link is not posted at all
            self.assertNotIn("/social/", ack[0]["text"])
        self.assertTrue(ack[0]["text"].startswith(self.fake.handle() + " "), ack[0]["text"])

        converted = self.ok(self.as_(self.officer).post(
            f"/api/v1/social/mentions/{item['id']}/convert",
            {"uprn": self.home["uprn"], "category": "plumbing", "tenant_id": self.tenant["id"]},
        ))
        self.assertEqual(converted["state"], "converted")
        ref = converted["job_reference"]
        job = self.ok(self.as_(self.officer).get(f"/api/v1/requests/{ref}"))
        self.assertEqual(job["source"], "social")
        self.assertIn("kitchen ceiling", job["description"])
        self.assertEqual(len(self.fake.wait_for_replies(post["id"], containing=ref)), 1)

        self.act(self.officer, ref, "triage", priority="routine")
        self.act(self.officer, ref, "assign", contractor_id=self.contractor["contractor_id"])
        self.act(self.contractor, ref, "start")
        self.act(self.contractor, ref, "complete")
        fixed = self.fake.wait_for_replies(post["id"], containing="is fixed")
        self.assertEqual(len(fixed), 1, self.fake.replies_to(post["id"]))
        self.assertIn(ref, fixed[0]["text"])
        for s in self.fake.replies_to(post["id"]):
            self.assert_nothing_personal(s["text"])
            # The link to the private page goes to the resident alone; progress is told in public.
            self.assertEqual(s["visibility"], "direct" if "/social/" in s["text"] else "public")
        self.assertEqual([s["visibility"] for s in ack], ["direct" if self.fake.direct_messages else "public"])

        detail = self.ok(self.as_(self.officer).get(f"/api/v1/social/mentions/{item['id']}"))
        events = [r["event"] for r in detail["replies"]]
        self.assertEqual(events[:2], ["social_intake", "social_converted"])
        self.assertIn("completed", events)

    def test_mention_naming_a_reference_is_linked_and_answered_with_the_status(self):
        ref = self.report()
        post = self.fake.mention(f"any news on {ref.lower()}?")
        item = self.mention_of(post["id"], "linked")
        self.assertEqual(item["job_reference"], ref)
        reply = self.fake.wait_for_replies(post["id"], containing=ref)
        self.assertEqual(len(reply), 1)
        self.assertIn("is reported", reply[0]["text"])
        self.assert_nothing_personal(reply[0]["text"])

    def test_public_links_lead_to_a_page_with_only_public_facts(self):
        ref = self.report()
        post = self.fake.mention(f"any news on {ref}?")
        reply = self.fake.wait_for_replies(post["id"], containing=ref)
        self.assertEqual(len(reply), 1)
        self.assertNotIn("/requests/", reply[0]["text"])
        link = re.search(r"https://repairs\.example(/\S+)", reply[0]["text"])
        self.assertIsNotNone(link, reply[0]["text"])
        self.assertNotIn(ref, link.group(1))  # never keyed by the guessable reference
        page = self.mend.client().get(link.group(1))
        self.assertEqual(page.status, 200, page)
        self.assertIn(ref, page.body)
        self.assert_nothing_personal(page.body)
        self.assertNotIn("Bath tap drips", page.body)

    def test_a_handle_with_the_tenants_name_gets_every_reply(self):
        acct = self.fake.acct_named(re.sub(r"[^a-z]+", ".", self.tenant["name"].lower()).strip("."))
        ref = self.report()
        post = self.fake.mention(f"what about {ref}?", acct=acct)
        self.mention_of(post["id"], "linked")
        first = self.fake.wait_for_replies(post["id"], containing=ref)
        self.assertEqual(len(first), 1, self.fake.replies_to(post["id"]))
        self.assertTrue(first[0]["text"].startswith("@" + acct + " "), first[0]["text"])
        self.act(self.officer, ref, "triage", priority="routine")
        self.assertEqual(len(self.fake.wait_for_replies(post["id"], count=2)), 2, self.fake.replies_to(post["id"]))
        for s in self.fake.replies_to(post["id"]):
            self.assertNotIn(self.tenant["name"].lower(), s["text"].replace("@" + acct, "").lower())

    def test_a_long_emoji_post_is_cut_between_characters(self):
        text = "leak " + "\U0001F4A7" * 1300  # 5,205 bytes of UTF-8
        post = self.fake.mention(text)
        item = self.mention_of(post["id"], "new")
        converted = self.ok(self.as_(self.officer).post(
            f"/api/v1/social/mentions/{item['id']}/convert", {"uprn": self.home["uprn"], "category": "plumbing"}))
        job = self.ok(self.as_(self.officer).get(f"/api/v1/requests/{converted['job_reference']}"))
        self.assertNotIn("\ufffd", job["description"])
        self.assertTrue(item["text"].startswith(job["description"]), job["description"][-10:])
        self.assertLessEqual(len(job["description"].encode()), 5000)
        self.assertGreater(len(job["description"].encode()), 4990)
        # Its reply is out before the next test counts posts.
        self.assertEqual(len(self.fake.wait_for_replies(post["id"], containing=converted["job_reference"])), 1)

    def test_the_same_mention_delivered_twice_is_one_intake(self):
        post = self.fake.mention("the lift is broken again")
        self.fake.redeliver(post["id"])
        self.mention_of(post["id"])
        time.sleep(2.5)  # two more polls
        same = [m for m in self.mentions() if m["status_id"] == post["id"]]
        self.assertEqual(len(same), 1, same)
        self.assertEqual(len(self.fake.replies_to(post["id"])), 1)

    def test_officers_link_and_dismiss_and_others_may_not(self):
        ref = self.report()
        a = self.mention_of(self.fake.mention("water everywhere in the hall")["id"], "new")
        b = self.mention_of(self.fake.mention("love the new bins")["id"], "new")
        tenant = self.as_(self.tenant)
        self.assertEqual(tenant.get("/api/v1/social/mentions").status, 403)
        self.assertEqual(tenant.post(f"/api/v1/social/mentions/{a['id']}/dismiss", {"reason": "x"}).status, 403)
        officer = self.as_(self.officer)
        self.assertEqual(officer.post(f"/api/v1/social/mentions/{a['id']}/link", {"reference": "ZZZZ-ZZZZ"}).status, 422)
        linked = self.ok(officer.post(f"/api/v1/social/mentions/{a['id']}/link", {"reference": ref}))
        self.assertEqual((linked["state"], linked["job_reference"]), ("linked", ref))
        self.assertEqual(officer.post(f"/api/v1/social/mentions/{b['id']}/dismiss", {}).status, 422)
        dismissed = self.ok(officer.post(f"/api/v1/social/mentions/{b['id']}/dismiss", {"reason": "not a repair"}))
        self.assertEqual((dismissed["state"], dismissed["dismiss_reason"]), ("dismissed", "not a repair"))
        self.assertEqual(officer.post(f"/api/v1/social/mentions/{b['id']}/link", {"reference": ref}).status, 409)
        self.assertIn(b["id"], [m["id"] for m in self.mentions("dismissed")])
        self.assertEqual(officer.get("/api/v1/social/mentions?state=odd").status, 422)
        self.assertEqual(officer.get("/api/v1/social/mentions/999999").status, 404)

    def test_a_rate_limited_reply_waits_for_the_reset_and_is_posted_once(self):
        self.fake.fail_next(self.fake.post_path, 429, count=1, reset_seconds=2)
        post = self.fake.mention("boiler making a banging noise")
        item = self.mention_of(post["id"])
        replies = self.fake.wait_for_replies(post["id"], timeout=30)
        self.assertEqual(len(replies), 1)
        # The post lands before its attempt is committed: wait for the record too.
        sent = wait_until(
            lambda: [r for r in self.ok(self.as_(self.officer).get(f"/api/v1/social/mentions/{item['id']}"))[
                "replies"] if r["state"] == "sent"],
            what="the reply recorded as sent",
        )
        self.assertGreaterEqual(sent[0]["attempts"], 2)
        self.assertEqual(len(self.fake.replies_to(post["id"])), 1)

    def test_restarts_between_polls_lose_no_mention_and_handle_none_twice(self):
        self.mend.stop_ok()
        try:
            posts = [self.fake.mention(f"while you were away {i}") for i in range(3)]
        finally:
            self.start()
        for p in posts:
            self.mention_of(p["id"])
            self.assertEqual(len(self.fake.wait_for_replies(p["id"])), 1)
        self.mend.stop_ok()
        self.start()
        time.sleep(2.5)
        for p in posts:
            self.assertEqual(len([m for m in self.mentions() if m["status_id"] == p["id"]]), 1)
            self.assertEqual(len(self.fake.replies_to(p["id"])), 1)


class Privacy(SocialCase):
    # Written to leak on purpose: the check, not the template, must keep the details out.
    templates = {
        "{network}/social_status": "{{handle}} {{reference}} for {{name}} at {{address}} is {{status}}",
        "{network}/completed": "{{handle}} {{reference}} is fixed at {{postcode}}",
    }

    def test_a_leaking_template_is_refused_and_the_reason_kept(self):
        ref = self.report()
        post = self.fake.mention(f"what about {ref}?")
        item = self.mention_of(post["id"], "linked")

        def refused():
            replies = self.ok(self.as_(self.officer).get(f"/api/v1/social/mentions/{item['id']}"))["replies"]
            return replies if replies and replies[0]["state"] == "failed" else None

        replies = wait_until(refused, what="the refused reply")
        self.assertIn("privacy", replies[0]["last_error"])
        self.assertNotIn(self.tenant["name"], replies[0]["last_error"])
        time.sleep(1.5)
        self.assertEqual(self.fake.replies_to(post["id"]), [])

        self.act(self.officer, ref, "triage", priority="routine")
        self.act(self.officer, ref, "assign", contractor_id=self.contractor["contractor_id"])
        self.act(self.contractor, ref, "start")
        self.act(self.contractor, ref, "complete")
        detail = wait_until(
            lambda: next((r for r in self.ok(self.as_(self.officer).get(f"/api/v1/social/mentions/{item['id']}"))[
                "replies"] if r["event"] == "completed"), None),
            what="the completed reply",
        )
        self.assertEqual(detail["state"], "failed")
        self.assertIn("postcode", detail["last_error"])
        time.sleep(1.5)
        for s in self.fake.posted():
            self.assert_nothing_personal(s["text"])


class PublicVariables(SocialCase):
    templates = {
        "{network}/triaged": "{{handle}} Repair {{reference}}: {{description}}",
        "{network}/started": "{{handle}} Repair {{reference}} has started. Ring 07700 900321 or knock at 14 Agar Grove",
    }

    def test_a_template_naming_the_description_or_a_phone_number_is_refused(self):
        ref = self.report()
        post = self.fake.mention(f"and {ref}?")
        item = self.mention_of(post["id"], "linked")
        self.fake.wait_for_replies(post["id"], containing=ref)
        self.act(self.officer, ref, "triage", priority="routine")
        self.act(self.officer, ref, "assign", contractor_id=self.contractor["contractor_id"])
        self.act(self.contractor, ref, "start")

        def refused():
            replies = self.ok(self.as_(self.officer).get(f"/api/v1/social/mentions/{item['id']}"))["replies"]
            found = {r["event"]: r for r in replies if r["event"] in ("triaged", "started")}
            return found if len(found) == 2 else None

        replies = wait_until(refused, what="the triaged and started replies")
        self.assertEqual(replies["triaged"]["state"], "failed")
        self.assertIn("description", replies["triaged"]["last_error"])
        self.assertNotIn("Bath tap", replies["triaged"]["last_error"])
        self.assertEqual(replies["started"]["state"], "failed")
        self.assertIn("phone number", replies["started"]["last_error"])
        time.sleep(1.5)
        for s in self.fake.posted():
            self.assertNotIn("Bath tap", s["text"])
            self.assertNotIn("07700", s["text"])

        # Each refusal is an alert of its own.
        alerts = self.ok(self.as_(self.officer).get(f"/api/v1/requests/{ref}/notices"))["alerts"]
        refusals = [a["detail"] for a in alerts if a["kind"] == "privacy_block"]
        self.assertTrue(any("description" in d for d in refusals), refusals)
        self.assertTrue(any("phone number" in d for d in refusals), refusals)

        # An officer rewrites the refused reply and releases it.
        officer = self.as_(self.officer)
        rewrite = f"/api/v1/social/replies/{replies['triaged']['id']}/rewrite"
        still_bad = officer.post(rewrite, {"text": "Ring 07700 900321"})
        self.assertEqual(still_bad.status, 422, still_bad)
        self.assertEqual(still_bad.json["error"]["field"], "text")
        released = self.ok(officer.post(rewrite, {"text": f"Repair {ref} has been looked at."}), 201)
        self.assertEqual(released["replies"][0]["state"], "pending")
        self.assertEqual(len(self.fake.wait_for_replies(post["id"], containing="has been looked at")), 1)
        self.assertEqual(officer.post(rewrite, {"text": "again"}).status, 409)  # no longer a refused reply


class OwnWords(SocialCase):
    def test_an_officer_previews_and_posts_their_own_words_in_the_thread(self):
        ref = self.report()
        post = self.fake.mention(f"any news on {ref}?")
        item = self.mention_of(post["id"], "linked")
        self.fake.wait_for_replies(post["id"], containing=ref)
        officer = self.as_(self.officer)
        words = "the heating is back on in your block"
        path = f"/api/v1/requests/{ref}/public-replies"

        preview = self.ok(officer.post(path, {"text": words, "dry_run": True}))
        self.assertEqual(preview["text"], self.fake.handle() + " " + words)
        self.assertEqual(preview["length"], len(preview["text"]))
        bad = officer.post(path, {"text": "ring my partner on 07700 900321", "dry_run": True})
        self.assertEqual(bad.status, 422, bad)
        self.assertEqual(bad.json["error"]["field"], "text")
        self.assertIn("phone number", bad.json["error"]["message"])
        self.assertEqual(officer.post(path, {"text": "  "}).status, 422)
        self.assertEqual(officer.post(path, {"text": words, "dry_run": "yes"}).status, 422)
        self.assertEqual(officer.post(path, {"text": "x" * 600}).status, 422)  # longer than the server allows
        self.assertEqual(self.as_(self.tenant).post(path, {"text": words}).status, 403)
        self.assertEqual(officer.post("/api/v1/requests/ZZZZ-ZZZZ/public-replies", {"text": words}).status, 404)
        time.sleep(1.5)
        self.assertEqual([s for s in self.fake.replies_to(post["id"]) if words in s["text"]], [])

        posted = self.ok(officer.post(path, {"text": words}), 201)
        self.assertEqual(posted["replies"][0]["event"], "officer_reply")
        self.assertEqual(len(self.fake.wait_for_replies(post["id"], containing=words)), 1)
        time.sleep(1.5)
        self.assertEqual(len([s for s in self.fake.replies_to(post["id"]) if words in s["text"]]), 1)

        thanks = "thank you for telling us"
        self.ok(officer.post(f"/api/v1/social/mentions/{item['id']}/replies", {"text": thanks}), 201)
        self.assertEqual(len(self.fake.wait_for_replies(post["id"], containing=thanks)), 1)
        self.assertEqual(officer.post("/api/v1/social/mentions/999999/replies", {"text": thanks}).status, 404)

    def test_a_job_without_a_thread_has_nowhere_to_reply(self):
        ref = self.report()
        resp = self.as_(self.officer).post(f"/api/v1/requests/{ref}/public-replies", {"text": "hello"})
        self.assertEqual(resp.status, 409, resp)


class ShortStatuses(SocialCase):
    max_characters = 140

    def test_the_first_reply_is_fitted_to_the_servers_limit(self):
        post = self.fake.mention("the stairwell light is out")
        replies = self.fake.wait_for_replies(post["id"])
        self.assertEqual(len(replies), 1, self.ok(self.as_(self.officer).get(
            f"/api/v1/social/mentions/{self.mention_of(post['id'])['id']}")))
        paths = [r["path"] for r in self.fake.requests()]
        self.assertLess(paths.index("/api/v2/instance"), paths.index("/api/v1/statuses"))


class PostingAllowance(SocialCase):
    def test_a_spent_posting_allowance_does_not_blind_the_inbox(self):
        self.fake.fail_next(self.fake.post_path, 429, count=1, reset_seconds=120)
        first = self.fake.mention("the bins were not collected")
        self.mention_of(first["id"])
        wait_until(lambda: any(r["path"] == self.fake.post_path and r["status"] == 429 for r in self.fake.requests()),
                   what="the posting allowance spent")
        second = self.fake.mention("the gate is broken")
        self.assertIn("the gate is broken", self.mention_of(second["id"])["text"])
        self.assertEqual(self.fake.replies_to(first["id"]), [])  # posting waits for its reset


class FirstStart(SocialCase):
    before_start = ("an old post from January", "another old post")

    def test_a_first_start_answers_only_what_is_new(self):
        new = self.fake.mention("new: the lift is stuck")
        self.mention_of(new["id"])
        self.assertEqual(len(self.fake.wait_for_replies(new["id"])), 1)
        time.sleep(1.5)
        ids = [m["status_id"] for m in self.mentions()]
        for old in self.old_posts:
            self.assertNotIn(old["id"], ids)
            self.assertEqual(self.fake.replies_to(old["id"]), [])


class FromTheBeginning(SocialCase):
    before_start = ("a post from before we started",)
    extra_config = ('start_from = "beginning"',)

    def test_configured_to_start_from_the_beginning_it_takes_old_posts(self):
        self.mention_of(self.old_posts[0]["id"])


class InboxPage(SocialCase):
    """The officers' social inbox page (/social): the API's actions as forms, with CSRF and errors by the field."""

    def sign_in(self, account):
        """A session cookie and the session's CSRF token, through the login form."""
        conn = http.client.HTTPConnection("127.0.0.1", self.mend.port, timeout=30)
        try:
            conn.request("GET", "/login")
            resp = conn.getresponse()
            page = resp.read().decode()
            login_cookie = resp.getheader("set-cookie").split(";")[0]
        finally:
            conn.close()
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page).group(1)
        body = urllib.parse.urlencode({"csrf_token": csrf, "identifier": account["email"],
                                       "password": account["password"]})
        conn = http.client.HTTPConnection("127.0.0.1", self.mend.port, timeout=30)
        try:
            conn.request("POST", "/login", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": login_cookie})
            resp = conn.getresponse()
            resp.read()
            self.assertEqual(resp.status, 303)
            cookies = [c.split(";")[0] for c in resp.msg.get_all("Set-Cookie")]
        finally:
            conn.close()
        session = next(c for c in cookies if c.startswith("mend_session=") and c != "mend_session=")
        social = self.mend.client().get("/social", headers={"Cookie": session})
        token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', social.body)
        return session, token.group(1) if token else None

    def post_form(self, session, path, fields):
        return self.mend.client().post(path, raw=urllib.parse.urlencode(fields).encode(),
                                       content_type="application/x-www-form-urlencoded",
                                       headers={"Cookie": session})

    def test_an_officer_links_converts_and_dismisses_mentions_on_the_page(self):
        session, csrf = self.sign_in(self.officer)
        first = self.mention_of(self.fake.mention("bathroom <b>fan</b> & light broken again")["id"], "new")
        second = self.mention_of(self.fake.mention("front door lock is stiff")["id"], "new")
        third = self.mention_of(self.fake.mention("great job on the roof, thanks")["id"], "new")

        page = self.mend.client().get("/social", headers={"Cookie": session})
        self.assertEqual(page.status, 200, page)
        self.assertIn('href="/social"', page.body)  # the navigation link, shown when social is on
        self.assertIn(html.escape(first["author"], quote=False), page.body)
        self.assertIn(html.escape(first["text"], quote=False).replace("'", "&#39;"), page.body)
        if "<" in first["text"]:
            self.assertNotIn(first["text"], page.body)

        # Errors come back next to their field, and nothing changes.
        bad = self.post_form(session, f"/social/{first['id']}/link", {"csrf_token": csrf, "reference": ""})
        self.assertEqual(bad.status, 422, bad)
        self.assertIn(f'id="link-{first["id"]}-reference-error"', bad.body)
        self.assertIn(f'href="#link-{first["id"]}-reference"', bad.body)  # the error summary
        unknown = self.post_form(session, f"/social/{first['id']}/link",
                                 {"csrf_token": csrf, "reference": "R-NONE-NONE"})
        self.assertEqual(unknown.status, 422, unknown)
        self.assertIn(f'id="link-{first["id"]}-reference-error"', unknown.body)
        missing = self.post_form(session, f"/social/{second['id']}/convert",
                                 {"csrf_token": csrf, "uprn": "", "category": "", "description": "x"})
        self.assertEqual(missing.status, 422, missing)
        self.assertIn(f'id="convert-{second["id"]}-uprn-error"', missing.body)
        self.assertIn(f'id="convert-{second["id"]}-category-error"', missing.body)
        no_reason = self.post_form(session, f"/social/{third['id']}/dismiss", {"csrf_token": csrf, "reason": ""})
        self.assertEqual(no_reason.status, 422, no_reason)
        self.assertIn(f'id="dismiss-{third["id"]}-reason-error"', no_reason.body)
        no_csrf = self.post_form(session, f"/social/{third['id']}/dismiss", {"reason": "spam"})
        self.assertEqual(no_csrf.status, 403, no_csrf)
        self.assertEqual(self.mention_of(third["status_id"])["state"], "new")

        ref = self.report()
        linked = self.post_form(session, f"/social/{first['id']}/link", {"csrf_token": csrf, "reference": ref})
        self.assertEqual(linked.status, 303, linked)
        self.assertEqual(linked.header("location"), "/social?done=linked")
        self.assertEqual(self.mention_of(first["status_id"], "linked")["job_reference"], ref)
        tab = self.mend.client().get("/social?state=linked", headers={"Cookie": session})
        self.assertIn(f'href="/jobs/{ref}"', tab.body)

        converted = self.post_form(session, f"/social/{second['id']}/convert", {
            "csrf_token": csrf, "uprn": self.home["uprn"], "category": "windows_doors",
            "description": "Front door lock is stiff"})
        self.assertEqual(converted.status, 303, converted)
        self.assertTrue(self.mention_of(second["status_id"], "converted")["job_reference"])

        dismissed = self.post_form(session, f"/social/{third['id']}/dismiss",
                                   {"csrf_token": csrf, "reason": "Thanks, not a repair"})
        self.assertEqual(dismissed.status, 303, dismissed)
        self.assertEqual(self.mention_of(third["status_id"], "dismissed")["dismiss_reason"], "Thanks, not a repair")
        tab = self.mend.client().get("/social?state=dismissed", headers={"Cookie": session})
        self.assertIn("Thanks, not a repair", tab.body)

    def test_people_other_than_staff_get_not_found(self):
        for account in (self.tenant, self.contractor):
            if not account.get("email") or not account.get("password"):
                continue
            session, _ = self.sign_in(account)
            self.assertEqual(self.mend.client().get("/social", headers={"Cookie": session}).status, 404)


SocialOnBluesky = on_bluesky(Social)
PrivacyOnBluesky = on_bluesky(Privacy)
PublicVariablesOnBluesky = on_bluesky(PublicVariables)
OwnWordsOnBluesky = on_bluesky(OwnWords)
PostingAllowanceOnBluesky = on_bluesky(PostingAllowance)
FirstStartOnBluesky = on_bluesky(FirstStart)


class BlueskyThreads(SocialCase):
    """What only Bluesky asks of a reply: the thread's root and parent, facets at byte offsets, and sessions."""

    network = FakeBluesky
    before_start = ("an older post about the estate",)

    def test_a_reply_in_a_thread_names_its_root_and_parent_and_links_by_facets(self):
        # The resident answers someone's older post: our reply's parent is their post, its root the older one.
        post = self.fake.mention("caf\u00e9 roof leaking \U0001F327\ufe0f again", in_reply_to_id=self.old_posts[0]["id"])
        item = self.mention_of(post["id"], "new")
        self.assertEqual(item["network"], "bluesky")
        ack = self.fake.wait_for_replies(post["id"])
        self.assertEqual(len(ack), 1, ack)
        self.assertEqual(ack[0]["root"], self.old_posts[0]["id"])
        ref = self.ok(self.as_(self.officer).post(
            f"/api/v1/social/mentions/{item['id']}/convert", {"uprn": self.home["uprn"], "category": "roofing"}))[
            "job_reference"]
        converted = self.fake.wait_for_replies(post["id"], containing=ref)
        self.assertEqual(len(converted), 1, self.fake.replies_to(post["id"]))
        text = converted[0]["text"].encode()
        kinds = {}
        for f in converted[0]["facets"]:
            feature = f["features"][0]
            kinds[feature["$type"]] = (text[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode(), feature)
        handle, mention = kinds["app.bsky.richtext.facet#mention"]
        self.assertEqual(handle, self.fake.handle())
        self.assertTrue(mention["did"].startswith("did:plc:"), mention)
        link, feature = kinds["app.bsky.richtext.facet#link"]
        self.assertEqual(link, feature["uri"])
        self.assertTrue(link.startswith("https://repairs.example/track/"), link)

    def test_a_tenant_who_chose_bluesky_hears_in_a_post_that_mentions_them(self):
        tenant = self.mend.cli("user", "add", "--role", "tenant", "--name", "Tom Tenant", "--channels", "bluesky",
                               "--handle", "@tom.bsky.example")
        uprn = str(100000000000 + tenant["id"])
        self.mend.cli("property", "add", "--uprn", uprn, "--address", f"{tenant['id']} Test Street, Leeds",
                      "--postcode", "LS1 1AA", "--tenant", str(tenant["id"]))
        ref = self.ok(self.mend.client(tenant["token"]).post(
            "/api/v1/requests", {"uprn": uprn, "category": "plumbing", "description": "Kitchen tap drips"}), 201)[
            "reference"]
        posted = wait_until(lambda: [s for s in self.fake.posted() if ref in s["text"]], what="the notice's post")
        self.assertEqual(len(posted), 1, posted)
        self.assertIsNone(posted[0]["in_reply_to_id"])  # a post of its own, not a reply
        self.assertTrue(posted[0]["text"].startswith("@tom.bsky.example "), posted[0]["text"])
        mention = [f for f in posted[0]["facets"] if f["features"][0]["$type"].endswith("#mention")]
        self.assertEqual(len(mention), 1, posted[0]["facets"])
        self.assertEqual(mention[0]["index"], {"byteStart": 0, "byteEnd": len("@tom.bsky.example")})
        self.assertNotIn("Kitchen tap", posted[0]["text"])  # public variables only
        self.assertNotIn("Tom Tenant", posted[0]["text"])

    def test_an_expired_session_is_refreshed_and_then_made_again(self):
        def calls(name):
            return [r for r in self.fake.requests() if r["path"] == "/xrpc/com.atproto.server." + name]

        created = len([r for r in calls("createSession") if r["status"] == 200])
        self.fake.expire()
        first = self.fake.mention("the entry phone is dead")
        self.mention_of(first["id"])
        self.assertEqual(len(self.fake.wait_for_replies(first["id"])), 1)
        self.assertTrue(any(r["status"] == 200 for r in calls("refreshSession")), calls("refreshSession"))
        self.assertEqual(len([r for r in calls("createSession") if r["status"] == 200]), created)

        self.fake.expire(refresh=True)  # the refresh token too: a new session
        second = self.fake.mention("and now the lift")
        self.mention_of(second["id"])
        self.assertEqual(len(self.fake.wait_for_replies(second["id"])), 1)
        self.assertEqual(len([r for r in calls("createSession") if r["status"] == 200]), created + 1)


class BothNetworks(SocialCase):
    """Mastodon and Bluesky at once: one inbox, and each thread answered on its own network."""

    @classmethod
    def setUpClass(cls):
        cls.other = FakeBluesky()
        try:
            super().setUpClass()
        except BaseException:
            cls.other.stop()
            raise

    @classmethod
    def start(cls):
        with open(cls.config, "a", encoding="utf-8") as f:
            f.write("\n".join(cls.other.section() + ["poll_interval_seconds = 1"]) + "\n")
        super().start()
        wait_until(lambda: any(r["path"] == cls.other.read_path and r["status"] == 200 for r in cls.other.requests()),
                   what="the first read of the Bluesky mentions")

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.other.stop()

    def test_a_job_followed_on_both_networks_is_told_on_each_and_the_officers_words_go_to_each(self):
        ref = self.report()
        on_mastodon = self.fake.mention(f"any news on {ref}?")
        on_bluesky = self.other.mention(f"same here, {ref} in our block")
        self.assertEqual(self.mention_of(on_mastodon["id"], "linked")["network"], "mastodon")
        self.assertEqual(self.mention_of(on_bluesky["id"], "linked")["network"], "bluesky")
        for fake, post in ((self.fake, on_mastodon), (self.other, on_bluesky)):
            self.assertEqual(len(fake.wait_for_replies(post["id"], containing=ref)), 1, fake.posted())

        words = "the heating engineer is on the way"
        said = self.ok(self.as_(self.officer).post(f"/api/v1/requests/{ref}/public-replies", {"text": words}), 201)
        self.assertEqual(sorted(r["in_reply_to"] for r in said["replies"]), sorted([on_mastodon["id"], on_bluesky["id"]]))
        self.act(self.officer, ref, "triage", priority="routine")
        for fake, post in ((self.fake, on_mastodon), (self.other, on_bluesky)):
            self.assertEqual(len(fake.wait_for_replies(post["id"], containing=words)), 1, fake.posted())
            self.assertEqual(len(fake.wait_for_replies(post["id"], containing="looked at")), 1, fake.posted())
            self.assertTrue(all(s["text"].startswith(fake.handle() + " ") for s in fake.replies_to(post["id"])))
        time.sleep(1.5)
        self.assertEqual(len(self.fake.posted()), 3)  # each thread hears each thing once, on its own network
        self.assertEqual(len(self.other.posted()), 3)

        signed_in = self.mend.sign_in(self.officer["email"], self.officer["password"])
        page = self.mend.client().get("/social?state=linked", headers={"Cookie": signed_in.cookie_set()})
        self.assertEqual(page.status, 200, page)
        for name in ("Mastodon", "Bluesky"):
            self.assertIn("on " + name, page.body)
            self.assertIn(f"Polling</strong> {name}", page.body)


class Off(unittest.TestCase):
    def test_without_social_configuration_the_inbox_stays_and_what_needs_a_network_is_not_there(self):
        mend = Mend()
        try:
            demo = mend.demo()
            mend.start()
            officer = mend.client(demo.one("officer")["token"])
            # The inbox holds Open311's reports that matched no home, with or without a network.
            mentions = officer.get("/api/v1/social/mentions")
            self.assertEqual(mentions.status, 200, mentions)
            self.assertEqual(mentions.json["items"], [])
            for method, path, body in [("GET", "/api/v1/social/checklist", None),
                                       ("GET", "/api/v1/social/approvals", None),
                                       ("PUT", "/api/v1/social/checklist", {"items": ["Be kind"]}),
                                       ("POST", "/api/v1/social/mentions/1/replies", {"text": "Hello"}),
                                       ("POST", "/api/v1/requests/R-0000-0000/public-replies", {"text": "Hi"})]:
                answer = officer.request(method, path, body)
                self.assertEqual(answer.status, 404, (path, answer))
                self.assertIn("[social.mastodon]", answer.json["error"]["message"], path)
            self.assertEqual(officer.get("/api/v1/me").status, 200)
            self.assertEqual(mend.client().get("/social").status, 303)  # to the login page, like any page
            mend.stop_ok()
        finally:
            mend.cleanup()


if __name__ == "__main__":
    unittest.main()
