"""End-to-end tests of the server process: startup line, shutdown on signals, restarts, configuration."""

import http.client
import os
import signal
import socket
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()
        self.tenant = self.demo.one("tenant")
        self.officer = self.demo.one("officer")
        self.home = self.demo.home_of(self.tenant)

    def report(self):
        resp = self.mend.client(self.tenant["token"]).post(
            "/api/v1/requests", {"uprn": self.home["uprn"], "category": "damp_mould", "description": "Mould on wall"}
        )
        self.assertEqual(resp.status, 201, resp)
        return resp.json

    def test_sigterm_exits_zero(self):
        self.mend.start()
        self.assertEqual(self.mend.client().get("/healthz").status, 200)
        self.assertEqual(self.mend.stop(signal.SIGTERM), 0, self.mend.stderr_text())

    def test_sigint_exits_zero(self):
        self.mend.start()
        self.assertEqual(self.mend.client().get("/healthz").status, 200)
        self.assertEqual(self.mend.stop(signal.SIGINT), 0, self.mend.stderr_text())

    def test_sigterm_with_requests_in_flight(self):
        self.mend.start()
        client = self.mend.client(self.officer["token"])
        stop = threading.Event()
        bad = []

        def hammer():
            while not stop.is_set():
                try:
                    resp = client.get("/api/v1/requests?limit=5")
                except OSError:
                    return  # refused, or closed before any byte of an answer, once the server has gone: fine
                except http.client.HTTPException as e:
                    bad.append(repr(e))  # an answer cut short: an in-flight request was not finished
                    return
                if resp.status not in (200, 503):
                    bad.append(resp)
                    return

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            code = self.mend.stop(signal.SIGTERM)
        finally:
            stop.set()
            for t in threads:
                t.join(30)
        self.assertEqual(code, 0, self.mend.stderr_text())
        self.assertEqual(bad, [], "a request answered with an error during shutdown")

    def test_data_survives_a_restart(self):
        client = self.mend.start()
        job = self.report()
        officer = self.mend.client(self.officer["token"])
        self.assertEqual(officer.post(f"/api/v1/requests/{job['reference']}/actions",
                                      {"action": "triage", "priority": "emergency", "hazard": "emergency"}).status, 200)
        before = officer.get(f"/api/v1/requests/{job['reference']}").json
        events = officer.get(f"/api/v1/requests/{job['reference']}/events").json
        self.assertEqual(client.get("/healthz").status, 200)
        self.mend.stop_ok()

        self.mend.start()
        officer = self.mend.client(self.officer["token"])
        after = officer.get(f"/api/v1/requests/{job['reference']}")
        self.assertEqual(after.status, 200, after)
        self.assertEqual(after.json, before)
        self.assertEqual(after.json["version"], 2)
        self.assertEqual(officer.get(f"/api/v1/requests/{job['reference']}/events").json, events)
        # Tokens issued before the restart still work, and the next job gets a new reference.
        self.assertEqual(self.mend.client(self.tenant["token"]).get("/api/v1/me").status, 200)
        self.assertNotEqual(self.report()["reference"], job["reference"])
        self.mend.stop_ok()

    def test_cli_and_server_share_the_database(self):
        self.mend.start()
        officer2 = self.mend.cli("user", "add", "--role", "officer", "--name", "Late Arrival")
        me = self.mend.client(officer2["token"]).get("/api/v1/me")
        self.assertEqual(me.status, 200, me)
        self.assertEqual(me.json["name"], "Late Arrival")
        self.mend.stop_ok()

    def test_config_file(self):
        port = free_port()
        config = os.path.join(self.mend.root, "mend.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(f'[server]\nlisten = "127.0.0.1:{port}"\nbody_limit = 2000\nthreads = 1\n\n'
                    f'[storage]\ndata = "{self.mend.data}"\n')
        self.mend.start("--config", config, listen=None, with_data=False)
        self.assertEqual(self.mend.port, port)
        self.assertEqual(self.mend.client(self.officer["token"]).get("/api/v1/me").status, 200)
        big = {"uprn": self.home["uprn"], "category": "other", "description": "x" * 3000}
        resp = self.mend.client(self.tenant["token"]).post("/api/v1/requests", big)
        self.assertEqual(resp.status, 413, resp)
        self.mend.stop_ok()

    def test_env_overrides_file_and_flags_override_env(self):
        other = tempfile.mkdtemp(prefix="mend-e2e-other-", dir=self.mend.root)
        config = os.path.join(self.mend.root, "mend.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(f'[server]\nlisten = "127.0.0.1:{free_port()}"\n\n[storage]\ndata = "{other}"\n')
        env = {"MEND_DATA": self.mend.data, "MEND_LISTEN": "127.0.0.1:0", "MEND_BODY_LIMIT": "2000"}
        # env beats the file: data from MEND_DATA (the demo users are there), port from MEND_LISTEN, body limit.
        self.mend.start("--config", config, listen=None, with_data=False, env=env)
        self.assertEqual(self.mend.client(self.officer["token"]).get("/api/v1/me").status, 200)
        big = {"uprn": self.home["uprn"], "category": "other", "description": "x" * 3000}
        self.assertEqual(self.mend.client(self.tenant["token"]).post("/api/v1/requests", big).status, 413)
        self.mend.stop_ok()
        # flags beat env: --data points at the demo dir although MEND_DATA points elsewhere.
        self.mend.start("--config", config, env={**env, "MEND_DATA": other})
        self.assertEqual(self.mend.client(self.officer["token"]).get("/api/v1/me").status, 200)
        self.mend.stop_ok()


if __name__ == "__main__":
    unittest.main(verbosity=2)
