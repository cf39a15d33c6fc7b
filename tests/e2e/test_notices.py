"""End-to-end tests of the notices: the outbox, the dispatcher and each channel against real protocol peers on
loopback (aiosmtpd with STARTTLS, a GOV.UK Notify fake, a Standard Webhooks receiver), and the faults the issue
names: a server down then up, kill -9 with notices pending, 429 with Retry-After, permanent failures and
fallback, every channel failing."""

import email
import email.policy
import os
import signal
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakes  # noqa: E402
from mendctl import Mend  # noqa: E402

FAST = """
[notify]
poll_ms = 50
backoff_base_ms = 200
backoff_cap_ms = 800
configuration_pause_ms = 1000
max_attempts = {max_attempts}
"""


class NoticeCase(unittest.TestCase):
    """One data dir per test, seeded with the demo; the test writes the config and starts the server."""

    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()
        self.officer = self.demo.one("officer")
        self.tenant = self.demo.one("tenant")
        self.home = self.demo.home_of(self.tenant)
        self.firm = self.demo.one("contractor")["contractor_id"]

    def start(self, extra="", max_attempts=8):
        path = os.path.join(self.mend.root, "mend.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(FAST.format(max_attempts=max_attempts) + extra)
        self.config = path
        return self.mend.start("--config", path)

    def tenant_with(self, channels, email_address=None, phone=None, name="Tess Tenant"):
        args = ["user", "add", "--role", "tenant", "--name", name, "--channels", channels]
        if email_address:
            args += ["--email", email_address]
        if phone:
            args += ["--phone", phone]
        tenant = self.mend.cli(*args)
        uprn = str(100000000000 + tenant["id"])
        self.mend.cli("property", "add", "--uprn", uprn, "--address", f"{tenant['id']} Test Street, Leeds",
                      "--postcode", "LS1 1AA", "--tenant", str(tenant["id"]))
        tenant["uprn"] = uprn
        return tenant

    def report(self, tenant, uprn=None, **extra):
        body = {"uprn": uprn or tenant.get("uprn") or self.home["uprn"], "category": "plumbing",
                "description": "Kitchen tap drips", **extra}
        resp = self.mend.client(tenant["token"]).post("/api/v1/requests", body)
        self.assertEqual(resp.status, 201, resp)
        return resp.json["reference"]

    def act(self, ref, action, **params):
        resp = self.mend.client(self.officer["token"]).post(f"/api/v1/requests/{ref}/actions",
                                                           {"action": action, **params})
        self.assertEqual(resp.status, 200, resp)
        return resp.json

    def notices(self, ref, account=None):
        resp = self.mend.client((account or self.officer)["token"]).get(f"/api/v1/requests/{ref}/notices")
        self.assertEqual(resp.status, 200, resp)
        return resp.json

    def wait_state(self, ref, channel, state, event="reported", timeout=30):
        def check():
            for n in self.notices(ref)["items"]:
                if n["channel"] == channel and n["event"] == event and n["state"] == state:
                    return n
            return None
        return fakes.wait_for(check, timeout, what=f"{event} notice on {channel} to be {state}: "
                                                   f"{self.notices(ref)['items']}")


class FileChannel(NoticeCase):
    def test_a_new_install_writes_notices_to_the_outbox_directory(self):
        self.start()
        ref = self.report(self.tenant)
        notice = self.wait_state(ref, "file", "delivered")
        path = os.path.join(self.mend.data, "outbox", notice["idempotency_key"] + ".txt")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn(f"Reference: {ref}", text)
        self.assertIn(f"Subject: We have your repair request {ref}", text)
        self.assertIn("Kitchen tap drips", text)
        # The letter waits at the end of the chain, never needed.
        letters = [n for n in self.notices(ref)["items"] if n["channel"] == "letter"]
        self.assertEqual([n["state"] for n in letters], ["skipped"])

    def test_the_tenant_sees_their_own_notices_without_provider_details(self):
        self.start()
        ref = self.report(self.tenant)
        self.wait_state(ref, "file", "delivered")
        mine = self.notices(ref, self.tenant)
        self.assertEqual(set(mine), {"items"})
        self.assertEqual([n["channel"] for n in mine["items"]], ["file"])
        for key in ("provider_id", "last_error", "attempts", "idempotency_key"):
            self.assertNotIn(key, mine["items"][0])
        other = self.demo.all("tenant")[1]
        self.assertEqual(self.mend.client(other["token"]).get(f"/api/v1/requests/{ref}/notices").status, 404)
        contractor = self.demo.one("contractor")
        self.assertEqual(self.mend.client(contractor["token"]).get(f"/api/v1/notices").status, 403)

    def test_officers_list_the_outbox_by_state_and_see_each_attempt(self):
        self.start()
        ref = self.report(self.tenant)
        notice = self.wait_state(ref, "file", "delivered")
        officer = self.mend.client(self.officer["token"])
        page = officer.get("/api/v1/notices?state=delivered").json
        self.assertIn(notice["id"], [n["id"] for n in page["items"]])
        self.assertEqual(officer.get("/api/v1/notices?state=bogus").status, 422)
        detail = officer.get(f"/api/v1/notices/{notice['id']}").json
        self.assertEqual([a["outcome"] for a in detail["attempt_log"]], ["delivered"])
        self.assertEqual(self.mend.client(self.tenant["token"]).get("/api/v1/notices").status, 403)

    def test_kill_9_with_notices_pending_then_all_are_delivered_once_after_restart(self):
        # Queue without sending, die hard, restart sending: nothing lost, nothing written twice.
        paused = os.path.join(self.mend.root, "paused.toml")
        with open(paused, "w", encoding="utf-8") as f:
            f.write(FAST.format(max_attempts=8).replace("[notify]", "[notify]\ndispatch = false"))
        self.mend.start("--config", paused)
        refs = [self.report(self.tenant) for _ in range(20)]
        self.mend.stop(signal.SIGKILL)
        self.start()
        for ref in refs:
            self.wait_state(ref, "file", "delivered")
        files = os.listdir(os.path.join(self.mend.data, "outbox"))
        self.assertEqual(len([f for f in files if f.endswith(".txt")]), 20)


class Email(NoticeCase):
    def setUp(self):
        super().setUp()
        self.tls_dir = tempfile.mkdtemp(prefix="mend-tls-")
        self.ca, cert, key = fakes.make_test_ca(self.tls_dir)
        self.smtp = fakes.SmtpServer(cert, key).start()
        self.addCleanup(self.smtp.stop)
        self.client = self.start(f"""
[notify.email]
host = "127.0.0.1"
port = {self.smtp.port}
from = "Repairs <repairs@landlord.example>"
ca_file = "{self.ca}"
""")

    def test_email_goes_through_a_real_smtp_server_over_starttls(self):
        tenant = self.tenant_with("email", email_address="tess@example.org")
        ref = self.report(tenant)
        self.wait_state(ref, "email", "delivered")
        messages = self.smtp.received()
        self.assertEqual(len(messages), 1)
        self.assertTrue(messages[0]["tls"], "mail was sent before STARTTLS")
        self.assertEqual(messages[0]["rcpt_tos"], ["tess@example.org"])
        self.assertEqual(messages[0]["mail_from"], "repairs@landlord.example")
        msg = email.message_from_bytes(messages[0]["data"], policy=email.policy.default)
        self.assertEqual(msg["Subject"], f"We have your repair request {ref}")
        self.assertEqual(msg["X-Mend-Reference"], ref)
        self.assertEqual(msg["To"], "Tess Tenant <tess@example.org>")
        self.assertTrue(msg["Message-ID"].startswith(f"<{ref}.n"), msg["Message-ID"])
        self.assertIn(ref, msg.get_content())
        self.assertIn("Kitchen tap drips", msg.get_content())

    def test_smith_comma_jo_is_one_recipient_and_a_5000_character_note_arrives_whole(self):
        tenant = self.tenant_with("email", email_address="jo@example.org", name="Smith, Jo")
        ref = self.report(tenant)
        self.wait_state(ref, "email", "delivered")
        note = ("The meter flickers = and the pound sign on the boiler display is wrong; "
                "the tenant wrote this note in one long paragraph without any line breaks at all. ") * 40
        note = note[:5000]
        self.assertEqual(len(note), 5000)
        self.act(ref, "triage", priority="urgent")
        self.act(ref, "assign", contractor_id=self.firm)
        self.act(ref, "hold", reason="parts", note=note)
        self.wait_state(ref, "email", "delivered", event="on_hold")
        held = [m for m in self.smtp.received() if b"on hold" in m["data"]]
        self.assertEqual(len(held), 1)
        for line in held[0]["data"].split(b"\r\n"):
            self.assertLessEqual(len(line), 998)
        msg = email.message_from_bytes(held[0]["data"], policy=email.policy.default)
        self.assertEqual(len(msg["To"].addresses), 1, msg["To"])
        self.assertEqual(msg["To"].addresses[0].display_name, "Smith, Jo")
        self.assertEqual(msg["To"].addresses[0].addr_spec, "jo@example.org")
        self.assertIn(note, msg.get_content().replace("\r\n", "\n"))
        self.assertEqual(held[0]["rcpt_tos"], ["jo@example.org"])

    def test_smtp_server_down_then_up_delivers_every_notice_once(self):
        tenant = self.tenant_with("email", email_address="tess@example.org")
        self.smtp.stop()
        refs = [self.report(tenant) for _ in range(3)]
        officer = self.mend.client(self.officer["token"])

        def emails():
            return [n for r in refs for n in self.notices(r)["items"] if n["channel"] == "email"]

        def tried():
            logs = [officer.get(f"/api/v1/notices/{n['id']}").json["attempt_log"] for n in emails()]
            return any(a["outcome"] == "unavailable" for log in logs for a in log)
        fakes.wait_for(tried, what="a failed try while the server is down")
        # The server being down is the channel's trouble, not the notices': none has used up an attempt.
        for n in emails():
            self.assertEqual((n["state"], n["attempts"]), ("pending", 0), n)
        self.smtp.start()
        for ref in refs:
            self.wait_state(ref, "email", "delivered")
        got = [email.message_from_bytes(m["data"])["X-Mend-Reference"] for m in self.smtp.received()]
        self.assertEqual(sorted(got), sorted(refs))

    def test_a_5yz_reply_is_permanent_and_the_next_channel_is_used(self):
        tenant = self.tenant_with("email,file", email_address="nobody@example.org")
        self.smtp.reject_with = "550 5.1.1 No such user"
        ref = self.report(tenant)
        failed = self.wait_state(ref, "email", "failed")
        self.assertIn("550", failed["last_error"])
        self.wait_state(ref, "file", "delivered")


class Notify(NoticeCase):
    def setUp(self):
        super().setUp()
        self.fake = fakes.NotifyFake().start()
        self.addCleanup(self.fake.stop)
        self.client = self.start(f"""
[notify.notify]
base_url = "{self.fake.base_url}"
api_key = "{fakes.API_KEY}"
sms_template_id = "{fakes.SMS_TEMPLATE}"
email_template_id = "{fakes.EMAIL_TEMPLATE}"
callback_token = "{self.fake.callback_token}"
""", max_attempts=4)
        self.fake.callback_url = f"http://127.0.0.1:{self.mend.port}/api/v1/notify/receipts"

    def test_sms_is_accepted_then_delivered_by_receipt(self):
        tenant = self.tenant_with("sms", phone="07700900000")
        ref = self.report(tenant)
        notice = self.wait_state(ref, "sms", "delivered")
        sent = [n for n in self.fake.notifications if n["reference"] == notice["idempotency_key"]]
        self.assertEqual(len(sent), 1)
        self.assertIn(ref, sent[0]["body"])
        self.assertTrue(notice["provider_id"])

    def test_receipts_need_the_callback_token(self):
        anon = self.mend.client("wrong")
        resp = anon.post("/api/v1/notify/receipts", {"id": "x", "reference": "y", "status": "delivered"})
        self.assertEqual(resp.status, 401)

    def test_429_with_retry_after_2_means_no_attempt_before_2_seconds(self):
        self.fake.script.append((429, {"Retry-After": "2"},
                                 {"errors": [{"error": "RateLimitError",
                                              "message": "Exceeded rate limit for key type LIVE of 3000 requests "
                                                         "per 60 seconds"}], "status_code": 429}))
        tenant = self.tenant_with("sms", phone="07700900111")
        ref = self.report(tenant)
        self.wait_state(ref, "sms", "delivered")
        posts = [p for p in self.fake.posts if p[1] == "/v2/notifications/sms"]
        self.assertEqual(posts[0][2], 429)
        self.assertGreaterEqual(posts[1][0] - posts[0][0], 2.0)  # a lower bound only

    def test_a_permanent_failure_receipt_moves_to_the_next_channel(self):
        tenant = self.tenant_with("sms,notify_email", phone="07700900002", email_address="tess@example.org")
        ref = self.report(tenant)
        self.wait_state(ref, "sms", "failed")
        self.wait_state(ref, "notify_email", "delivered")
        self.assertEqual(self.notices(ref)["alerts"], [])

    def test_a_validation_error_is_permanent(self):
        tenant = self.tenant_with("sms,file", phone="020 7946 0000")  # a landline: no texts
        ref = self.report(tenant)
        failed = self.wait_state(ref, "sms", "failed")
        self.assertIn("Not a UK mobile number", failed["last_error"])
        self.wait_state(ref, "file", "delivered")

    def test_every_channel_failing_alerts_officers_and_queues_a_letter(self):
        tenant = self.tenant_with("sms,notify_email", phone="07700900002", email_address="perm-fail@simulator.notify")
        ref = self.report(tenant)
        self.wait_state(ref, "sms", "failed")
        self.wait_state(ref, "notify_email", "failed")
        letter = self.wait_state(ref, "letter", "sent")
        alerts = self.notices(ref)["alerts"]
        self.assertEqual([a["kind"] for a in alerts], ["cannot_reach_tenant"])
        officer = self.mend.client(self.officer["token"])
        queue = officer.get("/api/v1/letters").json["items"]
        self.assertIn(letter["id"], [item["id"] for item in queue])
        page = officer.get(f"/api/v1/letters/{letter['id']}")
        self.assertEqual(page.status, 200)
        self.assertTrue(page.header("Content-Type").startswith("text/html"))
        self.assertIn(ref, page.body)
        self.assertIn("Test Street", page.body)
        self.assertEqual(officer.post(f"/api/v1/letters/{letter['id']}/posted").status, 200)
        self.wait_state(ref, "letter", "delivered")
        self.assertEqual(officer.post(f"/api/v1/letters/{letter['id']}/posted").status, 409)

    def test_a_temporary_failure_is_retried_and_then_dead_lettered(self):
        tenant = self.tenant_with("sms", phone="07700900003")
        ref = self.report(tenant)
        dead = self.wait_state(ref, "sms", "dead", timeout=60)
        self.assertEqual(dead["attempts"], 4)
        self.wait_state(ref, "letter", "sent")
        # An officer can send it again.
        officer = self.mend.client(self.officer["token"])
        self.assertEqual(officer.post(f"/api/v1/notices/{dead['id']}/retry").status, 200)
        fakes.wait_for(lambda: len([n for n in self.fake.notifications
                                    if n["reference"] == dead["idempotency_key"]]) >= 5, what="a fifth send")

    def test_a_wrong_api_key_pauses_the_channel_instead_of_burning_notices(self):
        self.mend.stop_ok()
        bad = fakes.API_KEY[:-1] + ("0" if fakes.API_KEY[-1] != "0" else "1")
        with open(self.config, encoding="utf-8") as f:
            text = f.read().replace(fakes.API_KEY, bad)
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(text)
        self.mend.start("--config", self.config)
        tenant = self.tenant_with("sms", phone="07700900000")
        refs = [self.report(tenant) for _ in range(3)]
        time.sleep(1.5)
        for ref in refs:
            sms = [n for n in self.notices(ref)["items"] if n["channel"] == "sms"][0]
            self.assertEqual(sms["state"], "pending")
            self.assertEqual(sms["attempts"], 0)
        self.assertIn("paused", self.mend.stderr_text())


class Webhooks(NoticeCase):
    def test_the_firm_hears_on_assignment_with_a_valid_signature_and_410_disables_the_endpoint(self):
        receiver = fakes.WebhookReceiver().start()
        self.addCleanup(receiver.stop)
        endpoint = self.mend.cli("webhook", "add", "--url", receiver.url, "--contractor", str(self.firm),
                                 "--name", "Fixwell")
        receiver.secret = endpoint["secret"]
        self.start()
        ref = self.report(self.tenant)
        self.act(ref, "triage", priority="urgent")
        self.act(ref, "assign", contractor_id=self.firm)
        self.wait_state(ref, "webhook", "delivered", event="firm_assigned")
        self.assertEqual(len(receiver.received), 1)
        got = receiver.received[0]
        self.assertTrue(got["valid"], "bad webhook signature")
        self.assertEqual(got["body"]["type"], "repair.firm_assigned")
        self.assertEqual(got["body"]["data"]["reference"], ref)
        self.assertEqual(got["body"]["data"]["status"], "assigned")

        receiver.script.append((410, {}))
        self.act(ref, "cancel", reason="tenant moved out")
        gone = self.wait_state(ref, "webhook", "failed", event="firm_cancelled")
        self.assertIn("410", gone["last_error"])
        ref2 = self.report(self.tenant)
        self.act(ref2, "triage", priority="urgent")
        self.act(ref2, "assign", contractor_id=self.firm)
        time.sleep(0.5)
        self.assertEqual(len(receiver.received), 2)  # the disabled endpoint hears nothing more

    def test_an_integration_hears_every_change_and_retries_a_5xx(self):
        receiver = fakes.WebhookReceiver().start()
        self.addCleanup(receiver.stop)
        endpoint = self.mend.cli("webhook", "add", "--url", receiver.url, "--name", "Housing CRM")
        receiver.secret = endpoint["secret"]
        receiver.script.append((503, {}))
        self.start()
        ref = self.report(self.tenant)
        self.wait_state(ref, "webhook", "delivered", event="changed")
        self.assertEqual([r["status"] for r in receiver.received], [503, 200])
        self.assertEqual(receiver.received[0]["id"], receiver.received[1]["id"])  # the same webhook-id
        self.assertTrue(all(r["valid"] for r in receiver.received))


if __name__ == "__main__":
    unittest.main()
