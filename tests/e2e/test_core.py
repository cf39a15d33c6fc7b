"""End-to-end tests of the JSON API: a job's whole life, who sees what, every error status, paging, races."""

import os
import re
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import ServerTestCase  # noqa: E402

APPT = {"start": "2026-12-01T08:00:00Z", "end": "2026-12-01T12:00:00Z"}
APPT2 = {"start": "2026-12-03T13:00:00Z", "end": "2026-12-03T17:00:00Z"}
REFERENCE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
REQUEST_KEYS = {
    "reference", "status", "version", "uprn", "category", "description", "location", "priority", "hazard",
    "source", "tenant_id", "raised_by", "contractor_id", "accepted", "appointment", "hold_reason",
    "duplicate_of", "created_at", "updated_at", "completed_at", "allowed_actions", "target", "clocks",
    "place", "public_summary", "recharge",
}
OFFICER_ON_REPORTED = ["triage", "cancel", "reject", "mark_duplicate"]


class Api(ServerTestCase, unittest.TestCase):
    @classmethod
    def seed(cls):
        d = cls.demo
        cls.officer = d.one("officer")
        cls.admin = d.one("admin")
        cls.tenant, cls.tenant2 = d.all("tenant")[:2]
        cls.contractor = d.one("contractor")
        cls.firm = cls.contractor["contractor_id"]
        cls.home = d.home_of(cls.tenant)
        cls.home2 = d.home_of(cls.tenant2)
        firm2 = cls.mend.cli("contractor", "add", "--name", "Other Firm Ltd", "--trades", "plumbing,heating")
        cls.firm2 = firm2["id"]
        cls.contractor2 = cls.mend.cli(
            "user", "add", "--role", "contractor", "--name", "Olive Other", "--contractor", str(cls.firm2)
        )

    # --- helpers ---

    def expect(self, resp, status, code=None, field=None):
        self.assertEqual(resp.status, status, f"expected {status}, got {resp!r}")
        if code is not None:
            self.assertEqual(set(resp.json), {"error"}, resp)
            self.assertEqual(resp.error.get("code"), code, resp)
            self.assertIsInstance(resp.error.get("message"), str, resp)
            self.assertTrue(resp.error["message"], resp)
        if field is not None:
            self.assertEqual(resp.error.get("field"), field, resp)
        return resp.json

    def report(self, account, **fields):
        body = {"uprn": self.home["uprn"], "category": "plumbing", "description": "Kitchen tap drips"}
        if account["role"] == "tenant" and account is self.tenant2:
            body["uprn"] = self.home2["uprn"]
        body.update(fields)
        resp = self.as_(account).post("/api/v1/requests", body)
        job = self.expect(resp, 201)
        self.assertEqual(resp.header("Location"), f"/api/v1/requests/{job['reference']}")
        return job

    def act(self, account, ref, action, status=200, code=None, field=None, **params):
        resp = self.as_(account).post(f"/api/v1/requests/{ref}/actions", {"action": action, **params})
        return self.expect(resp, status, code, field)

    def get(self, account, ref, status=200, code=None):
        return self.expect(self.as_(account).get(f"/api/v1/requests/{ref}"), status, code)

    def events(self, account, ref, status=200, code=None):
        body = self.expect(self.as_(account).get(f"/api/v1/requests/{ref}/events"), status, code)
        return body["items"] if status == 200 else body

    def list_all(self, account, query="", limit=200):
        """Walks every page; returns the items in order."""
        items, cursor, pages = [], None, 0
        while True:
            path = f"/api/v1/requests?limit={limit}{query}" + (f"&cursor={cursor}" if cursor else "")
            page = self.expect(self.as_(account).get(path), 200)
            self.assertEqual(set(page), {"items", "next_cursor"}, page)
            self.assertLessEqual(len(page["items"]), limit)
            items += page["items"]
            cursor = page["next_cursor"]
            pages += 1
            self.assertLess(pages, 1000, "pagination does not end")
            if cursor is None:
                return items
            self.assertIsInstance(cursor, str)

    def triaged_and_assigned(self, owner=None):
        job = self.report(owner or self.tenant)
        self.act(self.officer, job["reference"], "triage", priority="routine")
        return self.act(self.officer, job["reference"], "assign", contractor_id=self.firm)

    # --- basics ---

    def test_healthz_needs_no_token(self):
        resp = self.anon.get("/healthz")
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(resp.json, {"status": "ok"})
        self.assertTrue(resp.header("Content-Type").startswith("application/json"), resp.headers)

    def test_me_for_each_demo_account(self):
        for account in self.demo.accounts + [self.contractor2]:
            me = self.expect(self.as_(account).get("/api/v1/me"), 200)
            self.assertEqual(me["id"], account["id"])
            self.assertEqual(me["role"], account["role"])
            self.assertEqual(me["name"], account["name"])
            self.assertEqual(me["contractor_id"], account.get("contractor_id"), me)

    def test_report_returns_the_request_object(self):
        job = self.report(self.tenant, location="kitchen", hazard="none", source="phone")
        self.assertEqual(set(job), REQUEST_KEYS)
        self.assertRegex(job["reference"], REFERENCE)
        self.assertEqual(job["status"], "reported")
        self.assertEqual(job["version"], 1)
        self.assertEqual(job["uprn"], self.home["uprn"])
        self.assertEqual(job["category"], "plumbing")
        self.assertEqual(job["description"], "Kitchen tap drips")
        self.assertEqual(job["location"], "kitchen")
        self.assertIsNone(job["priority"])
        self.assertEqual(job["hazard"], "none")
        self.assertEqual(job["source"], "phone")
        self.assertEqual(job["tenant_id"], self.tenant["id"])
        self.assertEqual(job["raised_by"], self.tenant["id"])
        self.assertIsNone(job["contractor_id"])
        self.assertIs(job["accepted"], False)
        self.assertIsNone(job["appointment"])
        self.assertIsNone(job["hold_reason"])
        self.assertIsNone(job["duplicate_of"])
        self.assertRegex(job["created_at"], ISO_UTC)
        self.assertRegex(job["updated_at"], ISO_UTC)
        self.assertIsNone(job["completed_at"])
        self.assertEqual(job["allowed_actions"], ["cancel", "add_update"])
        again = self.get(self.tenant, job["reference"])
        self.assertEqual(again, job)
        self.assertEqual(self.get(self.officer, job["reference"])["allowed_actions"], OFFICER_ON_REPORTED)

    def test_officer_reports_on_behalf_with_priority(self):
        job = self.report(self.officer, tenant_id=self.tenant["id"], priority="urgent", hazard="significant")
        self.assertEqual(job["tenant_id"], self.tenant["id"])
        self.assertEqual(job["raised_by"], self.officer["id"])
        self.assertEqual(job["priority"], "urgent")
        self.assertEqual(job["hazard"], "significant")
        # The priority was set at report, so triage needs none.
        job = self.act(self.officer, job["reference"], "triage")
        self.assertEqual((job["status"], job["priority"], job["version"]), ("triaged", "urgent", 2))
        self.get(self.tenant, job["reference"])  # the tenant sees the job raised for them

    def test_reference_lookup_ignores_case(self):
        job = self.report(self.tenant)
        self.assertEqual(self.get(self.tenant, job["reference"].lower())["reference"], job["reference"])

    # --- the whole life of a job ---

    def test_whole_life_of_a_job(self):
        job = self.report(self.tenant, description="Radiator cold in the bedroom", category="heating")
        ref = job["reference"]
        steps = [
            (self.officer, "triage", {"priority": "routine"}, "triaged"),
            (self.officer, "assign", {"contractor_id": self.firm}, "assigned"),
            (self.contractor, "accept", {}, "assigned"),
            (self.contractor, "schedule", {"appointment": APPT}, "scheduled"),
            (self.contractor, "start", {}, "in_progress"),
            (self.contractor, "hold", {"reason": "parts", "note": "valve on order"}, "on_hold"),
            (self.officer, "schedule", {"appointment": APPT2}, "scheduled"),
            (self.contractor, "start", {}, "in_progress"),
            (self.contractor, "complete", {"note": "valve replaced"}, "completed"),
            (self.tenant, "confirm_fixed", {}, "resolved"),
            (self.officer, "close", {}, "closed"),
        ]
        for n, (who, action, params, status) in enumerate(steps, start=2):
            with self.subTest(step=action, version=n):
                job = self.act(who, ref, action, **params)
                self.assertEqual(job["status"], status, job)
                self.assertEqual(job["version"], n, job)
                self.assertEqual(self.get(self.officer, ref)["version"], n)
                if action == "assign":
                    self.assertEqual(job["contractor_id"], self.firm)
                    self.assertIs(job["accepted"], False)
                    self.assertIn("accept", self.get(self.contractor, ref)["allowed_actions"])
                if action == "accept":
                    self.assertIs(job["accepted"], True)
                    self.assertNotIn("accept", job["allowed_actions"])
                if action == "schedule":
                    self.assertEqual(job["appointment"], params["appointment"])
                    self.assertIsNone(job["hold_reason"])
                if action == "hold":
                    self.assertEqual(job["hold_reason"], "parts")
                if action == "complete":
                    self.assertRegex(job["completed_at"], ISO_UTC)
                    self.assertEqual(self.get(self.tenant, ref)["allowed_actions"], ["confirm_fixed", "reopen", "add_update"])
        self.assertEqual(job["allowed_actions"], [])
        self.assertEqual(job["priority"], "routine")

        items = self.events(self.officer, ref)
        actions = ["report"] + [s[1] for s in steps]
        self.assertEqual(len(items), 12)
        self.assertEqual([e["action"] for e in items], actions)
        self.assertEqual([e["seq"] for e in items], list(range(1, 13)))
        self.assertIsNone(items[0]["from"])
        self.assertEqual(items[0]["to"], "reported")
        for before, after, step in zip(items, items[1:], steps):
            self.assertEqual(after["from"], before["to"], after)
            self.assertEqual(after["to"], step[3], after)
            self.assertEqual(after["actor"]["id"], step[0]["id"], after)
            self.assertEqual(after["actor"]["role"], step[0]["role"], after)
            self.assertEqual(after["actor"]["name"], step[0]["name"], after)
        self.assertEqual(items[0]["actor"]["id"], self.tenant["id"])
        for e in items:
            self.assertRegex(e["at"], ISO_UTC)
            self.assertIsInstance(e["data"], dict)
            self.assertTrue(all(isinstance(v, str) for v in e["data"].values()), e)
        self.assertEqual(items[6]["note"], "valve on order")
        self.assertEqual(items[9]["note"], "valve replaced")
        self.assertEqual(items[6]["data"].get("reason"), "parts")
        # A closed job takes no more actions.
        self.act(self.officer, ref, "reopen", 409, "invalid_transition", reason="still cold")
        self.assertEqual(len(self.events(self.officer, ref)), 12)

    def test_decline_returns_job_to_triage(self):
        ref = self.triaged_and_assigned()["reference"]
        job = self.act(self.contractor, ref, "decline", note="no plumber free")
        self.assertEqual((job["status"], job["contractor_id"], job["version"]), ("triaged", None, 4))
        self.get(self.contractor, ref, 404, "not_found")

    def test_second_accept_is_refused(self):
        ref = self.triaged_and_assigned()["reference"]
        self.assertEqual(self.act(self.contractor, ref, "accept")["version"], 4)
        self.act(self.contractor, ref, "accept", 409, "invalid_transition")
        self.assertEqual(self.get(self.officer, ref)["version"], 4)

    def test_tenant_reopens_and_cancels(self):
        ref = self.triaged_and_assigned()["reference"]
        self.act(self.contractor, ref, "start")
        self.act(self.contractor, ref, "complete")
        job = self.act(self.tenant, ref, "reopen", reason="still dripping")
        self.assertEqual((job["status"], job["contractor_id"], job["completed_at"]), ("triaged", None, None))
        job = self.act(self.tenant, ref, "cancel", reason="fixed it myself")
        self.assertEqual((job["status"], job["version"]), ("cancelled", 7))

    def test_tenant_cannot_cancel_once_work_started(self):
        ref = self.triaged_and_assigned()["reference"]
        self.act(self.contractor, ref, "start")
        self.act(self.tenant, ref, "cancel", 403, "forbidden", reason="changed my mind")
        self.assertEqual(self.act(self.officer, ref, "cancel", reason="tenant asked")["status"], "cancelled")

    def test_mark_duplicate_and_reject(self):
        first = self.report(self.tenant)
        second = self.report(self.tenant)
        job = self.act(self.officer, second["reference"], "mark_duplicate", duplicate_of=first["reference"])
        self.assertEqual((job["status"], job["duplicate_of"]), ("duplicate", first["reference"]))
        self.act(self.officer, first["reference"], "mark_duplicate", 422, "invalid_field", "duplicate_of",
                 duplicate_of=first["reference"])
        job = self.act(self.admin, first["reference"], "reject", reason="tenant's own appliance")
        self.assertEqual(job["status"], "rejected")

    # --- who sees what ---

    def test_visibility_matrix(self):
        job = self.triaged_and_assigned()
        ref = job["reference"]
        for outsider, action, params in [
            (self.tenant2, "cancel", {"reason": "not mine"}),
            (self.contractor2, "accept", {}),
        ]:
            with self.subTest(outsider=outsider["name"]):
                self.get(outsider, ref, 404, "not_found")
                self.events(outsider, ref, 404, "not_found")
                self.act(outsider, ref, action, 404, "not_found", **params)
                self.assertNotIn(ref, [j["reference"] for j in self.list_all(outsider)])
        self.assertEqual(self.get(self.officer, ref)["version"], 3)
        for insider in (self.tenant, self.contractor, self.officer, self.admin):
            self.assertEqual(self.get(insider, ref)["reference"], ref)
            self.assertEqual(len(self.events(insider, ref)), 3)

        own2 = self.report(self.tenant2)["reference"]
        listed = {
            "tenant": self.list_all(self.tenant),
            "tenant2": self.list_all(self.tenant2),
            "contractor": self.list_all(self.contractor),
            "contractor2": self.list_all(self.contractor2),
            "officer": self.list_all(self.officer),
        }
        self.assertTrue(all(j["uprn"] == self.home["uprn"] for j in listed["tenant"]))
        self.assertTrue(all(j["uprn"] == self.home2["uprn"] for j in listed["tenant2"]))
        self.assertTrue(all(j["contractor_id"] == self.firm for j in listed["contractor"]))
        self.assertEqual(listed["contractor2"], [])
        refs = {who: [j["reference"] for j in items] for who, items in listed.items()}
        self.assertIn(ref, refs["tenant"])
        self.assertIn(ref, refs["contractor"])
        self.assertIn(own2, refs["tenant2"])
        self.assertNotIn(own2, refs["tenant"])
        self.assertIn(ref, refs["officer"])
        self.assertIn(own2, refs["officer"])
        self.assertEqual(set(refs["officer"]), set(refs["tenant"]) | set(refs["tenant2"]))

    def test_tenant_cannot_report_for_another_home(self):
        resp = self.as_(self.tenant2).post(
            "/api/v1/requests", {"uprn": self.home["uprn"], "category": "plumbing", "description": "x"}
        )
        self.expect(resp, 422, "invalid_field", "uprn")

    def test_only_officers_set_priority_at_report(self):
        resp = self.as_(self.tenant).post(
            "/api/v1/requests",
            {"uprn": self.home["uprn"], "category": "plumbing", "description": "x", "priority": "emergency"},
        )
        self.expect(resp, 403, "forbidden")

    def test_internal_notes_hidden_from_tenants(self):
        job = self.report(self.tenant)
        ref = job["reference"]
        self.act(self.officer, ref, "triage", priority="urgent", note="We will send someone this week",
                 internal_note="Third report from this block")
        for e in self.events(self.tenant, ref):
            self.assertNotIn("internal_note", e, e)
        tenant_view = self.events(self.tenant, ref)
        self.assertEqual(tenant_view[1]["note"], "We will send someone this week")
        officer_view = self.events(self.officer, ref)
        self.assertEqual(officer_view[1]["internal_note"], "Third report from this block")
        self.assertEqual(officer_view[1]["note"], "We will send someone this week")
        self.assertEqual(officer_view[1]["data"].get("priority"), "urgent")
        # Tenants cannot write internal notes either, and the refusal changes nothing.
        self.act(self.tenant, ref, "cancel", 403, "forbidden", reason="x", internal_note="psst")
        self.assertEqual(self.get(self.officer, ref)["version"], 2)

    # --- paging ---

    def test_keyset_pagination_walks_every_item_once(self):
        mine = [self.report(self.tenant2, description=f"Paging job {i}")["reference"] for i in range(5)]
        for account in (self.tenant2, self.officer):
            with self.subTest(account=account["role"]):
                whole = self.expect(self.as_(account).get("/api/v1/requests?limit=200"), 200)
                self.assertIsNone(whole["next_cursor"])
                walked = self.list_all(account, limit=2)
                refs = [j["reference"] for j in walked]
                self.assertEqual(len(refs), len(set(refs)), "an item came twice")
                self.assertEqual(refs, [j["reference"] for j in whole["items"]])
                positions = [refs.index(r) for r in mine]
                self.assertEqual(positions, sorted(positions), "not in creation order")
                created = [j["created_at"] for j in walked]
                self.assertEqual(created, sorted(created))
        first = self.expect(self.as_(self.tenant2).get("/api/v1/requests?limit=2"), 200)
        self.assertEqual(len(first["items"]), 2)
        self.assertIsInstance(first["next_cursor"], str)

    def test_list_filters(self):
        job = self.report(self.tenant, category="pests", description="Mice behind the cooker")
        items = self.list_all(self.officer, query="&category=pests&status=reported")
        self.assertIn(job["reference"], [j["reference"] for j in items])
        self.assertTrue(all(j["category"] == "pests" and j["status"] == "reported" for j in items), items)
        items = self.list_all(self.officer, query=f"&uprn={self.home2['uprn']}")
        self.assertTrue(all(j["uprn"] == self.home2["uprn"] for j in items))
        self.assertNotIn(job["reference"], [j["reference"] for j in items])

    def test_bad_list_parameters(self):
        for query, field in [("limit=0", "limit"), ("limit=201", "limit"), ("limit=ten", "limit"),
                             ("status=lost", "status"), ("priority=asap", "priority"),
                             ("category=teapot", "category")]:
            with self.subTest(query=query):
                self.expect(self.as_(self.officer).get(f"/api/v1/requests?{query}"), 422, "invalid_field", field)

    # --- errors ---

    def test_400_malformed_json(self):
        for path in ("/api/v1/requests", f"/api/v1/requests/{self.report(self.tenant)['reference']}/actions"):
            with self.subTest(path=path):
                resp = self.as_(self.officer).post(path, raw=b'{"uprn": "1", ')
                self.expect(resp, 400, "bad_json")

    def test_401_missing_or_bad_token(self):
        self.expect(self.anon.get("/api/v1/requests"), 401, "unauthorized")
        self.expect(self.anon.get("/api/v1/me"), 401, "unauthorized")
        self.expect(self.anon.post("/api/v1/requests", {"uprn": "1"}), 401, "unauthorized")
        bad = self.mend.client("mend_" + "0" * 64)
        self.expect(bad.get("/api/v1/requests"), 401, "unauthorized")
        other_scheme = self.anon.get("/api/v1/me", headers={"Authorization": f"Basic {self.officer['token']}"})
        self.expect(other_scheme, 401, "unauthorized")

    def test_404_unknown_reference_and_path(self):
        officer = self.as_(self.officer)
        for ref in ("ZZZZ-ZZZZ", "not-a-reference"):
            with self.subTest(ref=ref):
                self.expect(officer.get(f"/api/v1/requests/{ref}"), 404, "not_found")
                self.expect(officer.get(f"/api/v1/requests/{ref}/events"), 404, "not_found")
                self.expect(officer.post(f"/api/v1/requests/{ref}/actions", {"action": "triage",
                                                                              "priority": "routine"}),
                            404, "not_found")
        self.expect(officer.get("/api/v1/nothing-here"), 404, "not_found")
        self.expect(officer.get("/nothing-here"), 404, "not_found")

    def test_405_with_allow_header(self):
        ref = self.report(self.tenant)["reference"]
        officer = self.as_(self.officer)
        for method, path, allowed in [
            ("DELETE", "/api/v1/requests", {"GET", "POST"}),
            ("PUT", f"/api/v1/requests/{ref}", {"GET"}),
            ("GET", f"/api/v1/requests/{ref}/actions", {"POST"}),
            ("POST", "/healthz", {"GET"}),
        ]:
            with self.subTest(method=method, path=path):
                resp = officer.request(method, path, body={} if method in ("PUT", "POST") else None)
                self.expect(resp, 405, "method_not_allowed")
                allow = {m.strip() for m in (resp.header("Allow") or "").split(",") if m.strip()}
                self.assertTrue(allowed <= allow, f"Allow: {resp.header('Allow')!r}, wanted {allowed}")
                self.assertNotIn(method, allow)
        self.assertEqual(self.get(self.officer, ref)["status"], "reported")

    def test_413_body_over_one_mebibyte(self):
        filler = b"x" * (1024 * 1024)
        body = b'{"uprn":"' + self.home["uprn"].encode() + b'","category":"other","description":"' + filler + b'"}'
        self.assertGreater(len(body), 1048576)
        resp = self.as_(self.officer).post_streaming("/api/v1/requests", body)
        self.expect(resp, 413, "payload_too_large")
        self.assertEqual(self.anon.get("/healthz").status, 200, "server unwell after a large body")

    def test_415_content_type_not_json(self):
        officer = self.as_(self.officer)
        body = {"uprn": self.home["uprn"], "category": "plumbing", "description": "x", "tenant_id": self.tenant["id"]}
        self.expect(officer.post("/api/v1/requests", body, content_type="text/plain"), 415, "unsupported_media_type")
        self.expect(officer.post("/api/v1/requests", body, content_type=None), 415, "unsupported_media_type")
        ok = officer.post("/api/v1/requests", body, content_type="application/json; charset=utf-8")
        self.expect(ok, 201)

    def test_422_names_the_field_and_changes_nothing(self):
        officer = self.as_(self.officer)
        base = {"uprn": self.home["uprn"], "category": "plumbing", "description": "Leak", "tenant_id": self.tenant["id"]}
        for change, field in [
            ({"category": "teapot"}, "category"),
            ({"description": "   "}, "description"),
            ({"uprn": "999999999999"}, "uprn"),
            ({"priority": "whenever"}, "priority"),
            ({"hazard": "lava"}, "hazard"),
            ({"source": "carrier-pigeon"}, "source"),
            ({"tenant_id": self.officer["id"]}, "tenant_id"),
        ]:
            with self.subTest(field=field):
                self.expect(officer.post("/api/v1/requests", {**base, **change}), 422, "invalid_field", field)
        missing = dict(base)
        del missing["category"]
        self.expect(officer.post("/api/v1/requests", missing), 422, "invalid_field", "category")

        ref = self.report(self.tenant)["reference"]
        before_events = len(self.events(self.officer, ref))
        self.act(self.officer, ref, "explode", 422, "invalid_field", "action")
        self.act(self.officer, ref, "triage", 422, "invalid_field", "priority", priority="whenever")
        self.act(self.officer, ref, "triage", 422, "invalid_field", "priority")
        job = self.get(self.officer, ref)
        self.assertEqual((job["status"], job["version"], job["priority"]), ("reported", 1, None))
        self.act(self.officer, ref, "triage", priority="routine")
        self.act(self.officer, ref, "assign", 422, "invalid_field", "contractor_id")
        self.act(self.officer, ref, "assign", 422, "invalid_field", "contractor_id", contractor_id=987654)
        self.act(self.officer, ref, "assign", contractor_id=self.firm)
        self.act(self.officer, ref, "schedule", 422, "invalid_field", "appointment")
        self.act(self.officer, ref, "schedule", 422, "invalid_field", "appointment.start",
                 appointment={"start": "next tuesday", "end": APPT["end"]})
        self.act(self.officer, ref, "schedule", 422, "invalid_field", "appointment.end",
                 appointment={"start": APPT["end"], "end": APPT["start"]})
        self.act(self.contractor, ref, "hold", 422, "invalid_field", "reason", reason="lunch")
        self.act(self.officer, ref, "cancel", 422, "invalid_field", "reason")
        job = self.get(self.officer, ref)
        self.assertEqual((job["status"], job["version"], job["appointment"], job["hold_reason"]),
                         ("assigned", 3, None, None))
        self.assertEqual(len(self.events(self.officer, ref)), before_events + 2)

    def test_409_invalid_transition_lists_allowed(self):
        ref = self.report(self.tenant)["reference"]
        resp = self.as_(self.officer).post(f"/api/v1/requests/{ref}/actions", {"action": "start"})
        self.expect(resp, 409, "invalid_transition")
        self.assertEqual(resp.error.get("allowed"), OFFICER_ON_REPORTED)
        self.act(self.officer, ref, "close", 409, "invalid_transition")
        self.assertEqual(self.get(self.officer, ref)["version"], 1)

    def test_403_tenant_tries_triage(self):
        ref = self.report(self.tenant)["reference"]
        self.act(self.tenant, ref, "triage", 403, "forbidden", priority="emergency")
        self.act(self.tenant, ref, "reject", 403, "forbidden", reason="no")
        job = self.get(self.officer, ref)
        self.assertEqual((job["status"], job["version"]), ("reported", 1))

    def test_409_stale_expected_version(self):
        ref = self.report(self.tenant)["reference"]
        self.act(self.officer, ref, "triage", 409, "stale_version", priority="routine", expected_version=99)
        self.assertEqual(self.get(self.officer, ref)["version"], 1)
        job = self.act(self.officer, ref, "triage", priority="routine", expected_version=1)
        self.assertEqual(job["version"], 2)
        self.act(self.officer, ref, "assign", 409, "stale_version", contractor_id=self.firm, expected_version=1)
        self.assertEqual(self.act(self.officer, ref, "assign", contractor_id=self.firm, expected_version=2)["version"], 3)

    def test_racing_actions_one_wins(self):
        for attempt in range(3):
            ref = self.report(self.tenant)["reference"]
            barrier = threading.Barrier(2)
            results = [None, None]

            def race(slot, priority):
                client = self.as_(self.officer)
                body = {"action": "triage", "priority": priority, "expected_version": 1}
                barrier.wait()
                results[slot] = client.post(f"/api/v1/requests/{ref}/actions", body)

            threads = [threading.Thread(target=race, args=(0, "urgent")),
                       threading.Thread(target=race, args=(1, "routine"))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            with self.subTest(attempt=attempt):
                self.assertEqual(sorted(r.status for r in results), [200, 409], results)
                loser = next(r for r in results if r.status == 409)
                winner = next(r for r in results if r.status == 200)
                self.assertEqual(loser.error.get("code"), "stale_version", loser)
                job = self.get(self.officer, ref)
                self.assertEqual((job["version"], job["priority"]), (2, winner.json["priority"]))
                self.assertEqual(len(self.events(self.officer, ref)), 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
