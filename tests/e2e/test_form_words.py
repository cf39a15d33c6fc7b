"""End-to-end tests of how the report and "Is it fixed?" forms ask: optional inputs say "(optional)" in their
label, as the GOV.UK Design System does, and the box for what is still wrong sits under the "No" answer, hidden
only once the page's script runs (without JavaScript it is always there, and its label says when it is
needed)."""

import html
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import ServerTestCase  # noqa: E402


def labels(body):
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
            for text in re.findall(r'<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>', body, re.S)]


class FormWords(ServerTestCase, unittest.TestCase):
    def signed_in(self, who):
        resp = self.mend.sign_in(who["email"], who["password"])
        self.assertEqual(resp.status, 303, resp)
        return resp.cookie_set()

    def get(self, path, who):
        resp = self.anon.get(path, headers={"Cookie": self.signed_in(who)})
        self.assertEqual(resp.status, 200, resp.body[:500])
        return resp.body

    def test_optional_inputs_say_so_and_required_ones_do_not(self):
        officer, tenant = self.demo.one("officer"), self.demo.one("tenant")
        found = self.get("/intake?q=Byrne", officer)
        link = html.unescape(re.search(r'href="(/intake/report\?home=[^"]+)"', found).group(1))
        intake = labels(self.get(link, officer))
        for label in ("Where is the problem? (optional)", "Priority (optional)", "Photos (optional)"):
            self.assertIn(label, intake)
        for label in ("What needs repairing?", "Describe the problem"):
            self.assertIn(label, intake)
        report = labels(self.get("/repairs/new", tenant))
        self.assertIn("Where is the problem? (optional)", report)
        self.assertIn("Describe the problem", report)

    def test_what_is_still_wrong_sits_under_no(self):
        tenant, officer, firm = self.demo.one("tenant"), self.demo.one("officer"), self.demo.one("contractor")
        ref = self.as_(tenant).post("/api/v1/requests", {"uprn": self.demo.home_of(tenant)["uprn"],
                                                         "category": "plumbing", "description": "Tap drips"}).json["reference"]
        for who, action, extra in ((officer, "triage", {"priority": "routine"}),
                                   (officer, "assign", {"contractor_id": firm["contractor_id"]}),
                                   (firm, "start", {}), (firm, "complete", {"note": "Washer replaced"})):
            resp = self.as_(who).post(f"/api/v1/requests/{ref}/actions", {"action": action, **extra})
            self.assertEqual(resp.status, 200, resp.body)
        page = self.get(f"/jobs/{ref}", tenant)
        no = re.search(r'<input[^>]*id="fixed-answer-no"[^>]*>', page).group(0)
        self.assertIn('data-mend-reveal="conditional-fixed-reason"', no)
        self.assertNotIn("data-aria-controls", no, "govuk-frontend's reveal puts aria-expanded on a radio")
        box = re.search(r'<div class="govuk-radios__conditional([^"]*)" id="conditional-fixed-reason">(.*?)</textarea>',
                        page, re.S)
        self.assertIsNotNone(box, "the box is inside the radios, under No")
        self.assertIn("govuk-radios__conditional--hidden", box.group(1), "hidden while nothing is chosen")
        self.assertIn('id="fixed-reason"', box.group(2))
        self.assertIn("What is still wrong? (only if it is not fixed)", box.group(2))
        self.assertLess(page.index('id="fixed-answer-no"'), page.index('id="fixed-reason"'))


if __name__ == "__main__":
    unittest.main()
