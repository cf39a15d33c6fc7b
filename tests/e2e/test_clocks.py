"""End-to-end tests of targets, Awaab's Law clocks, the overdue loop, reports, exports and /metrics."""

import datetime
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend, ServerTestCase  # noqa: E402

CONFIG = """
[clocks]
scan_interval_seconds = 1
at_risk_share = 1.0      # everything running is at risk at once, so the loop has work

[targets]
urgent = "3 working days"

[calendar]
extra_holidays = ["2026-12-29"]
"""


class Clocks(ServerTestCase, unittest.TestCase):
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
        cls.contractor = d.one("contractor")
        cls.firm = cls.contractor["contractor_id"]
        cls.home = d.home_of(cls.tenant)

    def act(self, account, ref, action, status=200, **params):
        resp = self.as_(account).post(f"/api/v1/requests/{ref}/actions", {"action": action, **params})
        self.assertEqual(resp.status, status, resp)
        return resp.json

    def report(self, category="damp_mould"):
        resp = self.as_(self.tenant).post(
            "/api/v1/requests", {"uprn": self.home["uprn"], "category": category, "description": "Black mould"}
        )
        self.assertEqual(resp.status, 201, resp)
        return resp.json

    def test_a_hazard_job_through_its_clocks_to_a_rating_and_the_reports(self):
        job = self.report()
        self.assertIsNone(job["target"])
        self.assertEqual(job["clocks"], [])
        ref = job["reference"]
        job = self.act(self.officer, ref, "triage", priority="urgent", hazard="significant")
        self.assertIn("3 working days from", job["target"]["basis"])
        self.assertEqual(job["target"]["state"], "at_risk")
        self.assertEqual([c["kind"] for c in job["clocks"]], ["investigate"])
        self.assertIn("10 working days", job["clocks"][0]["basis"])

        listed = self.as_(self.officer).get("/api/v1/clocks?state=at_risk").json["items"]
        self.assertIn((ref, "investigate"), {(c["reference"], c["kind"]) for c in listed})
        self.assertEqual(self.as_(self.contractor).get("/api/v1/clocks?state=at_risk").json["items"], [])
        bad = self.as_(self.officer).get("/api/v1/clocks?state=soon")
        self.assertEqual((bad.status, bad.error.get("field")), (422, "state"))

        # The overdue loop (every second) escalates what is at risk, once.
        deadline = time.monotonic() + 20
        while "escalated" not in self.mend.stderr_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertIn('msg="clocks escalated" loop="overdue loop" clocks=', self.mend.stderr_text())

        self.act(self.officer, ref, "summary_sent", status=409)
        job = self.act(self.officer, ref, "investigation_concluded", further_works="none")
        kinds = {c["kind"]: c for c in job["clocks"]}
        self.assertEqual(set(kinds), {"investigate", "written_summary", "safety_work"})
        self.assertEqual(kinds["investigate"]["state"], "met")
        self.act(self.officer, ref, "summary_sent")
        job = self.act(self.officer, ref, "pause_clock", reason="no_access", clock="safety_work",
                       note="Three visits, no answer")
        paused = [c for c in job["clocks"] if c["kind"] == "safety_work"][0]
        self.assertEqual(paused["state"], "paused")
        self.assertEqual(paused["pauses"][0]["reason"], "no_access")
        self.act(self.officer, ref, "resume_clock")

        before = job["target"]["due"]
        job = self.act(self.officer, ref, "reprioritise", priority="emergency", reason="child with asthma")
        self.assertNotEqual(job["target"]["due"], before)
        self.assertIn("24 hours", job["target"]["basis"])
        events = self.as_(self.officer).get(f"/api/v1/requests/{ref}/events").json["items"]
        self.assertEqual(events[-1]["action"], "reprioritise")
        self.assertEqual(events[-1]["data"]["reason"], "child with asthma")
        self.assertEqual(events[-1]["data"]["previous_target_due"], before)

        self.act(self.officer, ref, "assign", contractor_id=self.firm)
        self.act(self.contractor, ref, "start")
        self.act(self.contractor, ref, "safety_work_done")
        job = self.act(self.contractor, ref, "complete")
        self.assertEqual(job["target"]["state"], "met")
        self.act(self.tenant, ref, "confirm_fixed")
        self.act(self.tenant, ref, "rate", status=422, repair_rating=9, time_rating=1)
        job = self.act(self.tenant, ref, "rate", repair_rating=5, time_rating=3)
        self.assertNotIn("rate", job["allowed_actions"])
        self.act(self.tenant, ref, "rate", status=409, repair_rating=1, time_rating=1)

        today = datetime.datetime.now(datetime.timezone.utc).date()
        period = f"from={today - datetime.timedelta(days=1)}&to={today + datetime.timedelta(days=2)}"
        self.assertEqual(self.as_(self.tenant).get(f"/api/v1/reports/rp02?{period}").status, 403)
        rp02 = self.as_(self.officer).get(f"/api/v1/reports/rp02?{period}")
        self.assertEqual(rp02.status, 200, rp02)
        r = rp02.json
        self.assertEqual(r["rp02"]["emergency"], {"count": 1, "meeting": 1, "percent": 100.0})
        # Per-job ratings are transactional satisfaction, not the survey-based TP02/TP03.
        self.assertNotIn("tp02", r)
        self.assertEqual(r["job_satisfaction"]["repair"], {"count": 1, "meeting": 1, "percent": 100.0})
        self.assertEqual(r["job_satisfaction"]["time_taken"], {"count": 1, "meeting": 0, "percent": 0.0})
        # Nothing to count is "n/a" (null), not 0.
        self.assertEqual(r["rp02"]["non_emergency"], {"count": 0, "meeting": 0, "percent": None})
        self.assertEqual(r["days_to_complete"]["by_category"]["damp_mould"]["count"], 1)
        csv = self.as_(self.officer).get(f"/api/v1/reports/rp02?{period}&format=csv")
        self.assertTrue(csv.header("Content-Type").startswith("text/csv"))
        self.assertIn("RP02,emergency,1,1,100.00", csv.body)
        missing = self.as_(self.officer).get("/api/v1/reports/rp02?from=2026-01-01")
        self.assertEqual((missing.status, missing.error.get("field")), (422, "to"))
        too_long = self.as_(self.officer).get("/api/v1/reports/rp02?from=1900-01-01&to=2026-01-01")
        self.assertEqual((too_long.status, too_long.error.get("field")), (422, "to"))

        # The command line computes the same from the same events.
        frm, to = str(today - datetime.timedelta(days=1)), str(today + datetime.timedelta(days=2))
        cli = self.mend.cli("report", "rp02", "--from", frm, "--to", to)
        self.assertEqual(cli["rp02"], r["rp02"])
        p = self.mend.run("report", "rp02", "--from", frm, "--to", to, "--csv", "--data", self.mend.data)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("job_satisfaction,time_taken,1,0,0.00", p.stdout)
        self.assertIn("RP02,non_emergency,0,0,n/a", p.stdout)
        p = self.mend.run("export", "events", "--from", frm, "--to", to, "--data", self.mend.data)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertTrue(lines[0].startswith("reference,seq,at,"))
        self.assertIn(f"{ref},1,", p.stdout)
        self.assertIn("child with asthma", p.stdout)
        p = self.mend.run("export", "jobs", "--from", frm, "--to", to, "--data", self.mend.data)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(ref, p.stdout)

    def test_legal_deadlines_end_of_day_close_waits_for_them_and_settling_needs_a_reason(self):
        ref = self.report("plumbing")["reference"]
        job = self.act(self.officer, ref, "triage", priority="urgent", hazard="significant")
        self.assertEqual((job["target"]["deadline"], job["target"]["last_day"]), ("internal", None))
        investigate = job["clocks"][0]
        self.assertEqual(investigate["deadline"], "legal")
        self.assertIsNotNone(investigate["last_day"])
        self.assertIn("to the end of the last day", investigate["basis"])
        # Midnight UK time after the last day: 00:00 UTC in winter, 23:00 UTC the day before in summer.
        self.assertRegex(investigate["due"], r"T(00|23):00:00Z$")

        bare = self.as_(self.officer).post(f"/api/v1/requests/{ref}/actions",
                                           {"action": "pause_clock", "reason": "other"})
        self.assertEqual((bare.status, bare.error.get("field")), (422, "reason_detail"))
        self.act(self.officer, ref, "pause_clock", reason="other", reason_detail="police cordon")
        self.act(self.officer, ref, "resume_clock")

        self.act(self.officer, ref, "investigation_concluded", safety_work="not_required", further_works="none")
        self.act(self.officer, ref, "assign", contractor_id=self.firm)
        self.act(self.contractor, ref, "start")
        self.act(self.contractor, ref, "complete")
        self.act(self.tenant, ref, "confirm_fixed")
        refused = self.as_(self.officer).post(f"/api/v1/requests/{ref}/actions", {"action": "close"})
        self.assertEqual(refused.status, 409, refused)
        self.assertIn("written_summary", refused.error.get("message", ""))
        no_reason = self.as_(self.officer).post(f"/api/v1/requests/{ref}/actions", {"action": "settle_clock"})
        self.assertEqual((no_reason.status, no_reason.error.get("field")), (422, "reason"))
        job = self.act(self.officer, ref, "settle_clock", clock="written_summary", reason="given by hand")
        summary = [c for c in job["clocks"] if c["kind"] == "written_summary"][0]
        self.assertEqual((summary["state"], summary["stop_reason"]), ("stopped", "settled: given by hand"))
        self.assertEqual(self.act(self.officer, ref, "close")["status"], "closed")

    def test_an_emergency_hazard_found_needing_no_safety_work_is_not_left_to_breach(self):
        ref = self.report("plumbing")["reference"]
        job = self.act(self.officer, ref, "triage", priority="emergency", hazard="emergency")
        self.assertEqual(sorted(c["kind"] for c in job["clocks"]), ["investigate", "make_safe"])
        self.assertEqual({c["basis"].split(" from")[0] for c in job["clocks"]}, {"24 hours"})
        job = self.act(self.officer, ref, "investigation_concluded", safety_work="not_required",
                       further_works="none")
        states = {c["kind"]: c["state"] for c in job["clocks"]}
        self.assertEqual(states["investigate"], "met")
        self.assertEqual(states["make_safe"], "stopped")
        # A hazard change alone is a reprioritisation.
        job = self.act(self.officer, ref, "reprioritise", hazard="significant", reason="on a second look")
        self.assertEqual((job["priority"], job["hazard"]), ("emergency", "significant"))

    def test_overdue_filter_and_metrics(self):
        bad = self.as_(self.officer).get("/api/v1/requests?overdue=maybe")
        self.assertEqual((bad.status, bad.error.get("field")), (422, "overdue"))
        # Nothing here is past due yet (breaching needs time to pass; the integration tests move the clock).
        ok = self.as_(self.officer).get("/api/v1/requests?overdue=true")
        self.assertEqual(ok.status, 200, ok)
        self.report("plumbing")
        m = self.anon.get("/metrics")
        self.assertEqual(m.status, 200)
        self.assertTrue(m.header("Content-Type").startswith("text/plain; version=0.0.4"))
        self.assertRegex(m.body, r'mend_jobs\{status="reported"\} [1-9]')
        self.assertIn('mend_clocks{state="breached"} ', m.body)
        self.assertRegex(m.body, r'mend_http_requests_total\{code="2xx"\} [1-9]')
        self.assertRegex(m.body, r'mend_http_request_duration_seconds_bucket\{le="\+Inf"\} [1-9]')

    def test_the_overdue_loop_tells_the_officers_and_the_firm_once(self):
        ref = self.report("plumbing")["reference"]
        self.act(self.officer, ref, "triage", priority="urgent")
        self.act(self.officer, ref, "assign", contractor_id=self.firm)

        def clock_notices(event):
            items = self.as_(self.officer).get(f"/api/v1/requests/{ref}/notices").json["items"]
            return [n for n in items if n["event"] == event]

        # Everything is at risk at once here (at_risk_share = 1.0); the loop tells the officer and the firm.
        deadline = time.monotonic() + 20
        while not clock_notices("clock_at_risk") and time.monotonic() < deadline:
            time.sleep(0.2)
        at_risk = clock_notices("clock_at_risk")
        self.assertEqual([n for n in at_risk if n["user_id"] == self.officer["id"]][0]["audience"], "officer")
        self.assertIn(self.contractor["id"], [n["user_id"] for n in at_risk if n["audience"] == "firm"])

        # Time cannot pass in a test: the target is moved an hour into the past in the database.
        script = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=30)
now = int(time.time())
with db:
    n = db.execute(\"\"\"UPDATE clocks SET started_at = ?, base_due_at = ?, due_at = ?
                      WHERE kind = 'repair_target'
                        AND request_id = (SELECT id FROM requests WHERE reference = ?)\"\"\",
                   (now - 7200, now - 3600, now - 3600, sys.argv[2])).rowcount
assert n == 1, n
"""
        p = subprocess.run(["/usr/bin/python3", "-c", script, os.path.join(self.mend.data, "mend.db"), ref],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        deadline = time.monotonic() + 20
        while not clock_notices("clock_breached") and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2.5)  # two more scans of the loop, which must not tell anyone again
        for who in (self.officer, self.contractor):
            mine = [n for n in clock_notices("clock_breached") if n["user_id"] == who["id"]]
            self.assertEqual(len(mine), 1, mine)
            self.assertIn(ref, mine[0]["body"])
            self.assertIn("overdue", mine[0]["body"])
            self.assertIn("repair target", mine[0]["body"])
        self.assertNotIn("tenant", {n["audience"] for n in clock_notices("clock_breached")})

    def test_bad_time_config_is_refused_with_its_key(self):
        bad = os.path.join(self.mend.root, "bad.toml")
        for text, key in (("[targets]\nurgent = \"soon\"\n", "targets.urgent"),
                          ("[clocks]\nat_risk_share = 2.0\n", "clocks.at_risk_share"),
                          ("[calendar]\nextra_holidays = [\"2026-02-30\"]\n", "calendar.extra_holidays")):
            with open(bad, "w") as f:
                f.write(text)
            p = self.mend.run("serve", "--config", bad, "--data", self.mend.data, "--listen", "127.0.0.1:0")
            self.assertNotEqual(p.returncode, 0)
            self.assertIn(key, p.stderr)


if __name__ == "__main__":
    unittest.main()
