"""End-to-end tests of the social channel's private intake page (/social/TOKEN) and the inbox page's failures
made visible: the link goes by direct message and is kept only hashed; the resident's details reach the
officer; the channel's pauses, a refused template's reason and a dead reply's retry are on the inbox page."""

import os
import re
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_social import SocialCase, on_bluesky, wait_until  # noqa: E402

LINK = re.compile(r"https://repairs\.example(/social/(mend_[0-9a-f]{64}))")


class PageCase(SocialCase):
    def session(self, account):
        """A session cookie and the session's CSRF token, through the login form."""
        signed_in = self.mend.sign_in(account["email"], account["password"])
        self.assertEqual(signed_in.status, 303, signed_in)
        cookie = signed_in.cookie_set()
        page = self.mend.client().get("/social", headers={"Cookie": cookie})
        self.assertEqual(page.status, 200, page)
        return cookie, re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)

    def post_form(self, path, fields, cookie=None):
        headers = {"Cookie": cookie} if cookie else {}
        return self.mend.client().post(path, raw=urllib.parse.urlencode(fields).encode(),
                                       content_type="application/x-www-form-urlencoded", headers=headers)

    def inbox(self, cookie, state="new"):
        page = self.mend.client().get(f"/social?state={state}", headers={"Cookie": cookie})
        self.assertEqual(page.status, 200, page)
        return page.body

    def detail(self, item):
        return self.ok(self.as_(self.officer).get(f"/api/v1/social/mentions/{item['id']}"))

    def link_in(self, status_id):
        replies = self.fake.wait_for_replies(status_id, containing="/social/")
        self.assertEqual(len(replies), 1, self.fake.replies_to(status_id))
        self.assertEqual(replies[0]["visibility"], "direct")
        return LINK.search(replies[0]["text"]).group(1)


class IntakePage(PageCase):
    def test_the_resident_gives_address_and_contact_privately_and_the_officer_sees_them(self):
        post = self.fake.mention("water coming through my bathroom ceiling")
        item = self.mention_of(post["id"], "new")
        path = self.link_in(post["id"])
        token = path.rsplit("/", 1)[1]

        # Only a placeholder is kept in the stored reply, never the token.
        stored = self.detail(item)["replies"][0]
        self.assertEqual(stored["event"], "social_intake")
        self.assertIn("https://repairs.example/social/{token}", stored["body"])
        self.assertNotIn(token, stored["body"])
        self.assertIsNone(self.detail(item)["details"])

        # No sign-in: the token is the key.
        page = self.mend.client().get(path)
        self.assertEqual(page.status, 200, page)
        self.assertIn(item["reference"], page.body)
        self.assertIn('name="postcode"', page.body)
        self.assertEqual(page.header("x-robots-tag"), "noindex")
        self.assertEqual(page.header("referrer-policy"), "no-referrer")

        # Every problem at once, next to its field; nothing kept.
        bad = self.post_form(path, {"postcode": "NOT A CODE", "address": "", "email": "nobody", "phone": "",
                                    "preferred": "phone"})
        self.assertEqual(bad.status, 422, bad)
        for field in ("postcode", "address", "email", "phone"):
            self.assertIn(f'id="intake-{field}-error"', bad.body)
            self.assertIn(f'href="#intake-{field}"', bad.body)
        self.assertIn('value="NOT A CODE"', bad.body)  # what was typed comes back
        self.assertIsNone(self.detail(item)["details"])
        unchosen = self.post_form(path, {"postcode": "NW1 9AA", "address": "14 Agar Grove", "email": "a@b.example"})
        self.assertEqual(unchosen.status, 422, unchosen)
        self.assertIn('href="#intake-preferred-email"', unchosen.body)

        given = self.post_form(path, {"name": "Ada Resident", "postcode": "nw1 9aa", "address": "Flat 2, 14 Agar Grove",
                                      "email": "", "phone": "07700 900456", "preferred": "phone"})
        self.assertEqual(given.status, 303, given)
        self.assertEqual(given.header("location"), path + "?given=1")
        thanks = self.mend.client().get(path + "?given=1")
        self.assertIn("we have your details for " + item["reference"], thanks.body)
        self.assertIn('value="Flat 2, 14 Agar Grove"', thanks.body)  # shown again, to correct

        details = self.detail(item)["details"]
        self.assertEqual(details["postcode"], "NW1 9AA")
        self.assertEqual(details["address"], "Flat 2, 14 Agar Grove")
        self.assertEqual(details["phone"], "+447700900456")
        self.assertEqual(details["preferred"], "phone")
        self.assertIsNone(details["email"])

        # The officer sees them on the inbox item, with a search for the home, and converts.
        cookie, _ = self.session(self.officer)
        inbox = self.inbox(cookie)
        self.assertIn("Flat 2, 14 Agar Grove, NW1 9AA", inbox)
        self.assertIn("07700 900456", inbox)
        self.assertIn('href="/intake?q=NW1+9AA"', inbox)
        self.ok(self.as_(self.officer).post(f"/api/v1/social/mentions/{item['id']}/convert",
                                            {"uprn": self.home["uprn"], "category": "plumbing"}))

        # A correction replaces what was given; the link still works once the item is a job.
        again = self.post_form(path, {"postcode": "NW1 9AA", "address": "Flat 3, 14 Agar Grove",
                                      "email": "ada@example.org", "phone": "", "preferred": "email"})
        self.assertEqual(again.status, 303, again)
        self.assertEqual(self.detail(item)["details"]["address"], "Flat 3, 14 Agar Grove")

        # Public replies never carry the link.
        for s in self.fake.replies_to(post["id"]):
            if "/social/" in s["text"]:
                self.assertEqual(s["visibility"], "direct")

    def test_an_unknown_or_misshapen_token_is_a_clear_not_found(self):
        for path in ("/social/mend_" + "0" * 64, "/social/mend_short", "/social/" + "a" * 69):
            page = self.mend.client().get(path)
            self.assertEqual(page.status, 404, page)
            self.assertIn("This link does not work", page.body)
            posted = self.post_form(path, {"postcode": "NW1 9AA", "address": "1 A Street", "email": "a@b.example",
                                           "preferred": "email"})
            self.assertEqual(posted.status, 404, posted)

    def test_a_dismissed_item_closes_its_page(self):
        post = self.fake.mention("just saying hello")
        item = self.mention_of(post["id"], "new")
        path = self.link_in(post["id"])
        self.assertEqual(self.mend.client().get(path).status, 200)
        self.ok(self.as_(self.officer).post(f"/api/v1/social/mentions/{item['id']}/dismiss", {"reason": "not a repair"}))
        self.assertEqual(self.mend.client().get(path).status, 404)


class LinkAcrossRestart(PageCase):
    extra_config = ("[notify]", "probe_interval_ms = 250")  # a refused post is tried again soon, not in minutes

    def test_an_answer_waiting_through_a_restart_goes_out_with_a_working_link(self):
        self.fake.fail_next("/api/v1/statuses", 503, count=100000)
        post = self.fake.mention("the lift is broken again")
        item = self.mention_of(post["id"], "new")
        wait_until(lambda: any(r["path"] == "/api/v1/statuses" and r["status"] == 503 for r in self.fake.requests()),
                   what="a post refused by the network")
        self.mend.stop_ok()
        self.assertEqual(self.fake.replies_to(post["id"]), [])
        self.fake.fail_next("/api/v1/statuses", 503, count=0)
        self.start()
        path = self.link_in(post["id"])
        page = self.mend.client().get(path)
        self.assertEqual(page.status, 200, page)
        self.assertIn(item["reference"], page.body)
        self.assertNotIn(path.rsplit("/", 1)[1], self.detail(item)["replies"][0]["body"])


class ChannelState(PageCase):
    extra_config = ("[notify]", "probe_interval_ms = 250")  # the channel is found back soon after

    def test_the_inbox_page_shows_the_channel_polling_and_paused_by_refused_credentials(self):
        cookie, _ = self.session(self.officer)
        self.assertIn("Polling", self.inbox(cookie))
        self.fake.fail_next(self.fake.read_path, 401, count=100000)
        page = wait_until(lambda: (lambda body: body if "is paused" in body else None)(self.inbox(cookie)),
                          what="the inbox page to show the pause")
        self.assertIn("refused our " + self.fake.credential, page)
        self.assertIn("HTTP 401", page)
        self.assertIn("Next check", page)
        self.fake.fail_next(self.fake.read_path, 401, count=0)
        wait_until(lambda: "Polling" in self.inbox(cookie), timeout=60, what="the channel back")


class PostingPaused(PageCase):
    def test_the_inbox_page_shows_posting_paused_until_the_allowance_resets(self):
        self.fake.fail_next(self.fake.post_path, 429, count=1, reset_seconds=600)
        post = self.fake.mention("the bins were not collected")
        self.mention_of(post["id"])
        wait_until(lambda: any(r["path"] == self.fake.post_path and r["status"] == 429 for r in self.fake.requests()),
                   what="the posting allowance spent")
        cookie, _ = self.session(self.officer)
        page = self.inbox(cookie)
        self.assertIn("posting paused until", page)
        self.assertIn("Mentions are still read", page)
        self.assertNotIn("Polling", page)
        later = self.fake.mention("the gate is broken")
        self.mention_of(later["id"])  # the inbox is not blind while posting waits


ChannelStateOnBluesky = on_bluesky(ChannelState)
PostingPausedOnBluesky = on_bluesky(PostingPaused)


class RefusedTemplate(PageCase):
    """Done when (issue 18): a template override that names the description is refused with the reason shown on
    the inbox page, and released after an officer rewrites it."""

    templates = {"mastodon/triaged": "{{handle}} Repair {{reference}}: {{description}}"}

    def test_the_reason_is_on_the_inbox_page_and_a_rewrite_releases_the_reply(self):
        ref = self.report()
        post = self.fake.mention(f"what is happening with {ref}?")
        item = self.mention_of(post["id"], "linked")
        self.fake.wait_for_replies(post["id"], containing=ref)
        self.act(self.officer, ref, "triage", priority="routine")
        refused = wait_until(lambda: next((r for r in self.detail(item)["replies"]
                                           if r["event"] == "triaged" and r["state"] == "failed"), None),
                             what="the refused triaged reply")

        cookie, csrf = self.session(self.officer)
        page = self.inbox(cookie, "linked")
        self.assertIn("Refused before posting", page)
        self.assertIn("description", page)
        self.assertNotIn("Bath tap drips", page.split("Our replies", 1)[1].split("Reason:", 1)[1][:300])
        self.assertIn(f'action="/social/replies/{refused["id"]}/rewrite"', page)

        leaky = self.post_form(f"/social/replies/{refused['id']}/rewrite",
                               {"csrf_token": csrf, "text": "Ring 07700 900321"}, cookie)
        self.assertEqual(leaky.status, 422, leaky)
        released = self.post_form(f"/social/replies/{refused['id']}/rewrite",
                                  {"csrf_token": csrf, "text": f"Repair {ref} has been looked at by an officer."},
                                  cookie)
        self.assertEqual(released.status, 303, released)
        self.assertEqual(len(self.fake.wait_for_replies(post["id"], containing="looked at by an officer")), 1)
        self.assertIn("Posted", self.inbox(cookie, "linked"))
        for s in self.fake.posted():
            self.assertNotIn("Bath tap", s["text"])


class DeadReply(PageCase):
    """A reply that could not be posted within its horizon is given up; an officer tries it again, once."""

    extra_config = ("[notify]", "probe_interval_ms = 250")  # the paused channel is looked at again soon

    @classmethod
    def start(cls):
        cls.clock_file = os.path.join(cls.mend.root, "clock-offset")
        if not os.path.exists(cls.clock_file):
            with open(cls.clock_file, "w", encoding="utf-8") as f:
                f.write("0")
        seen = len(cls.fake.requests())
        cls.mend.start("--config", cls.config, env={"MEND_TEST_CLOCK_FILE": cls.clock_file})
        wait_until(lambda: any(r["path"] == "/api/v1/notifications" and r["status"] == 200
                               for r in cls.fake.requests()[seen:]), what="the first read of the mentions")

    def test_an_officer_tries_a_dead_reply_again_once(self):
        self.fake.fail_next("/api/v1/statuses", 500, count=100000)
        post = self.fake.mention("the stairwell light is out")
        item = self.mention_of(post["id"], "new")
        wait_until(lambda: any(r["path"] == "/api/v1/statuses" and r["status"] == 500 for r in self.fake.requests()),
                   what="a post refused by the network")
        with open(self.clock_file, "w", encoding="utf-8") as f:
            f.write(str(73 * 3600))  # past the 72-hour horizon
        dead = wait_until(lambda: next((r for r in self.detail(item)["replies"] if r["state"] == "dead"), None),
                          timeout=60, what="the reply given up")
        self.assertIsNone(dead["retried_at"])

        cookie, csrf = self.session(self.officer)
        page = self.inbox(cookie)
        self.assertIn("Given up", page)
        self.assertIn(f'action="/social/replies/{dead["id"]}/retry"', page)
        self.assertEqual(self.post_form(f"/social/replies/{dead['id']}/retry", {}, cookie).status, 403)  # no CSRF
        self.assertEqual(self.as_(self.tenant).post(f"/api/v1/social/replies/{dead['id']}/retry", {}).status, 403)

        self.fake.fail_next("/api/v1/statuses", 500, count=0)
        retried = self.post_form(f"/social/replies/{dead['id']}/retry", {"csrf_token": csrf}, cookie)
        self.assertEqual(retried.status, 303, retried)
        self.assertEqual(retried.header("location"), "/social?state=new&done=retried")
        path = self.link_in(post["id"])
        self.assertEqual(self.mend.client().get(path).status, 200)
        reply = wait_until(lambda: next((r for r in self.detail(item)["replies"]
                                         if r["id"] == dead["id"] and r["state"] == "sent"), None),
                           what="the reply posted")
        self.assertIsNotNone(reply["retried_at"])
        again = self.as_(self.officer).post(f"/api/v1/social/replies/{dead['id']}/retry", {})
        self.assertEqual(again.status, 409, again)
        self.assertIn("Tried again", self.inbox(cookie))


if __name__ == "__main__":
    unittest.main()
