"""Starts a fake social network (scripts/fakes/mastodon.py, scripts/fakes/bluesky.py) on a free loopback port for a
test, and talks to its control API. FakeMastodon is here; FakeBluesky (fake_bluesky.py) speaks the same control API,
so a test written for one network runs on the other."""

import http.client
import json
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class FakeNetwork:
    """What the tests use of a fake network. Subclasses say how to start it and how mend is configured for it."""

    network = ""  # mend's name of the network, as the inbox and the replies carry it
    script = ""
    post_path = ""  # the path our posts are made on (for fail_next)
    read_path = ""  # the path mentions are read from
    default_acct = ""  # the resident mention() posts as, unless told

    def __init__(self, *args):
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(ROOT, "scripts", "fakes", self.script), "--port", "0", *args],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
        )
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("listening on http://127.0.0.1:"):
            self.stop()
            raise AssertionError(f"the fake {self.network} server printed {line!r}")
        self.port = int(line.rsplit(":", 1)[1])
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc.stdout.close()

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = json.dumps(body).encode() if body is not None else None
            conn.request(method, path, body=data, headers={"Content-Type": "application/json"} if data else {})
            resp = conn.getresponse()
            return resp.status, json.loads(resp.read() or b"null")
        finally:
            conn.close()

    direct_messages = True  # whether a text for the resident alone (the private link) can be sent privately
    credential = "access token"  # what the inbox page says the network refused

    def acct_named(self, name):
        """A resident's acct or handle made of `name` (letters and dots)."""
        raise NotImplementedError

    def handle(self, acct=None):
        """How mend addresses the resident: "@" and their acct (Mastodon) or handle (Bluesky)."""
        return "@" + (acct or self.default_acct)

    def mention(self, text, acct=None, in_reply_to_id=None):
        """A resident's post mentioning us (in the thread of `in_reply_to_id` when given); returns the status."""
        status, body = self.call("POST", "/_fake/mentions",
                                 {"acct": acct or self.default_acct, "text": text, "in_reply_to_id": in_reply_to_id})
        assert status == 201, body
        return body["status"]

    def redeliver(self, status_id):
        status, body = self.call("POST", "/_fake/redeliver", {"status_id": status_id})
        assert status == 201, body

    def fail_next(self, path, status, count=1, reset_seconds=2):
        self.call("POST", "/_fake/fail", {"path": path, "status": status, "count": count, "reset_seconds": reset_seconds})

    def requests(self):
        return self.call("GET", "/_fake/requests")[1]

    def posted(self):
        return self.call("GET", "/_fake/statuses")[1]

    def replies_to(self, status_id):
        return [s for s in self.posted() if s["in_reply_to_id"] == status_id]

    def wait_for_replies(self, status_id, count=1, timeout=20, containing=None):
        deadline = time.monotonic() + timeout
        while True:
            found = [s for s in self.replies_to(status_id) if containing is None or containing in s["text"]]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def section(self):
        """The lines of mend's config section for this network, without the poll interval and what follows it."""
        raise NotImplementedError


class FakeMastodon(FakeNetwork):
    network = "mastodon"
    script = "mastodon.py"
    post_path = "/api/v1/statuses"
    read_path = "/api/v1/notifications"
    default_acct = "resident@elsewhere.example"

    def __init__(self, token="fake-token", max_characters=500):
        self.token = token
        super().__init__("--token", token, "--max-characters", str(max_characters))

    def acct_named(self, name):
        return name + "@elsewhere.example"

    def section(self):
        return ["[social.mastodon]", f'base_url = "{self.url}"', f'access_token = "{self.token}"',
                'account = "@repairs@fake.example"', 'visibility = "public"']


def social_config(path, fake, data=None, templates_dir=None, poll=1, extra=()):
    """Writes a mend config file with the fake network's section pointing at it."""
    lines = fake.section() + [f"poll_interval_seconds = {poll}", 'intake_base_url = "https://repairs.example"']
    if templates_dir:
        lines.append(f'templates_dir = "{templates_dir}"')
    lines.extend(extra)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path
