"""End-to-end tests of complaints on the Housing Ombudsman's Complaint Handling Code: a tenant's complaint about
a repair through stage 1 and stage 2 with an extension, the letters the tenant gets (the final one with the
Ombudsman's details), the clocks on the bank-holiday calendar, the overdue loop's escalation, the queue and
complaint pages, who may do what, bad input naming its field, and the self-assessment figures."""

import datetime
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakes  # noqa: E402
from mendctl import Mend  # noqa: E402
from test_edge import session_of  # noqa: E402
from test_social import SocialCase  # noqa: E402

CONFIG = """
[clocks]
scan_interval_seconds = 1
"""


def end_of_working_days(start, n, holidays=()):
    """The UK midnight after the n-th working day after `start`'s UK date, in UTC ISO form (winter dates
    only, where UK time is UTC): an independent count for the test's own dates."""
    day = start.date()
    counted = 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day.isoformat() not in holidays:
            counted += 1
    return (day + datetime.timedelta(days=1)).isoformat() + "T00:00:00Z"


class Complaints(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mend = Mend()
        try:
            cls.demo = cls.mend.demo()
            cls.config = os.path.join(cls.mend.root, "mend.toml")
            with open(cls.config, "w") as f:
                f.write(CONFIG)
            cls.anon = cls.mend.start("--config", cls.config)
        except BaseException:
            cls.mend.cleanup()
            raise
        d = cls.demo
        cls.officer = d.one("officer")
        cls.tenant = d.all("tenant")[0]
        cls.other_tenant = d.all("tenant")[1]
        cls.contractor = d.one("contractor")

    @classmethod
    def tearDownClass(cls):
        try:
            cls.mend.stop_ok()
        finally:
            cls.mend.cleanup()

    def as_(self, account):
        return self.mend.client(account["token"])

    def report(self, tenant=None):
        tenant = tenant or self.tenant
        resp = self.as_(tenant).post("/api/v1/requests", {"uprn": self.demo.home_of(tenant)["uprn"],
                                                          "category": "heating", "description": "No heating"})
        self.assertEqual(resp.status, 201, resp)
        return resp.json["reference"]

    def complain(self, account, body, status=201):
        resp = self.as_(account).post("/api/v1/complaints", body)
        self.assertEqual(resp.status, status, resp)
        return resp.json if status == 201 else resp.error

    def step(self, account, ref, action, status=200, **params):
        resp = self.as_(account).post(f"/api/v1/complaints/{ref}/actions", {"action": action, **params})
        self.assertEqual(resp.status, status, resp)
        return resp.json if status == 200 else resp.error

    def clock(self, complaint, stage, step):
        return [c for c in complaint["clocks"] if c["stage"] == stage and c["step"] == step][0]

    def letters(self, job_ref):
        resp = self.as_(self.officer).get(f"/api/v1/requests/{job_ref}/notices")
        self.assertEqual(resp.status, 200, resp)
        return [n for n in resp.json["items"] if n["event"].startswith("complaint_")]

    def wait_letter(self, job_ref, event):
        def check():
            found = [n for n in self.letters(job_ref) if n["event"] == event]
            return found[0] if found else None
        return fakes.wait_for(check, 20, what=f"a {event} notice on {job_ref}")

    def test_a_tenants_complaint_through_both_stages_with_an_extension_and_the_letters(self):
        job = self.report()
        c = self.complain(self.tenant, {"job": job, "summary": "Nobody came for two weeks",
                                        "outcome_wanted": "An apology"})
        ref = c["reference"]
        self.assertRegex(ref, r"^C-[0-9A-Z]{4}-[0-9A-Z]{4}$")
        self.assertEqual((c["status"], c["stage"], c["via"], c["job"]), ("stage1_received", 1, "web", job))
        self.assertEqual(c["jobs"], [job])
        ack = self.clock(c, 1, "acknowledge")
        self.assertEqual(ack["state"], "running")
        self.assertIn("5 working days", ack["basis"])
        self.assertTrue(ack["due_at"].endswith(":00:00Z"), ack)
        # A tenant may not take the officers' steps, and sees only escalate when it is allowed.
        self.assertEqual(self.step(self.tenant, ref, "acknowledge", status=403)["field"], "action")

        c = self.step(self.officer, ref, "acknowledge", note="You say nobody came for two weeks")
        self.assertEqual(c["status"], "stage1_acknowledged")
        self.assertEqual(self.clock(c, 1, "acknowledge")["state"], "met")
        respond = self.clock(c, 1, "respond")
        self.assertIn("10 working days", respond["basis"])
        letter = self.wait_letter(job, "complaint_acknowledged")
        self.assertIn(ref, letter["body"])
        self.assertIn("You say nobody came", letter["body"])

        # Extensions: within the Code's 10 working days in all, the reason required, the tenant told.
        self.assertEqual(self.step(self.officer, ref, "extend", status=422, days=3)["field"], "reason")
        self.assertEqual(self.step(self.officer, ref, "extend", status=422, days=11,
                                   reason="waiting for a survey")["field"], "days")
        c = self.step(self.officer, ref, "extend", days=5, reason="waiting for the heating engineer's report")
        extended = self.clock(c, 1, "respond")
        self.assertEqual(extended["extension"], {"days": 5, "reason": "waiting for the heating engineer's report"})
        self.assertGreater(extended["due_at"], respond["due_at"])
        letter = self.wait_letter(job, "complaint_extended")
        self.assertIn("heating engineer", letter["body"])
        self.assertIn("Housing Ombudsman", letter["body"])

        self.assertEqual(self.step(self.officer, ref, "respond", status=422)["field"], "response")
        c = self.step(self.officer, ref, "respond", response="We are sorry. The boiler is booked for Friday.")
        self.assertEqual(c["status"], "stage1_responded")
        letter = self.wait_letter(job, "complaint_stage1_response")
        self.assertIn("boiler is booked", letter["body"])
        self.assertIn("stage 2", letter["body"])
        self.assertEqual(c["allowed_actions"], ["escalate", "link_job", "close"])

        # The tenant escalates their own complaint; another tenant cannot see it at all.
        self.assertEqual(self.as_(self.other_tenant).get(f"/api/v1/complaints/{ref}").status, 404)
        self.assertEqual(self.step(self.other_tenant, ref, "escalate", status=404, reason="x")["code"],
                         "not_found")
        mine = self.as_(self.tenant).get(f"/api/v1/complaints/{ref}").json
        self.assertEqual(mine["allowed_actions"], ["escalate"])
        c = self.step(self.tenant, ref, "escalate", reason="The boiler still does not work")
        self.assertEqual((c["status"], c["stage"]), ("stage2_received", 2))
        self.assertIn("5 working days", self.clock(c, 2, "acknowledge")["basis"])

        c = self.step(self.officer, ref, "acknowledge")
        self.assertIn("20 working days", self.clock(c, 2, "respond")["basis"])
        c = self.step(self.officer, ref, "respond", response="A new boiler was fitted on Monday.")
        self.assertEqual(c["status"], "closed")
        self.assertIsNotNone(c["closed_at"])
        final = self.wait_letter(job, "complaint_final_response")
        self.assertIn("new boiler", final["body"])
        self.assertIn("Housing Ombudsman", final["body"])
        self.assertIn("0300 111 3000", final["body"])
        self.assertEqual(self.step(self.officer, ref, "respond", status=409, response="again")["code"],
                         "invalid_transition")
        actions = [e["action"] for e in c["events"]]
        self.assertEqual(actions, ["raise", "acknowledge", "extend", "respond", "escalate", "acknowledge",
                                   "respond"])

        # The tenant lists only their own; the queue's closed list has it.
        closed = self.as_(self.officer).get("/api/v1/complaints?status=closed").json["items"]
        self.assertIn(ref, [x["reference"] for x in closed])
        other = self.as_(self.other_tenant).get("/api/v1/complaints?status=closed").json["items"]
        self.assertNotIn(ref, [x["reference"] for x in other])

    def test_staff_log_a_phone_complaint_received_earlier_with_clocks_on_the_bank_holiday_calendar(self):
        job = self.report()
        # Received on Monday 22 December 2025: Christmas Day and Boxing Day are not working days.
        c = self.complain(self.officer, {"job": job, "summary": "Rude operative", "via": "phone",
                                         "received_at": "2025-12-22T10:00:00Z"})
        self.assertEqual((c["via"], c["received_at"]), ("phone", "2025-12-22T10:00:00Z"))
        self.assertEqual(self.clock(c, 1, "acknowledge")["due_at"],
                         end_of_working_days(datetime.datetime(2025, 12, 22, 10), 5,
                                             {"2025-12-25", "2025-12-26"}))
        self.assertEqual(self.clock(c, 1, "acknowledge")["due_at"], "2026-01-01T00:00:00Z")
        # Long past due today: the clock is breached, and the overdue loop tells the officers once.
        self.assertEqual(self.clock(c, 1, "acknowledge")["state"], "breached")
        self.wait_letter(job, "complaint_breached")
        time.sleep(2.5)  # two more scans: still one notice per officer
        breached = [n for n in self.letters(job) if n["event"] == "complaint_breached"]
        officers = {n["user_id"] for n in breached}
        self.assertEqual(len(breached), len(officers), breached)

        queue = self.as_(self.officer).get("/api/v1/complaints").json["items"]
        mine = [x for x in queue if x["reference"] == c["reference"]][0]
        self.assertEqual((mine["running"]["step"], mine["running"]["state"]), ("acknowledge", "breached"))

        other = self.as_(self.officer).post("/api/v1/complaints/" + c["reference"] + "/actions",
                                            {"action": "link_job", "job": self.report()})
        self.assertEqual(other.status, 200, other)
        self.assertEqual(len(other.json["jobs"]), 2)
        again = self.as_(self.officer).post("/api/v1/complaints/" + c["reference"] + "/actions",
                                            {"action": "link_job", "job": other.json["jobs"][1]})
        self.assertEqual((again.status, again.error["field"]), (409, "job"))

    def test_bad_input_names_the_field_and_changes_nothing(self):
        job = self.report()
        before = self.as_(self.officer).get("/api/v1/complaints?limit=200").json["items"]
        cases = [
            ({"summary": "x"}, "job"),
            ({"job": "NOPE-NOPE", "summary": "x"}, "job"),
            ({"job": job}, "summary"),
            ({"job": job, "summary": "   "}, "summary"),
            ({"job": job, "summary": "x", "via": "pigeon"}, "via"),
            ({"job": job, "summary": "x", "received_at": "yesterday"}, "received_at"),
            ({"job": job, "summary": "x", "received_at": "2099-01-01"}, "received_at"),
            ({"job": job, "summary": "x", "colour": "red"}, "colour"),
            ({"job": job, "summary": 5}, "summary"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertEqual(self.complain(self.officer, body, status=422)["field"], field)
        self.assertEqual(self.as_(self.officer).get("/api/v1/complaints?limit=200").json["items"], before)
        # A tenant cannot complain about someone else's repair; a contractor cannot complain at all.
        self.assertEqual(self.complain(self.other_tenant, {"job": job, "summary": "x"}, status=422)["field"], "job")
        self.assertEqual(self.complain(self.contractor, {"job": job, "summary": "x"}, status=403)["code"],
                         "forbidden")
        c = self.complain(self.tenant, {"job": job, "summary": "Still cold"})
        self.assertEqual(self.step(self.officer, c["reference"], "fly", status=422)["field"], "action")
        self.assertEqual(self.step(self.officer, c["reference"], "escalate", status=409, reason="x")["code"],
                         "invalid_transition")
        self.assertEqual(self.as_(self.officer).get("/api/v1/complaints/C-0000-0000").status, 404)

    def test_the_self_assessment_figures_count_per_stage_and_in_time(self):
        job = self.report()
        this_year = datetime.date.today().year
        # Received and acknowledged in time, answered late: in a period of its own in the past.
        c = self.complain(self.officer, {"job": job, "summary": "Late answer", "via": "letter",
                                         "received_at": "2026-01-05T09:00:00Z"})
        self.step(self.officer, c["reference"], "acknowledge")  # today: long after the 5 working days
        figures = self.as_(self.officer).get("/api/v1/reports/complaints?from=2026-01-01&to=2026-02-01").json
        self.assertEqual(figures["stage1"]["received"], 1)
        self.assertEqual(figures["stage1"]["acknowledged"], 0)  # acknowledged today, not in January
        self.assertIsNone(figures["stage1"]["responded_in_time"]["percent"])
        self.assertGreater(figures["homes"], 0)
        self.assertAlmostEqual(figures["stage1"]["per_1000_homes"], round(1000 / figures["homes"], 2))
        self.assertEqual(self.as_(self.tenant).get("/api/v1/reports/complaints?from=2026-01-01&to=2026-02-01")
                         .status, 403)
        now = self.as_(self.officer).get(
            f"/api/v1/reports/complaints?from={this_year - 1}-01-01&to={this_year + 1}-01-01").json
        self.assertGreaterEqual(now["stage1"]["acknowledged"], 1)
        self.assertGreaterEqual(now["stage1"]["acknowledged_in_time"]["count"],
                                now["stage1"]["acknowledged_in_time"]["meeting"])

    def test_the_pages_raise_show_and_step_a_complaint_without_javascript(self):
        job = self.report()
        cookie, csrf = session_of(self.anon, self.tenant)
        page = self.anon.get(f"/jobs/{job}", headers={"Cookie": cookie})
        self.assertIn(f'href="/jobs/{job}/complaint"', page.body)
        form = self.anon.get(f"/jobs/{job}/complaint", headers={"Cookie": cookie})
        self.assertEqual(form.status, 200, form)
        empty = self.anon.post(f"/jobs/{job}/complaint", raw=f"csrf_token={csrf}&summary=",
                               content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie})
        self.assertEqual(empty.status, 422)
        self.assertIn('href="#summary"', empty.body)
        made = self.anon.post(f"/jobs/{job}/complaint",
                              raw=f"csrf_token={csrf}&summary=Nobody+came&outcome_wanted=A+visit",
                              content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie})
        self.assertEqual(made.status, 303, made)
        ref = re.match(r"/complaints/(C-[0-9A-Z-]+)\?done=raise", made.header("location")).group(1)
        shown = self.anon.get(f"/complaints/{ref}", headers={"Cookie": cookie})
        self.assertIn("Nobody came", shown.body)
        self.assertNotIn('value="acknowledge"', shown.body)  # a tenant's page has no officer steps

        ocookie, ocsrf = session_of(self.anon, self.officer)
        queue = self.anon.get("/complaints", headers={"Cookie": ocookie})
        self.assertIn(ref, queue.body)
        # Staff log a complaint from the queue by naming the repair.
        start = self.anon.get(f"/complaints/new?job={job.lower()}", headers={"Cookie": ocookie})
        self.assertEqual((start.status, start.header("location")), (303, f"/jobs/{job}/complaint"), start)
        unknown = self.anon.get("/complaints/new?job=ZZZZ-ZZZZ", headers={"Cookie": ocookie})
        self.assertEqual(unknown.status, 422)
        self.assertIn('href="#job"', unknown.body)
        self.assertEqual(self.anon.get(f"/complaints/new?job={job}", headers={"Cookie": cookie}).status, 404)
        staff_page = self.anon.get(f"/complaints/{ref}", headers={"Cookie": ocookie})
        self.assertIn('value="acknowledge"', staff_page.body)
        bad = self.anon.post(f"/complaints/{ref}/actions", raw=f"csrf_token={ocsrf}&action=extend&days=3",
                             content_type="application/x-www-form-urlencoded", headers={"Cookie": ocookie})
        self.assertEqual(bad.status, 422)  # extend is not allowed before the acknowledgement
        done = self.anon.post(f"/complaints/{ref}/actions", raw=f"csrf_token={ocsrf}&action=acknowledge&note=",
                              content_type="application/x-www-form-urlencoded", headers={"Cookie": ocookie})
        self.assertEqual(done.status, 303, done)
        no_reason = self.anon.post(f"/complaints/{ref}/actions",
                                   raw=f"csrf_token={ocsrf}&action=extend&days=3&reason=",
                                   content_type="application/x-www-form-urlencoded", headers={"Cookie": ocookie})
        self.assertEqual(no_reason.status, 422)
        self.assertIn('href="#extend-reason"', no_reason.body)
        figures = self.anon.get("/complaints/figures", headers={"Cookie": ocookie})
        self.assertEqual(figures.status, 200)
        self.assertIn("CH02", figures.body)
        self.assertEqual(self.anon.get("/complaints/figures", headers={"Cookie": cookie}).status, 404)


class ComplaintFromAPost(SocialCase):
    def test_a_mention_becomes_a_complaint_linked_to_its_job_without_a_public_reply(self):
        ref = self.report()
        status = self.fake.mention("@council your plumber never turned up and nobody called me back")
        mention = self.mention_of(status["id"], "new")
        # The intake's own answer (its reference and the private page's link) comes first, as for any post.
        replies_before = len(self.fake.wait_for_replies(status["id"], 1))
        made = self.as_(self.officer).post("/api/v1/complaints", {"job": ref, "mention": str(mention["id"])})
        self.assertEqual(made.status, 201, made)
        c = made.json
        self.assertEqual(c["via"], "social")
        self.assertIn("plumber never turned up", c["summary"])
        self.assertEqual(c["received_at"][:19], mention["received_at"][:19])
        linked = self.mention_of(status["id"], "linked")
        self.assertEqual(linked["job_reference"], ref)
        time.sleep(2.5)  # two polls: nothing about the complaint is posted in public
        self.assertEqual(len(self.fake.replies_to(status["id"])), replies_before)
        # The same mention for another job, or a mention that does not exist, is refused by name.
        other = self.report()
        for body in ({"job": other, "mention": str(mention["id"])}, {"job": ref, "mention": "999999"}):
            with self.subTest(body=body):
                resp = self.as_(self.officer).post("/api/v1/complaints", body)
                self.assertEqual((resp.status, resp.error["field"]), (422, "mention"), resp)
        tenant = self.as_(self.tenant).post("/api/v1/complaints", {"job": ref, "mention": str(mention["id"])})
        self.assertEqual(tenant.status, 403, tenant)


if __name__ == "__main__":
    unittest.main()
