"""End-to-end tests of outages, with the default [notify] policy (only the probe interval shortened): SMTP, a
webhook receiver and the fake Mastodon refuse connections for ten minutes, then come back, and every notice and
reply is delivered, none dead, no letter queued, no alert raised, no attempt used up; a wrong SMTP password
costs one failed login per probe.

Ten minutes pass in about ten seconds: mend serve reads its one wall clock, shifted by the seconds in the file
MEND_TEST_CLOCK_FILE names (cli/test_clock.hpp), which the test moves on a minute at a time. Nothing else
changes: the retry horizon and the backoff read that clock as they would the real one. Probes are timed on the
steady clock, so the shortened probe interval is what lets them happen in the test's real seconds.
"""

import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakes  # noqa: E402
from fake_mastodon import FakeMastodon  # noqa: E402
from mendctl import Mend  # noqa: E402

PROBE_MS = 250  # the one setting changed from the defaults


class Outage(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()
        self.officer = self.demo.one("officer")
        self.tls_dir = tempfile.mkdtemp(prefix="mend-tls-")
        self.ca, cert, key = fakes.make_test_ca(self.tls_dir)
        self.smtp = fakes.SmtpServer(cert, key).start()
        self.addCleanup(self.smtp.stop)
        self.hook = fakes.WebhookReceiver().start()
        self.addCleanup(self.hook.stop)
        self.mastodon = FakeMastodon()
        self.addCleanup(self.mastodon.stop)
        self.gates = [fakes.TcpGate(port).open() for port in (self.smtp.port, self.hook.server.server_address[1],
                                                              self.mastodon.port)]
        for gate in self.gates:
            self.addCleanup(gate.close)
        self.offset_file = os.path.join(self.mend.root, "clock-offset")
        self.shift(0)

    def shift(self, seconds):
        with open(self.offset_file, "w", encoding="utf-8") as f:
            f.write(str(seconds))

    def start(self):
        smtp_gate, hook_gate, mastodon_gate = self.gates
        endpoint = self.mend.cli("webhook", "add", "--url", hook_gate.url + "/hook", "--name", "Housing CRM")
        self.hook.secret = endpoint["secret"]
        path = os.path.join(self.mend.root, "mend.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"""
[notify]
probe_interval_ms = {PROBE_MS}

[notify.email]
host = "127.0.0.1"
port = {smtp_gate.port}
from = "Repairs <repairs@landlord.example>"
ca_file = "{self.ca}"

[social.mastodon]
base_url = "{mastodon_gate.url}"
access_token = "{self.mastodon.token}"
poll_interval_seconds = 1
account = "@repairs@fake.example"
intake_base_url = "https://repairs.example"
""")
        self.mend.start("--config", path, env={"MEND_TEST_CLOCK_FILE": self.offset_file})

    def tenant(self, name, channels, **contact):
        args = ["user", "add", "--role", "tenant", "--name", name, "--channels", channels]
        for key, value in contact.items():
            args += [f"--{key}", value]
        tenant = self.mend.cli(*args)
        uprn = str(100000000000 + tenant["id"])
        self.mend.cli("property", "add", "--uprn", uprn, "--address", f"{tenant['id']} Test Street, Leeds",
                      "--postcode", "LS1 1AA", "--tenant", str(tenant["id"]))
        tenant["uprn"] = uprn
        return tenant

    def report(self, tenant):
        body = {"uprn": tenant["uprn"], "category": "plumbing", "description": "Kitchen tap drips"}
        resp = self.mend.client(tenant["token"]).post("/api/v1/requests", body)
        self.assertEqual(resp.status, 201, resp)
        return resp.json["reference"]

    def officer_get(self, path):
        resp = self.mend.client(self.officer["token"]).get(path)
        self.assertEqual(resp.status, 200, resp)
        return resp.json

    def notices(self, ref):
        return self.officer_get(f"/api/v1/requests/{ref}/notices")

    def outbox_page(self):
        signed_in = self.mend.sign_in(self.officer["email"], self.officer["password"])
        cookie = signed_in.cookie_set()
        page = self.mend.client().get("/outbox", headers={"Cookie": cookie})
        self.assertEqual(page.status, 200, page)
        return page.body

    def replies(self, mention_id):
        return self.officer_get(f"/api/v1/social/mentions/{mention_id}")["replies"]

    def test_ten_minutes_of_refused_connections_delay_every_notice_and_drop_none(self):
        self.start()
        emailed = self.tenant("Tess Tenant", "email", email="tess@example.org")
        posted = self.tenant("Tom Tenant", "mastodon", handle="@tom@elsewhere.example")
        # Everything works before the outage; a resident's post names a job, so its thread hears of changes.
        first = self.report(emailed)
        status = self.mastodon.mention(f"any news on {first}?")
        fakes.wait_for(lambda: self.mastodon.replies_to(status["id"]), what="the reply to the mention")
        mention = fakes.wait_for(lambda: [m for m in self.officer_get("/api/v1/social/mentions?limit=200")["items"]
                                          if m["status_id"] == status["id"]], what="the mention")[0]
        fakes.wait_for(lambda: all(n["state"] in ("delivered", "skipped") for n in self.notices(first)["items"]),
                       what="the first job's notices delivered")

        for gate in self.gates:
            gate.close()
        refs = [self.report(emailed) for _ in range(3)] + [self.report(posted) for _ in range(2)]
        resp = self.mend.client(self.officer["token"]).post(f"/api/v1/requests/{first}/actions",
                                                            {"action": "triage", "priority": "urgent"})
        self.assertEqual(resp.status, 200, resp)
        refs.append(first)
        for minute in range(1, 11):
            time.sleep(1.0)
            self.shift(60 * minute)

        # Ten minutes on: every channel is paused, nothing is dead, and no attempt has been counted.
        page = self.outbox_page()
        self.assertEqual(page.count(">Paused<"), 3, page)
        for ref in refs:
            for n in self.notices(ref)["items"]:
                self.assertNotIn(n["state"], ("dead", "failed"), n)
                if n["state"] == "pending":
                    self.assertEqual(n["attempts"], 0, n)
        self.assertIn("paused", self.mend.stderr_text())

        for gate in self.gates:
            gate.open()

        def settled(ref):
            items = self.notices(ref)["items"]
            return all(n["state"] in ("delivered", "skipped") for n in items) and items
        for ref in refs:
            fakes.wait_for(lambda: settled(ref), timeout=60, what=f"{ref}'s notices delivered: {self.notices(ref)}")
        fakes.wait_for(lambda: all(r["state"] == "sent" for r in self.replies(mention["id"]))
                       and len(self.replies(mention["id"])) == 2, timeout=60, what="the thread's replies posted")

        for ref in refs:
            listed = self.notices(ref)
            self.assertEqual(listed["alerts"], [], ref)
            for n in listed["items"]:
                if n["channel"] == "letter":
                    self.assertEqual(n["state"], "skipped", n)  # no letter queued
                else:
                    self.assertEqual((n["state"], n["attempts"]), ("delivered", 1), n)
        for reply in self.replies(mention["id"]):
            self.assertEqual(reply["attempts"], 1, reply)
        self.assertEqual(self.officer_get("/api/v1/notices?state=dead")["items"], [])
        self.assertEqual(self.officer_get("/api/v1/letters?state=queued")["items"], [])
        # Each arrived (at least once: an outage never makes a notice give up).
        got = {m["data"].split(b"X-Mend-Reference: ")[1].split(b"\r\n")[0].decode() for m in self.smtp.received()}
        self.assertTrue(set(refs[:3]) <= got, got)
        hooks = [n["idempotency_key"] for ref in refs for n in self.notices(ref)["items"] if n["channel"] == "webhook"]
        self.assertEqual(len(hooks), len(refs) + 1)  # the triage of the first job is a change too
        self.assertTrue(set(hooks) <= set(self.hook.delivered_ids()))
        self.assertIn("is back", self.mend.stderr_text())


class WrongPassword(unittest.TestCase):
    def test_a_wrong_password_costs_one_failed_login_per_probe_and_no_attempts(self):
        mend = Mend()
        self.addCleanup(mend.cleanup)
        officer = mend.demo().one("officer")
        tls_dir = tempfile.mkdtemp(prefix="mend-tls-")
        ca, cert, key = fakes.make_test_ca(tls_dir)
        smtp = fakes.SmtpServer(cert, key, logins={"repairs": "the right one"}).start()
        self.addCleanup(smtp.stop)
        tenant = mend.cli("user", "add", "--role", "tenant", "--name", "Tess Tenant", "--channels", "email",
                          "--email", "tess@example.org")
        uprn = str(100000000000 + tenant["id"])
        mend.cli("property", "add", "--uprn", uprn, "--address", "1 Test Street, Leeds", "--postcode", "LS1 1AA",
                 "--tenant", str(tenant["id"]))
        config = os.path.join(mend.root, "mend.toml")

        def write(dispatch):
            with open(config, "w", encoding="utf-8") as f:
                f.write(f"""
[notify]
probe_interval_ms = 500
dispatch = {"true" if dispatch else "false"}

[notify.email]
host = "127.0.0.1"
port = {smtp.port}
from = "Repairs <repairs@landlord.example>"
ca_file = "{ca}"
username = "repairs"
password = "a wrong one"
""")
        # Twelve notices due at once when sending starts.
        write(dispatch=False)
        mend.start("--config", config)
        client = mend.client(tenant["token"])
        refs = [client.post("/api/v1/requests", {"uprn": uprn, "category": "plumbing",
                                                 "description": "Tap drips"}).json["reference"] for _ in range(12)]
        mend.stop_ok()
        write(dispatch=True)
        mend.start("--config", config)
        started = time.monotonic()
        time.sleep(4)
        failed = smtp.failed_logins()
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(len(failed), 1)
        # One login per probe: never two at once, probes at least the interval apart, and backing off.
        self.assertLessEqual(len(failed), 1 + int(elapsed / 0.5), failed)
        for earlier, later in zip(failed, failed[1:]):
            self.assertGreaterEqual(later - earlier, 0.45, failed)
        for ref in refs:
            email = [n for n in mend.client(officer["token"]).get(f"/api/v1/requests/{ref}/notices").json["items"]
                     if n["channel"] == "email"][0]
            self.assertEqual((email["state"], email["attempts"]), ("pending", 0), email)
        self.assertIn("paused", mend.stderr_text())
        self.assertIn("535", mend.stderr_text())

        # The mailbox's password is changed to the one mend has: the next probe gets in, and all twelve go.
        smtp.logins["repairs"] = "a wrong one"
        fakes.wait_for(lambda: len(smtp.received()) == 12, timeout=30, what="the twelve emails")


if __name__ == "__main__":
    unittest.main()
