"""End-to-end tests of a hazard case's evidence pack: the JSON, the ZIP (evidence.json, README, photos and
letters) over the API and for a signed-in officer, and the printable page; only staff may have it."""

import io
import json
import os
import re
import sys
import time
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402
from test_edge import multipart, session_of  # noqa: E402

PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40


class EvidencePack(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()
        # A tenant who hears only by letter, so the pack has a letter to print.
        self.letter_tenant = self.mend.cli("user", "add", "--role", "tenant", "--name", "Lettie Post",
                                           "--channels", "letter")
        self.mend.cli("property", "add", "--uprn", "200000000009", "--address", "9 Print Row, Leeds",
                      "--postcode", "LS2 9PR", "--tenant", str(self.letter_tenant["id"]))
        self.anon = self.mend.start()
        self.officer = self.demo.one("officer")
        self.tenant = self.demo.one("tenant")

    def act(self, ref, action, **params):
        resp = self.mend.client(self.officer["token"]).post(f"/api/v1/requests/{ref}/actions",
                                                            {"action": action, **params})
        self.assertEqual(resp.status, 200, resp)
        return resp.json

    def hazard_case(self):
        """A tenant's damp report with a photo, triaged as a significant hazard, a clock paused for no access
        and resumed, with an internal note."""
        cookie, csrf = session_of(self.anon, self.tenant)
        body, kind = multipart({"csrf_token": csrf, "uprn": self.demo.home_of(self.tenant)["uprn"],
                                "category": "damp_mould", "description": "Black mould in the baby's room"},
                               {"photos": ("wall.jpg", PHOTO, "image/jpeg")})
        made = self.anon.post("/repairs/new", raw=body, content_type=kind, headers={"Cookie": cookie})
        self.assertEqual(made.status, 303, made)
        ref = made.header("location").split("/")[2].split("?")[0]
        self.act(ref, "triage", priority="urgent", hazard="significant", internal_note="Baby in the home")
        self.act(ref, "pause_clock", reason="no_access", clock="investigate", note="We called twice")
        self.act(ref, "resume_clock")
        return ref

    def evidence(self, ref):
        resp = self.mend.client(self.officer["token"]).get(f"/api/v1/requests/{ref}/evidence")
        self.assertEqual(resp.status, 200, resp)
        return resp.json

    def test_the_pack_holds_events_clocks_notices_with_attempts_and_photos(self):
        ref = self.hazard_case()
        deadline = time.monotonic() + 30
        while True:  # the file channel sends the tenant's notices; each send is an attempt in the pack
            pack = self.evidence(ref)
            if any(n["attempt_log"] for n in pack["notices"]) or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        self.assertEqual(pack["job"]["reference"], ref)
        self.assertEqual(pack["home"]["uprn"], self.demo.home_of(self.tenant)["uprn"])
        self.assertEqual(pack["tenant"]["id"], self.tenant["id"])
        actions = [e["action"] for e in pack["events"]]
        self.assertEqual(actions[:4], ["report", "triage", "pause_clock", "resume_clock"])
        self.assertEqual(pack["events"][1]["internal_note"], "Baby in the home")
        investigate = [c for c in pack["clocks"] if c["kind"] == "investigate"][0]
        self.assertEqual(investigate["pauses"][0]["reason"], "no_access")
        self.assertIsNotNone(investigate["pauses"][0]["to"])
        self.assertTrue(pack["notices"], pack)
        sent = [n for n in pack["notices"] if n["attempt_log"]]
        self.assertTrue(sent, pack["notices"])
        self.assertIn(sent[0]["attempt_log"][0]["outcome"], ("sent", "delivered"))
        self.assertEqual(len(pack["photos"]), 1)
        self.assertTrue(pack["photos"][0]["file"].startswith("photos/"))

        # The ZIP over the API: the same JSON, the photo's bytes, a README.
        resp = self.mend.client(self.officer["token"]).get(f"/api/v1/requests/{ref}/evidence.zip")
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(resp.header("Content-Type"), "application/zip")
        self.assertIn(f'filename="evidence-{ref}.zip"', resp.header("Content-Disposition"))
        archive = zipfile.ZipFile(io.BytesIO(resp.raw_body))
        self.assertIsNone(archive.testzip())
        names = set(archive.namelist())
        self.assertIn("README.txt", names)
        inside = json.loads(archive.read("evidence.json"))
        self.assertEqual([e["seq"] for e in inside["events"]], [e["seq"] for e in pack["events"]])
        self.assertEqual(archive.read(pack["photos"][0]["file"]), PHOTO)

        # Only staff: a tenant's token is refused, on the API and for the page.
        tenant_api = self.mend.client(self.tenant["token"])
        self.assertEqual(tenant_api.get(f"/api/v1/requests/{ref}/evidence").status, 403)
        self.assertEqual(tenant_api.get(f"/api/v1/requests/{ref}/evidence.zip").status, 403)
        cookie, _ = session_of(self.anon, self.tenant)
        self.assertEqual(self.anon.get(f"/jobs/{ref}/evidence", headers={"Cookie": cookie}).status, 404)
        self.assertEqual(self.mend.client(self.officer["token"]).get("/api/v1/requests/XX-0000/evidence").status, 404)

    def test_the_printable_page_and_the_signed_in_zip_with_a_letter(self):
        ref = self.hazard_case()
        letter_job = self.mend.client(self.letter_tenant["token"]).post(
            "/api/v1/requests", {"uprn": "200000000009", "category": "damp_mould", "description": "Mould by the window"})
        self.assertEqual(letter_job.status, 201, letter_job)
        letter_ref = letter_job.json["reference"]
        self.act(letter_ref, "triage", priority="routine", hazard="significant")

        cookie, _ = session_of(self.anon, self.officer)
        job_page = self.anon.get(f"/jobs/{ref}", headers={"Cookie": cookie})
        self.assertIn(f'href="/jobs/{ref}/evidence"', job_page.body)
        page = self.anon.get(f"/jobs/{ref}/evidence", headers={"Cookie": cookie})
        self.assertEqual(page.status, 200, page)
        self.assertIn("Evidence pack", page.body)
        self.assertIn("Baby in the home", page.body)  # internal notes are part of the record
        self.assertIn("No access", page.body)
        self.assertIn(f'href="/jobs/{ref}/evidence.zip"', page.body)
        # The history reads in the order it happened.
        self.assertLess(page.body.index("Reported"), page.body.index("Clock resumed") if "Clock resumed" in page.body
                        else len(page.body))

        resp = self.anon.get(f"/jobs/{letter_ref}/evidence.zip", headers={"Cookie": cookie})
        self.assertEqual(resp.status, 200, resp)
        archive = zipfile.ZipFile(io.BytesIO(resp.raw_body))
        letters = [n for n in archive.namelist() if n.startswith("letters/")]
        self.assertTrue(letters, archive.namelist())
        self.assertIn("Lettie Post", archive.read(letters[0]).decode())
        signed_out = self.anon.get(f"/jobs/{letter_ref}/evidence.zip")
        self.assertIn(signed_out.status, (303, 401), signed_out)


if __name__ == "__main__":
    unittest.main()
