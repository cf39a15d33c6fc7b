"""End-to-end tests of followers (issue 19): a job followed by a web tenant ("me too"), an email contact an
officer recorded, two social threads linked to it (one on Mastodon, one on Bluesky) and the thread of a report marked as its duplicate goes to
"completed" and then "resolved": each follower gets exactly one notice of each step on their own channel (email
through a real SMTP server on loopback, the tenant's own channel), each thread exactly one public reply with
nothing personal in it; a tenant adds and removes only themselves; following twice is 409; a follower removed
hears nothing more."""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakes  # noqa: E402
from social_mail import NetworksAndMail  # noqa: E402


class Followers(NetworksAndMail, unittest.TestCase):
    with_bluesky = True  # followers may be on both networks

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tenant = cls.demo.one("tenant", 0)
        cls.other = cls.demo.one("tenant", 1)
        cls.home = cls.demo.home_of(cls.tenant)

    def raise_job(self, home, description):
        """An officer raises a job for a home, for no tenant in particular: its tenant did not report it."""
        body = {"uprn": home["uprn"], "category": "plumbing", "description": description}
        return self.ok(self.api(self.officer).post("/api/v1/requests", body), 201)["reference"]

    def follow(self, account, ref, body, status=201):
        resp = self.api(account).post(f"/api/v1/requests/{ref}/followers", body)
        self.assertEqual(resp.status, status, resp)
        return resp.json

    def followers(self, ref, account=None):
        return self.ok(self.api(account or self.officer).get(f"/api/v1/requests/{ref}/followers"))["items"]

    def test_each_follower_hears_each_public_step_once_on_their_own_channel(self):
        ref = self.raise_job(self.home, "The lift in the block is broken")

        # The tenant of the home says "me too", once; they add no one else and nobody else adds them.
        mine = self.follow(self.tenant, ref, {})
        self.assertEqual((mine["kind"], mine["user_id"]), ("tenant", self.tenant["id"]))
        self.assertEqual(self.api(self.tenant).post(f"/api/v1/requests/{ref}/followers", {}).status, 409)
        for body in ({"user_id": self.other["id"]},
                     {"kind": "contact", "channel": "email", "address": "x@example.org"}):
            resp = self.api(self.tenant).post(f"/api/v1/requests/{ref}/followers", body)
            self.assertEqual(resp.status, 403, resp)
        # A tenant who may not see the job does not learn it exists.
        self.assertEqual(self.api(self.other).post(f"/api/v1/requests/{ref}/followers", {}).status, 404)
        self.assertEqual(self.api(self.other).get(f"/api/v1/requests/{ref}/followers").status, 404)

        # An officer records a neighbour's email; bad input is refused naming the field, nothing added.
        for body, field in (({"kind": "contact", "channel": "pigeon", "address": "x"}, "channel"),
                            ({"kind": "contact", "channel": "email", "address": "no-at-sign"}, "address"),
                            ({"kind": "contact", "channel": "email", "address": "a@b.org\r\nBcc: c@d.org"}, "address"),
                            ({"kind": "contact", "channel": "email", "address": "a@b.org\tx"}, "address"),
                            ({"kind": "contact", "channel": "sms", "address": "call me"}, "address"),
                            ({"kind": "thread", "mention_id": 999999}, "mention_id"),
                            ({"kind": "club"}, "kind"),
                            ({"kind": "contact", "colour": "red"}, "colour")):
            resp = self.api(self.officer).post(f"/api/v1/requests/{ref}/followers", body)
            self.assertEqual(resp.status, 422, resp)
            self.assertEqual(resp.json["error"]["field"], field, resp)
        self.assertEqual(len(self.followers(ref)), 1, "nothing was added")
        neighbour = self.follow(self.officer, ref, {"kind": "contact", "channel": "email",
                                                    "address": "nell@example.org", "name": "Nell Neighbour"})
        self.follow(self.officer, ref, {"kind": "contact", "channel": "email", "address": "nell@example.org"}, 409)

        # Two residents post about it: one (on Mastodon) is linked from the inbox, one (on Bluesky) added as a
        # follower from the API.
        post1, m1 = self.new_mention("the lift at our block is broken again", "ana@elsewhere.example")
        post2, m2 = self.new_mention("still no lift, carrying the pram up six floors", "bo.bsky.example", self.bsky)
        self.ok(self.api(self.officer).post(f"/api/v1/social/mentions/{m1['id']}/link", {"reference": ref}))
        thread = self.follow(self.officer, ref, {"kind": "thread", "mention_id": m2["id"]})
        self.assertEqual((thread["mention_id"], thread["mention_reference"]), (m2["id"], m2["reference"]))
        self.follow(self.officer, ref, {"kind": "thread", "mention_id": m2["id"]}, 409)

        # A third resident's post is made a job of its own, then marked a duplicate: its thread follows.
        post3, m3 = self.new_mention("lift broken, my mum cannot get out", "cy@elsewhere.example")
        dup = self.ok(self.api(self.officer).post(f"/api/v1/social/mentions/{m3['id']}/convert",
                                                  {"uprn": self.home["uprn"], "category": "plumbing"}))
        self.act(self.officer, dup["job_reference"], "mark_duplicate", duplicate_of=ref)
        kinds = sorted((f["kind"], f["mention_id"] or 0) for f in self.followers(ref))
        self.assertEqual(kinds, [("contact", 0), ("tenant", 0), ("thread", m1["id"]), ("thread", m2["id"]),
                                 ("thread", m3["id"])])
        # A tenant reads only themselves among the followers.
        self.assertEqual([f["id"] for f in self.followers(ref, self.tenant)], [mine["id"]])
        # ... and may not remove anyone else.
        resp = self.api(self.tenant).request("DELETE", f"/api/v1/requests/{ref}/followers/{neighbour['id']}")
        self.assertEqual(resp.status, 403, resp)

        self.act(self.officer, ref, "triage", priority="routine")
        self.act(self.officer, ref, "assign", contractor_id=self.contractor["contractor_id"])
        self.act(self.contractor, ref, "start")
        self.act(self.contractor, ref, "complete")

        # Each thread: exactly one public "completed" reply, posted once, with nothing personal in it.
        for fake, post, m in ((self.fake, post1, m1), (self.bsky, post2, m2), (self.fake, post3, m3)):
            done = fakes.wait_for(lambda m=m: [r for r in self.replies(m["id"], "completed") if r["state"] == "sent"],
                                  20, what=f"the completed reply to {m['reference']}")
            self.assertEqual(len(self.replies(m["id"], "completed")), 1)
            posted = [s for s in fake.replies_to(post["id"]) if s["text"] == done[0]["body"]]
            self.assertEqual(len(posted), 1, posted)
            self.assertIn(ref, posted[0]["text"])
            for fact in (self.home["address"].split(",")[0], self.home["postcode"], self.tenant["name"]):
                self.assertNotIn(fact.lower(), posted[0]["text"].lower())

        # The neighbour: one email of it through the SMTP server; the tenant: one notice on their channel.
        fakes.wait_for(lambda: self.emails_to("nell@example.org", "completed"), 20, what="the neighbour's email")
        completed = self.notices(ref, "completed")
        firsts = [(n["channel"], n["address"]) for n in completed if n["state"] not in ("standby", "skipped")]
        self.assertEqual(len(firsts), len(set(firsts)), completed)
        self.assertEqual([n["channel"] for n in completed if n["address"] == "nell@example.org"], ["email"])
        tenants = [n for n in completed if n["user_id"] == self.tenant["id"] and n["state"] not in ("standby", "skipped")]
        self.assertEqual(len(tenants), 1, completed)
        self.assertNotIn("lift in the block", tenants[0]["body"], "a follower is told public words only")
        time.sleep(1)  # anything sent twice would have arrived by now
        self.assertEqual(len(self.emails_to("nell@example.org", "completed")), 1)

        # The tenant stops following: the next step reaches the others, not them.
        resp = self.api(self.tenant).request("DELETE", f"/api/v1/requests/{ref}/followers/{mine['id']}")
        self.assertEqual(resp.status, 204, resp)
        self.assertEqual(self.followers(ref, self.tenant), [])
        self.act(self.officer, ref, "confirm_fixed")
        resolved = self.notices(ref, "resolved")
        self.assertEqual([n for n in resolved if n["user_id"] == self.tenant["id"]], [])
        self.assertEqual([n["channel"] for n in resolved if n["address"] == "nell@example.org"], ["email"])
        fakes.wait_for(lambda: self.replies(m1["id"], "resolved"), 20, what="the resolved reply")
        resp = self.api(self.tenant).request("DELETE", f"/api/v1/requests/{ref}/followers/{mine['id']}")
        self.assertEqual(resp.status, 404, resp)

    def test_the_reporter_is_told_as_the_reporter_only(self):
        ref = self.ok(self.api(self.tenant).post(
            "/api/v1/requests", {"uprn": self.home["uprn"], "category": "plumbing", "description": "Tap drips"}),
            201)["reference"]
        self.follow(self.tenant, ref, {}, 409)
        self.follow(self.officer, ref, {"kind": "tenant", "user_id": self.tenant["id"]}, 409)
        self.act(self.officer, ref, "triage", priority="routine")
        triaged = [n for n in self.notices(ref, "triaged") if n["state"] not in ("standby", "skipped")]
        self.assertEqual(len(triaged), 1, triaged)


if __name__ == "__main__":
    unittest.main()
