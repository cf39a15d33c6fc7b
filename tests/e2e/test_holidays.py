"""End-to-end tests of the bank holiday calendar's end: with the server's clock in February 2028 (through
MEND_TEST_CLOCK_FILE), mend logs a warning at start and /metrics counts the days left; holidays an admin adds on
the Bank holidays page are kept in the database, count for new deadlines at once, and are there again after a
restart. The page itself is tested in a browser (tests/browser/holidays.test.mjs)."""

import datetime
import os
import re
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402

NOW = datetime.datetime(2028, 2, 1, 12, 0, tzinfo=datetime.timezone.utc)


class Holidays(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()
        self.clock_file = os.path.join(self.mend.root, "clock-offset")
        with open(self.clock_file, "w", encoding="utf-8") as f:
            f.write(str(NOW.timestamp() - time.time()))

    def start(self):
        self.mend.start(env={"MEND_TEST_CLOCK_FILE": self.clock_file})

    def days_left(self):
        text = self.mend.client().get("/metrics").body
        return int(re.search(r"^mend_calendar_days_left (-?\d+)$", text, re.M).group(1))

    def signed_in(self, who):
        resp = self.mend.sign_in(who["email"], who["password"])
        self.assertEqual(resp.status, 303, resp)
        return resp.cookie_set()

    def post_holidays(self, cookie, year, dates):
        client = self.mend.client()
        page = client.get("/holidays", headers={"Cookie": cookie})
        self.assertEqual(page.status, 200, page)
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)
        body = urllib.parse.urlencode({"csrf_token": csrf, "year": year, "dates": dates}).encode()
        return client.post("/holidays", raw=body, content_type="application/x-www-form-urlencoded",
                           headers={"Cookie": cookie})

    def test_warned_at_start_then_an_added_year_is_kept_across_a_restart(self):
        self.start()
        self.assertEqual(self.days_left(), 334)
        admin = self.signed_in(self.demo.one("admin"))
        officer = self.signed_in(self.demo.one("officer"))

        refused = self.post_holidays(officer, "2029", "2029-01-01 New Year's Day")
        self.assertEqual(refused.status, 404, refused)
        bad = self.post_holidays(admin, "2029", "2029-01-01 New Year's Day\n2029-13-01 Nonsense")
        self.assertEqual(bad.status, 422, bad)
        self.assertIn("Line 2: start with a date like 2029-01-01", bad.body)
        self.assertEqual(self.days_left(), 334, "nothing was added")

        added = self.post_holidays(admin, "2029", "2029-01-01 New Year's Day\n2029-03-30 Good Friday")
        self.assertEqual(added.status, 303, added)
        self.assertEqual(self.days_left(), 334 + 365)
        self.mend.stop_ok()
        self.assertIn("bank holiday calendar runs out", self.mend.stderr_text())
        self.assertIn("ends on 31 December 2028", self.mend.stderr_text())

        self.start()
        self.assertEqual(self.days_left(), 334 + 365, "the added year is loaded again at start")
        self.assertNotIn("bank holiday calendar runs out", self.mend.stderr_text())
        page = self.mend.client().get("/holidays", headers={"Cookie": self.signed_in(self.demo.one("admin"))})
        self.assertIn("Good Friday", page.body)
        self.assertIn("31 December 2029", page.body)


if __name__ == "__main__":
    unittest.main()
