"""End-to-end tests of Open311 GeoReport v2 as FixMyStreet speaks it (../shared/open311-contract.md): form-encoded
POSTs, XML answers read with xml.etree, the category import, reports with attributes, resends, bad keys, reports
that match no home, the updates feed across a job's life and a resident's comment coming back."""

import datetime
import http.client
import os
import sys
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_mastodon import FakeMastodon, social_config  # noqa: E402
from mendctl import Mend  # noqa: E402

BASE = "/open311/v2/"
POSTCODE = "NW1 9SL"


def w3c(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Answer:
    def __init__(self, status, content_type, body):
        self.status = status
        self.content_type = content_type
        self.body = body

    def xml(self):
        return ET.fromstring(self.body.encode("utf-8"))

    def __repr__(self):
        return f"<{self.status} {self.body[:600]!r}>"


class Open311Client:
    """A GeoReport v2 client written from the contract: the base URL ends with a slash and resources are appended
    to it; POST bodies are application/x-www-form-urlencoded UTF-8, with CRLF line ends in text."""

    def __init__(self, port, api_key, jurisdiction=None):
        self.port = port
        self.api_key = api_key
        self.jurisdiction = jurisdiction

    def _send(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return Answer(resp.status, resp.getheader("Content-Type"), resp.read().decode("utf-8"))
        finally:
            conn.close()

    def get(self, resource, **params):
        if self.jurisdiction:
            params.setdefault("jurisdiction_id", self.jurisdiction)
        query = ("?" + urllib.parse.urlencode(params)) if params else ""
        return self._send("GET", BASE + resource + query)

    def post(self, resource, fields):
        fields = list(fields)
        if self.api_key is not None:
            fields.append(("api_key", self.api_key))
        if self.jurisdiction:
            fields.append(("jurisdiction_id", self.jurisdiction))
        crlf = [(k, v.replace("\r\n", "\n").replace("\n", "\r\n")) for k, v in fields]
        body = urllib.parse.urlencode(crlf, encoding="utf-8").encode("ascii")
        return self._send("POST", BASE + resource, body, {"Content-Type": "application/x-www-form-urlencoded"})


def report_fields(sender_id, address, description="Water coming through the ceiling", damp="no", extra=()):
    return [
        ("service_code", "plumbing"),
        ("description", description),
        ("lat", "51.541"),
        ("long", "-0.133"),
        ("address_string", address),
        ("email", "zoe@example.org"),
        ("first_name", "Zoë"),
        ("last_name", "O'Brien"),
        ("phone", "07700 900123"),
        ("attribute[fixmystreet_id]", sender_id),
        ("attribute[damp_mould]", damp),
        ("attribute[vulnerable]", "yes"),
        ("attribute[uprn]", ""),
        *extra,
    ]


def text_of(element, tag):
    found = element.find(tag)
    return None if found is None else (found.text or "")


class Open311(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mend = Mend()
        cls.fake = None
        try:
            cls.fake = FakeMastodon()
            cls.demo = cls.mend.demo()
            cls.home = cls.mend.cli("property", "add", "--uprn", "100023336958", "--address", "14 Agar Grove, London",
                                    "--postcode", POSTCODE)
            cls.mend.cli("property", "add", "--uprn", "100023336959", "--address", "16 Agar Grove, London",
                         "--postcode", POSTCODE)
            cls.integration = cls.mend.cli("integration", "add", "--kind", "open311", "--name", "FixMyStreet",
                                           "--jurisdiction", "mend_demo")
            config = social_config(os.path.join(cls.mend.root, "mend.toml"), cls.fake)
            cls.mend.start("--config", config)
            cls.fms = Open311Client(cls.mend.port, cls.integration["api_key"], "mend_demo")
            cls.officer = cls.demo.one("officer")
            cls.contractor = cls.demo.one("contractor")
        except BaseException:
            if cls.fake is not None:
                cls.fake.stop()
            cls.mend.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.mend.proc is not None:
                cls.mend.stop_ok()
        finally:
            cls.mend.cleanup()
            cls.fake.stop()

    def ok_xml(self, answer):
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(answer.content_type, "text/xml; charset=utf-8")
        self.assertTrue(answer.body.startswith('<?xml version="1.0" encoding="utf-8"?>'), answer)
        return answer.xml()

    def error_of(self, answer, status):
        self.assertEqual(answer.status, status, answer)
        root = answer.xml()
        self.assertEqual(root.tag, "errors")
        error = root.find("error")
        self.assertEqual(text_of(error, "code"), str(status))
        self.assertTrue(text_of(error, "description"))
        return text_of(error, "description")

    def submit(self, fields):
        root = self.ok_xml(self.fms.post("requests.xml", fields))
        self.assertEqual(root.tag, "service_requests")
        request_id = text_of(root.find("request"), "service_request_id")
        self.assertTrue(request_id)
        return request_id

    def officer_api(self):
        return self.mend.client(self.officer["token"])

    def act(self, account, reference, action, **fields):
        resp = self.mend.client(account["token"]).post(f"/api/v1/requests/{reference}/actions",
                                                       {"action": action, **fields})
        self.assertEqual(resp.status, 200, resp)
        return resp.json

    def updates(self, **window):
        now = datetime.datetime.now(datetime.timezone.utc)
        window.setdefault("start_date", w3c(now - datetime.timedelta(hours=1)))
        window.setdefault("end_date", w3c(now + datetime.timedelta(hours=1)))
        root = self.ok_xml(self.fms.get("servicerequestupdates.xml", api_key=self.fms.api_key, **window))
        self.assertEqual(root.tag, "service_request_updates")
        return root.findall("request_update")

    # --- the category import ---

    def test_services_list_and_a_definition(self):
        root = self.ok_xml(self.fms.get("services.xml"))
        self.assertEqual(root.tag, "services")
        services = {text_of(s, "service_code"): s for s in root.findall("service")}
        self.assertIn("plumbing", services)
        self.assertIn("damp_mould", services)
        for code, s in services.items():
            self.assertRegex(code, r"^[a-z_]+$")
            self.assertTrue(text_of(s, "service_name"))
            self.assertEqual(text_of(s, "metadata"), "true")
            self.assertEqual(text_of(s, "type"), "realtime")
            self.assertTrue(text_of(s, "group"))
        again = self.ok_xml(self.fms.get("services.xml"))
        self.assertEqual([text_of(s, "service_code") for s in again.findall("service")], list(services))

        definition = self.ok_xml(self.fms.get("services/plumbing.xml"))
        self.assertEqual(definition.tag, "service_definition")
        self.assertEqual(text_of(definition, "service_code"), "plumbing")
        attributes = {text_of(a, "code"): a for a in definition.find("attributes").findall("attribute")}
        damp = attributes["damp_mould"]
        self.assertEqual(text_of(damp, "description"), "Is there damp or mould?")
        self.assertEqual(text_of(damp, "datatype"), "singlevaluelist")
        self.assertEqual(text_of(damp, "variable"), "true")
        self.assertEqual(text_of(damp, "required"), "true")
        self.assertEqual(sorted(text_of(v, "key") for v in damp.find("values").findall("value")), ["no", "yes"])
        self.assertEqual(text_of(attributes["vulnerable"], "description"), "Is anyone vulnerable in the home?")
        self.assertIn("uprn", attributes)
        self.assertEqual(text_of(attributes["fixmystreet_id"], "automated"), "hidden_field")
        for code in attributes:
            self.assertTrue(code.isascii(), code)

        json_list = self.fms._send("GET", BASE + "services.json")
        self.assertEqual(json_list.status, 200, json_list)
        self.assertTrue(json_list.content_type.startswith("application/json"))

        missing = self.fms.get("services/no_such_service.xml")
        self.error_of(missing, 404)

    # --- reports ---

    def test_report_with_attributes_and_utf8_text_becomes_a_job_and_a_resend_answers_the_same_id(self):
        text = "Café ceiling leak – repair quote was £120 ✓\nStill dripping"
        fields = report_fields("fms-1001", "14 Agar Grove, London NW1 9SL", description=text, damp="yes",
                               extra=[("attribute[vulnerable]", "no")])
        first = self.submit(fields)
        again = self.submit(fields)
        self.assertEqual(first, again)

        job = self.officer_api().get(f"/api/v1/requests/{first}")
        self.assertEqual(job.status, 200, job)
        self.assertEqual(job.json["uprn"], self.home["uprn"])
        self.assertEqual(job.json["source"], "open311")
        self.assertEqual(job.json["category"], "plumbing")
        self.assertEqual(job.json["hazard"], "significant")
        self.assertIn("Café ceiling leak – repair quote was £120 ✓\nStill dripping", job.json["description"])
        self.assertNotIn("\r", job.json["description"])

        events = self.officer_api().get(f"/api/v1/requests/{first}/events").json["items"]
        self.assertEqual(len(events), 1)  # the resend made nothing new
        self.assertEqual(events[0]["actor"]["name"], "via FixMyStreet")

        # The hazard job is triaged as an officer's is, and its Awaab's Law clocks start.
        self.act(self.officer, first, "triage", priority="urgent")
        clocks = self.officer_api().get(f"/api/v1/requests/{first}").json["clocks"]
        self.assertIn("investigate", [c["kind"] for c in clocks])

        read_back = self.ok_xml(self.fms.get("requests.xml", service_request_id=first))
        request = read_back.find("request")
        self.assertEqual(text_of(request, "service_request_id"), first)
        self.assertEqual(text_of(request, "status"), "open")
        self.assertIn("£120 ✓", text_of(request, "description"))
        self.assertEqual(text_of(request, "lat"), "51.541")
        self.assertRegex(text_of(request, "updated_datetime"), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")

    def test_a_bad_key_gets_403_with_an_errors_body_and_changes_nothing(self):
        wrong = Open311Client(self.mend.port, "mend_" + "0" * 64, "mend_demo")
        self.error_of(wrong.post("requests.xml", report_fields("fms-2001", "14 Agar Grove, London NW1 9SL")), 403)
        keyless = Open311Client(self.mend.port, None, "mend_demo")
        self.error_of(keyless.post("requests.xml", report_fields("fms-2001", "14 Agar Grove, London NW1 9SL")), 403)
        self.error_of(wrong.get("servicerequestupdates.xml", api_key=wrong.api_key), 403)
        # The sender id was never taken: the right key now makes a new job.
        self.assertTrue(self.submit(report_fields("fms-2001", "14 Agar Grove, London NW1 9SL")))

    def test_an_unknown_jurisdiction_and_an_unknown_service_get_404(self):
        other = Open311Client(self.mend.port, self.integration["api_key"], "somewhere_else")
        self.error_of(other.post("requests.xml", report_fields("fms-3001", "14 Agar Grove, London NW1 9SL")), 404)
        fields = [(k, "no_such_service" if k == "service_code" else v)
                  for k, v in report_fields("fms-3002", "14 Agar Grove, London NW1 9SL")]
        self.error_of(self.fms.post("requests.xml", fields), 404)
        blank = [(k, "" if k == "description" else v)
                 for k, v in report_fields("fms-3003", "14 Agar Grove, London NW1 9SL")]
        self.assertIn("description", self.error_of(self.fms.post("requests.xml", blank), 400))

    def test_a_report_that_matches_no_home_is_an_intake_item_for_officers(self):
        # Two homes share the street and postcode: without the house number, neither can be chosen.
        request_id = self.submit(report_fields("fms-4001", "Agar Grove, London NW1 9SL",
                                               description="Broken street door on Agar Grove"))
        self.assertRegex(request_id, r"^S-[A-Z0-9]{4}-[A-Z0-9]{4}$")
        self.assertEqual(self.submit(report_fields("fms-4001", "Agar Grove, London NW1 9SL")), request_id)
        items = self.officer_api().get("/api/v1/social/mentions?limit=200").json["items"]
        mine = [m for m in items if m["reference"] == request_id]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["network"], "open311")
        self.assertEqual(mine[0]["state"], "new")
        self.assertIn("Broken street door on Agar Grove", mine[0]["text"])
        self.assertIn("zoe@example.org", mine[0]["text"])
        read_back = self.ok_xml(self.fms.get("requests.xml", service_request_id=request_id))
        self.assertEqual(text_of(read_back.find("request"), "status"), "open")

    def test_an_intake_item_converted_to_a_job_sends_the_jobs_progress_under_the_intake_reference(self):
        request_id = self.submit(report_fields("fms-4002", "Agar Grove, London NW1 9SL",
                                               description="Front door lock broken"))
        self.assertRegex(request_id, r"^S-")
        waiting = self.fms.post("servicerequestupdates.xml", [
            ("service_request_id", request_id), ("update_id", "fms-comment-401"), ("status", "OPEN"),
            ("description", "Any news?")])
        self.error_of(waiting, 400)
        items = self.officer_api().get("/api/v1/social/mentions?limit=200").json["items"]
        mention = [m for m in items if m["reference"] == request_id][0]
        converted = self.officer_api().post(f"/api/v1/social/mentions/{mention['id']}/convert",
                                            {"uprn": self.home["uprn"], "category": "windows_doors"})
        self.assertEqual(converted.status, 200, converted)
        reference = converted.json["job_reference"]
        self.act(self.officer, reference, "triage", priority="urgent", note="A locksmith is coming.")
        # The client still knows the report by its intake reference: requests, updates and comments use it.
        read_back = self.ok_xml(self.fms.get("requests.xml", service_request_id=request_id)).find("request")
        self.assertEqual(text_of(read_back, "service_request_id"), request_id)
        self.assertEqual(text_of(read_back, "status"), "open")
        mine = [u for u in self.updates() if text_of(u, "service_request_id") == request_id]
        self.assertEqual([text_of(u, "status") for u in mine], ["OPEN", "INVESTIGATING"])
        self.assertEqual(text_of(mine[-1], "description"), "A locksmith is coming.")
        self.assertEqual([u for u in self.updates() if text_of(u, "service_request_id") == reference], [])
        comment_id = self.comment(request_id, "fms-comment-402", "OPEN", "Thank you")
        events = self.officer_api().get(f"/api/v1/requests/{reference}/events").json["items"]
        self.assertEqual([e["note"] for e in events if e["action"] == "add_update"], ["Thank you"])
        self.assertIn(comment_id, [text_of(u, "update_id") for u in self.updates()
                                   if text_of(u, "service_request_id") == request_id])

    # --- updates out, comments in ---

    def test_the_updates_feed_follows_the_job_to_fixed_and_a_comment_comes_back_with_its_id(self):
        reference = self.submit(report_fields("fms-5001", "14 Agar Grove, London NW1 9SL"))
        self.act(self.officer, reference, "triage", priority="routine", note="We will send a plumber.")
        self.act(self.officer, reference, "assign", contractor_id=self.contractor["contractor_id"])

        root = self.ok_xml(self.fms.post("servicerequestupdates.xml", [
            ("service_request_id", reference),
            ("update_id", "fms-comment-77"),
            ("updated_datetime", "2026-12-03T16:22:54+00:00"),
            ("status", "OPEN"),
            ("description", "It is worse now – water on the floor ✓"),
            ("first_name", "Zoë"),
            ("last_name", "O'Brien"),
            ("email", "zoe@example.org"),
        ]))
        comment_id = text_of(root.find("request_update"), "update_id")
        self.assertTrue(comment_id)
        resent = self.ok_xml(self.fms.post("servicerequestupdates.xml", [
            ("service_request_id", reference), ("update_id", "fms-comment-77"), ("status", "OPEN"),
            ("description", "It is worse now – water on the floor ✓")]))
        self.assertEqual(text_of(resent.find("request_update"), "update_id"), comment_id)

        self.act(self.contractor, reference, "start")
        self.act(self.contractor, reference, "complete", note="Replaced the leaking pipe.")

        mine = [u for u in self.updates() if text_of(u, "service_request_id") == reference]
        statuses = [text_of(u, "status") for u in mine]
        self.assertEqual(statuses, ["OPEN", "INVESTIGATING", "ACTION_SCHEDULED", "ACTION_SCHEDULED",
                                    "IN_PROGRESS", "FIXED"])
        self.assertEqual(text_of(mine[1], "description"), "We will send a plumber.")
        self.assertEqual(text_of(mine[-1], "description"), "Replaced the leaking pipe.")
        comment = mine[3]
        self.assertEqual(text_of(comment, "update_id"), comment_id)
        self.assertEqual(text_of(comment, "description"), "It is worse now – water on the floor ✓")
        ids = [text_of(u, "update_id") for u in mine]
        self.assertEqual(len(set(ids)), len(ids))
        for u in mine:
            self.assertRegex(text_of(u, "updated_datetime"), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        # The feed is deterministic: the same window gives the same updates.
        again = [u for u in self.updates() if text_of(u, "service_request_id") == reference]
        self.assertEqual([ET.tostring(u) for u in again], [ET.tostring(u) for u in mine])
        # A window before the report has none of them.
        earlier = self.updates(start_date="2020-01-01T00:00:00Z", end_date="2020-01-02T00:00:00Z")
        self.assertEqual(earlier, [])

        events = self.officer_api().get(f"/api/v1/requests/{reference}/events").json["items"]
        comment_event = [e for e in events if e["action"] == "add_update"]
        self.assertEqual(len(comment_event), 1)
        self.assertEqual(comment_event[0]["actor"]["name"], "via FixMyStreet")

        fixed = self.ok_xml(self.fms.get("requests.xml", service_request_id=reference))
        self.assertEqual(text_of(fixed.find("request"), "status"), "closed")

    def comment(self, reference, update_id, status, description):
        root = self.ok_xml(self.fms.post("servicerequestupdates.xml", [
            ("service_request_id", reference), ("update_id", update_id),
            ("updated_datetime", "2026-12-03T16:22:54+00:00"), ("status", status), ("description", description),
            ("first_name", "Zoë"), ("last_name", "O'Brien")]))
        return text_of(root.find("request_update"), "update_id")

    def job_of(self, reference):
        return self.officer_api().get(f"/api/v1/requests/{reference}").json

    def test_a_comment_with_an_open_status_on_a_completed_job_reopens_it_and_other_statuses_do_not(self):
        reference = self.submit(report_fields("fms-6001", "14 Agar Grove, London NW1 9SL"))
        self.act(self.officer, reference, "triage", priority="routine")
        self.act(self.officer, reference, "assign", contractor_id=self.contractor["contractor_id"])
        self.act(self.contractor, reference, "start")
        self.act(self.contractor, reference, "complete", note="Replaced the washer.")
        # FixMyStreet sends its report's state after the comment: a fixed state keeps the job as it is.
        self.comment(reference, "fms-comment-601", "FIXED", "Thanks, all good")
        self.assertEqual(self.job_of(reference)["status"], "completed")
        # An open state on a job mend completed is the resident saying "not fixed": the job is reopened.
        reopened_id = self.comment(reference, "fms-comment-602", "OPEN", "Still dripping under the sink")
        self.assertEqual(self.job_of(reference)["status"], "triaged")
        self.assertEqual(self.comment(reference, "fms-comment-602", "OPEN", "Still dripping under the sink"),
                         reopened_id)
        events = self.officer_api().get(f"/api/v1/requests/{reference}/events").json["items"]
        self.assertEqual([e["action"] for e in events].count("reopen"), 1)
        reopen = [e for e in events if e["action"] == "reopen"][0]
        self.assertEqual(reopen["actor"]["name"], "via FixMyStreet")
        self.assertEqual((reopen["from"], reopen["to"]), ("completed", "triaged"))
        self.assertEqual(reopen["note"], "Still dripping under the sink")
        # The feed shows the reopening under the id the comment's POST answered, as the resident's own.
        mine = [u for u in self.updates() if text_of(u, "service_request_id") == reference]
        echoed = [u for u in mine if text_of(u, "update_id") == reopened_id]
        self.assertEqual(len(echoed), 1)
        self.assertEqual(text_of(echoed[0], "status"), "INVESTIGATING")
        self.assertEqual(text_of(echoed[0], "description"), "Still dripping under the sink")
        # On a job that is still open, an open state is just a comment.
        self.comment(reference, "fms-comment-603", "REOPEN", "Any news?")
        self.assertEqual(self.job_of(reference)["status"], "triaged")

    def test_a_comment_on_an_unknown_request_gets_404(self):
        answer = self.fms.post("servicerequestupdates.xml", [
            ("service_request_id", "ZZZZ-ZZZZ"), ("update_id", "fms-comment-404"), ("status", "OPEN"),
            ("description", "Hello")])
        self.error_of(answer, 404)


class WithoutASocialNetwork(unittest.TestCase):
    """A council with FixMyStreet and no Mastodon: reports that match no home still reach officers."""

    def setUp(self):
        self.mend = Mend()
        self.demo = self.mend.demo()
        self.home = self.mend.cli("property", "add", "--uprn", "100023336958", "--address", "14 Agar Grove, London",
                                  "--postcode", POSTCODE)
        self.mend.cli("property", "add", "--uprn", "100023336959", "--address", "16 Agar Grove, London",
                      "--postcode", POSTCODE)
        added = self.mend.cli("integration", "add", "--kind", "open311", "--name", "FixMyStreet")
        self.mend.start()
        self.fms = Open311Client(self.mend.port, added["api_key"])
        self.officer = self.mend.client(self.demo.one("officer")["token"])

    def tearDown(self):
        try:
            self.mend.stop_ok()
        finally:
            self.mend.cleanup()

    def test_an_unmatched_report_waits_in_the_inbox_and_becomes_a_job(self):
        sent = self.fms.post("requests.xml", report_fields("fms-5001", "Agar Grove, London NW1 9SL",
                                                           description="Communal door will not shut"))
        self.assertEqual(sent.status, 200, sent)
        request_id = text_of(sent.xml().find("request"), "service_request_id")
        self.assertRegex(request_id, r"^S-")
        items = self.officer.get("/api/v1/social/mentions").json["items"]
        self.assertEqual([(m["reference"], m["network"], m["state"]) for m in items], [(request_id, "open311", "new")])
        self.assertIn("Communal door will not shut", items[0]["text"])
        replied = self.officer.post(f"/api/v1/social/mentions/{items[0]['id']}/replies", {"text": "Thanks"})
        self.assertEqual(replied.status, 404, replied)  # no network to answer on
        converted = self.officer.post(f"/api/v1/social/mentions/{items[0]['id']}/convert",
                                      {"uprn": self.home["uprn"], "category": "windows_doors"})
        self.assertEqual(converted.status, 200, converted)
        self.assertEqual(converted.json["state"], "converted")
        job = self.officer.get(f"/api/v1/requests/{converted.json['job_reference']}")
        self.assertEqual(job.status, 200, job)
        self.assertEqual(job.json["uprn"], self.home["uprn"])
        read_back = self.fms.get("requests.xml", service_request_id=request_id)
        self.assertEqual(text_of(read_back.xml().find("request"), "status"), "open")
        # The officer knows the resident: linking the contact to a tenant makes the tenant hear each step.
        tenant = self.demo.one("tenant")
        linked = self.officer.post(f"/api/v1/requests/{converted.json['job_reference']}/followers",
                                   {"kind": "tenant", "user_id": tenant["id"]})
        self.assertEqual(linked.status, 201, linked)
        self.assertEqual((linked.json["kind"], linked.json["user_id"]), ("tenant", tenant["id"]))


class IntegrationCommands(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()

    def tearDown(self):
        self.mend.cleanup()

    def test_add_list_revoke_and_help(self):
        added = self.mend.cli("integration", "add", "--kind", "open311", "--name", "FixMyStreet")
        self.assertRegex(added["api_key"], r"^mend_[0-9a-f]{64}$")
        self.assertEqual(added["name"], "FixMyStreet")
        listed = self.mend.cli("integration", "list")["items"]
        self.assertEqual([i["id"] for i in listed], [added["id"]])
        self.assertNotIn("api_key", listed[0])
        with open(os.path.join(self.mend.data, "mend.db"), "rb") as f:
            self.assertNotIn(added["api_key"].encode(), f.read())
        revoked = self.mend.cli("integration", "revoke", str(added["id"]))
        self.assertIsNotNone(revoked["revoked_at"])
        self.assertIsNotNone(self.mend.cli("integration", "list")["items"][0]["revoked_at"])
        for args in (["integration", "--help"], ["integration", "add", "--help"], ["integration", "list", "--help"],
                     ["integration", "revoke", "--help"]):
            p = self.mend.run(*args)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("Usage", p.stdout)
        bad = self.mend.run("integration", "add", "--kind", "open311", "--name", " ", "--data", self.mend.data)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("--name", bad.stderr)
        missing = self.mend.run("integration", "revoke", "99", "--data", self.mend.data)
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("--id", missing.stderr)

    def test_a_revoked_key_is_refused(self):
        added = self.mend.cli("integration", "add", "--kind", "open311", "--name", "FixMyStreet")
        self.mend.cli("integration", "revoke", str(added["id"]))
        self.mend.start()
        try:
            client = Open311Client(self.mend.port, added["api_key"])
            answer = client.post("requests.xml", report_fields("fms-9", "14 Agar Grove, London NW1 9SL"))
            self.assertEqual(answer.status, 403, answer)
            self.assertEqual(answer.xml().tag, "errors")
        finally:
            self.mend.stop_ok()


if __name__ == "__main__":
    unittest.main()
