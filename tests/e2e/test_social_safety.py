"""End-to-end tests of the social channel made safe in public (issue 18) against the fake networks: thread
replies attach to what they answer, the staff checklist, approval of officers' own words, word-list flags, the
private intake page, and failures shown on the inbox page."""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_social import SocialCase, on_bluesky, wait_until  # noqa: E402


class Attach(SocialCase):
    def updates_of(self, ref):
        return self.ok(self.as_(self.officer).get(f"/api/v1/requests/{ref}/social-updates"))["items"]

    def test_thread_replies_and_intake_references_attach_to_the_existing_job(self):
        post = self.fake.mention("the stairwell light is out on floor 3")
        item = self.mention_of(post["id"], "new")
        ack = self.fake.wait_for_replies(post["id"])[0]
        ref = self.ok(self.as_(self.officer).post(
            f"/api/v1/social/mentions/{item['id']}/convert",
            {"uprn": self.home["uprn"], "category": "electrical"}))["job_reference"]

        # The resident answers our reply in the thread, then names the intake reference in a new post.
        in_thread = self.fake.mention("still dark tonight", in_reply_to_id=ack["id"])
        naming = self.fake.mention(f"about {item['reference']}: now it flickers too")
        updates = wait_until(lambda: len(self.updates_of(ref)) == 2 and self.updates_of(ref), what="two updates")
        self.assertEqual([u["status_id"] for u in updates], [in_thread["id"], naming["id"]])
        self.assertIn("still dark tonight", updates[0]["text"])
        self.assertEqual({u["mention_id"] for u in updates}, {item["id"]})
        # Neither became an intake item of its own, and the mention shows them.
        known = {m["status_id"] for m in self.mentions()}
        self.assertNotIn(in_thread["id"], known)
        self.assertNotIn(naming["id"], known)
        detail = self.ok(self.as_(self.officer).get(f"/api/v1/social/mentions/{item['id']}"))
        self.assertEqual(len(detail["updates"]), 2)
        # A reply to the original post (not ours) attaches too; delivered twice it is one update.
        direct = self.fake.mention("and the bulb is hot", in_reply_to_id=post["id"])
        self.fake.redeliver(direct["id"])
        wait_until(lambda: len(self.updates_of(ref)) == 3, what="the third update")
        self.fake.mention("a new post, unrelated: bins not collected")
        wait_until(lambda: any("bins" in m["text"] for m in self.mentions("new")), what="the unrelated mention")
        self.assertEqual(len(self.updates_of(ref)), 3)

    def test_a_reply_to_an_unknown_post_is_a_new_item(self):
        post = self.fake.mention("who fixes the lift?", in_reply_to_id=None)
        self.mention_of(post["id"], "new")


CHECKLIST = ("Never post a resident's name, address or phone number", "Stay polite when a resident is angry")


class Checklist(SocialCase):
    """[social] checklist: only staff who completed its current version post, convert or dismiss."""

    extra_config = ("[social]", "checklist = [" + ", ".join(f'"{i}"' for i in CHECKLIST) + "]")

    def setUp(self):
        self.admin = self.demo.one("admin")

    def test_an_uncleared_officer_reads_but_may_not_post_convert_or_dismiss(self):
        post = self.fake.mention("the lift at Marlow House is broken")
        item = self.mention_of(post["id"], "new")  # reading is open to every officer
        status = self.ok(self.as_(self.officer).get("/api/v1/social/checklist"))
        self.assertEqual(status["items"], list(CHECKLIST))
        self.assertFalse(status["cleared"])
        refused = self.as_(self.officer).post(f"/api/v1/social/mentions/{item['id']}/replies",
                                              {"text": "We are on it"})
        self.assertEqual(refused.status, 403, refused)
        self.assertEqual(refused.json["error"]["field"], "checklist")
        self.assertIn("checklist", refused.json["error"]["message"])
        for action, body in (("convert", {"uprn": self.home["uprn"], "category": "other"}),
                             ("dismiss", {"reason": "not ours"})):
            self.assertEqual(self.as_(self.officer).post(
                f"/api/v1/social/mentions/{item['id']}/{action}", body).status, 403)
        self.assertEqual(self.mention_of(post["id"])["state"], "new")

        # Completing the current version clears them; a stale version is refused.
        stale = self.as_(self.officer).post("/api/v1/social/checklist/completions", {"version": status["version"] + 1})
        self.assertEqual(stale.status, 409, stale)
        done = self.ok(self.as_(self.officer).post("/api/v1/social/checklist/completions",
                                                   {"version": status["version"]}), 201)
        self.assertTrue(done["cleared"])
        self.ok(self.as_(self.officer).post(f"/api/v1/social/mentions/{item['id']}/replies",
                                            {"text": "We are on it"}), 201)

        # A new version (an admin changes the items) needs completing again.
        self.assertEqual(self.as_(self.officer).request("PUT", "/api/v1/social/checklist", body={"items": ["x"]}).status, 403)
        changed = self.ok(self.as_(self.admin).request("PUT", "/api/v1/social/checklist", body=
                                                   {"items": list(CHECKLIST) + ["Ask before you promise a date"]}))
        self.assertEqual(changed["version"], status["version"] + 1)
        self.assertEqual(self.as_(self.officer).post(f"/api/v1/social/mentions/{item['id']}/replies",
                                                     {"text": "Still on it"}).status, 403)
        blank = self.as_(self.admin).request("PUT", "/api/v1/social/checklist", body={"items": ["  "]})
        self.assertEqual(blank.status, 422, blank)
        self.assertEqual(blank.json["error"]["field"], "items")


class Approval(SocialCase):
    """[social] require_approval: an officer's own words wait for a second cleared officer."""

    extra_config = ("[social]", f'checklist = ["{CHECKLIST[0]}"]', "require_approval = true")

    def clear(self, account):
        version = self.ok(self.as_(account).get("/api/v1/social/checklist"))["version"]
        self.ok(self.as_(account).post("/api/v1/social/checklist/completions", {"version": version}), 201)

    def test_a_second_officer_approves_the_words_and_they_are_posted_once(self):
        admin = self.demo.one("admin")
        self.clear(self.officer)
        post = self.fake.mention("no heating in our block since Monday")
        item = self.mention_of(post["id"], "new")
        ref = self.ok(self.as_(self.officer).post(f"/api/v1/social/mentions/{item['id']}/convert",
                                                  {"uprn": self.home["uprn"], "category": "heating"}))["job_reference"]
        self.fake.wait_for_replies(post["id"], containing=ref)
        words = "the heating is back on in your block"

        preview = self.ok(self.as_(self.officer).post(f"/api/v1/requests/{ref}/public-replies",
                                                      {"text": words, "dry_run": True}))
        self.assertEqual(preview["text"], self.fake.handle() + " " + words)
        asked = self.ok(self.as_(self.officer).post(f"/api/v1/requests/{ref}/public-replies", {"text": words}), 202)
        approval = asked["approval"]
        self.assertEqual(approval["state"], "waiting")
        queue = self.ok(self.as_(admin).get("/api/v1/social/approvals"))["items"]
        self.assertEqual([a["id"] for a in queue], [approval["id"]])
        time.sleep(1.5)
        self.assertFalse([s for s in self.fake.replies_to(post["id"]) if words in s["text"]])

        # The author cannot approve their own words; an uncleared officer cannot either.
        own = self.as_(self.officer).post(f"/api/v1/social/approvals/{approval['id']}/approve", {})
        self.assertEqual(own.status, 403, own)
        self.assertEqual(self.as_(admin).post(f"/api/v1/social/approvals/{approval['id']}/approve", {}).status, 403)
        self.clear(admin)
        approved = self.ok(self.as_(admin).post(f"/api/v1/social/approvals/{approval['id']}/approve", {}), 201)
        self.assertEqual(len(approved["replies"]), 1)
        posted = self.fake.wait_for_replies(post["id"], containing=words)
        self.assertEqual(len(posted), 1, posted)
        again = self.as_(admin).post(f"/api/v1/social/approvals/{approval['id']}/approve", {})
        self.assertEqual(again.status, 409, again)
        time.sleep(1.5)
        self.assertEqual(len([s for s in self.fake.replies_to(post["id"]) if words in s["text"]]), 1)
        self.assertEqual(self.ok(self.as_(admin).get("/api/v1/social/approvals"))["items"], [])

    def test_rejected_words_are_never_posted(self):
        admin = self.demo.one("admin")
        self.clear(self.officer)
        self.clear(admin)
        post = self.fake.mention("when will someone come about the lift?")
        item = self.mention_of(post["id"], "new")
        asked = self.ok(self.as_(self.officer).post(f"/api/v1/social/mentions/{item['id']}/replies",
                                                    {"text": "Tomorrow, promise!"}), 202)["approval"]
        no_reason = self.as_(admin).post(f"/api/v1/social/approvals/{asked['id']}/reject", {"reason": ""})
        self.assertEqual(no_reason.status, 422, no_reason)
        rejected = self.ok(self.as_(admin).post(f"/api/v1/social/approvals/{asked['id']}/reject",
                                                {"reason": "We cannot promise a day"}))
        self.assertEqual(rejected["state"], "rejected")
        listed = self.ok(self.as_(admin).get("/api/v1/social/approvals?state=rejected"))["items"]
        self.assertEqual(listed[0]["reason"], "We cannot promise a day")
        time.sleep(1.5)
        self.assertFalse([s for s in self.fake.replies_to(post["id"]) if "promise" in s["text"]])


class Flags(SocialCase):
    extra_config = ("[social.flags]", 'abusive = ["rubbish landlord"]')

    def test_a_possible_hazard_sorts_first_and_becomes_a_hazard_job(self):
        calm = self.mention_of(self.fake.mention("the gate squeaks a bit")["id"], "new")
        rude = self.mention_of(self.fake.mention("what a rubbish landlord")["id"], "new")
        mould = self.mention_of(self.fake.mention("mould in the baby's room again")["id"], "new")
        self.assertEqual(calm["flags"], [])
        self.assertEqual(rude["flags"], ["abusive"])
        self.assertEqual(mould["flags"], ["possible_hazard"])
        flagged = self.ok(self.as_(self.officer).get("/api/v1/social/mentions?state=new&flagged=true"))["items"]
        self.assertEqual({m["id"] for m in flagged}, {rude["id"], mould["id"]})
        job = self.ok(self.as_(self.officer).post(f"/api/v1/social/mentions/{mould['id']}/convert", {
            "uprn": self.home["uprn"], "category": "damp_mould", "hazard": "significant"}))
        detail = self.ok(self.as_(self.officer).get(f"/api/v1/requests/{job['job_reference']}"))
        self.assertEqual(detail["hazard"], "significant")


AttachOnBluesky = on_bluesky(Attach)
ApprovalOnBluesky = on_bluesky(Approval)


if __name__ == "__main__":
    unittest.main()
