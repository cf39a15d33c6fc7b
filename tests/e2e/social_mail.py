"""A server with the social networks and a real mail server, for the tests of followers and shared problems: the fake
Mastodon (and, when asked, the fake Bluesky) and an SMTP server with TLS on loopback, notices retried fast; and the
calls those tests share."""

import email
import email.policy
import os
import tempfile

import fakes
from fake_bluesky import FakeBluesky
from fake_mastodon import FakeMastodon, social_config
from mendctl import Mend

FAST = """
[notify]
poll_ms = 50
backoff_base_ms = 200
backoff_cap_ms = 800
"""


class NetworksAndMail:
    """Mixin for unittest.TestCase: one demo-seeded server for the whole class. Subclasses may set `with_bluesky`
    and override seed(cls) to add more with the CLI before the server starts."""

    with_bluesky = False

    @classmethod
    def setUpClass(cls):
        cls.mend = Mend()
        cls.fake = cls.bsky = cls.smtp = None
        try:
            cls.fake = FakeMastodon()
            if cls.with_bluesky:
                cls.bsky = FakeBluesky()
            cls.demo = cls.mend.demo()
            cls.seed()
            tls_dir = tempfile.mkdtemp(prefix="mend-tls-")
            ca, cert, key = fakes.make_test_ca(tls_dir)
            cls.smtp = fakes.SmtpServer(cert, key).start()
            path = social_config(os.path.join(cls.mend.root, "mend.toml"), cls.fake)
            with open(path, "a", encoding="utf-8") as f:
                if cls.bsky is not None:
                    f.write("\n".join(cls.bsky.section() + ["poll_interval_seconds = 1"]) + "\n")
                f.write(FAST + f"""
[notify.email]
host = "127.0.0.1"
port = {cls.smtp.port}
from = "Repairs <repairs@landlord.example>"
ca_file = "{ca}"
""")
            seen = len(cls.fake.requests())
            cls.anon = cls.mend.start("--config", path)
            fakes.wait_for(lambda: any(r["path"] == "/api/v1/notifications" and r["status"] == 200
                                       for r in cls.fake.requests()[seen:]), 20, what="the first read of mentions")
            if cls.bsky is not None:
                fakes.wait_for(lambda: any(r["path"] == cls.bsky.read_path and r["status"] == 200
                                           for r in cls.bsky.requests()), 20, what="the first read of Bluesky mentions")
            cls.officer = cls.demo.one("officer")
            cls.admin = cls.demo.one("admin")
            cls.contractor = cls.demo.one("contractor")
        except BaseException:
            cls.stop_fakes()
            cls.mend.cleanup()
            raise

    @classmethod
    def seed(cls):
        pass

    @classmethod
    def stop_fakes(cls):
        for fake in (cls.fake, cls.bsky):
            if fake is not None:
                fake.stop()
        if cls.smtp is not None:
            cls.smtp.stop()

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.mend.proc is not None:
                cls.mend.stop_ok()
        finally:
            cls.mend.cleanup()
            cls.stop_fakes()

    def api(self, account):
        return self.mend.client(account["token"])

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp)
        return resp.json

    def act(self, account, ref, action, **fields):
        return self.ok(self.api(account).post(f"/api/v1/requests/{ref}/actions", {"action": action, **fields}))

    def new_mention(self, text, acct, fake=None):
        """A resident's post on the fake network (Mastodon unless `fake` says), once it is in the inbox."""
        post = (fake or self.fake).mention(text, acct=acct)

        def find():
            items = self.ok(self.api(self.officer).get("/api/v1/social/mentions?state=new&limit=200"))["items"]
            return next((m for m in items if m["status_id"] == post["id"]), None)

        return post, fakes.wait_for(find, 20, what=f"the mention {post['id']}")

    def notices(self, ref, event):
        items = self.ok(self.api(self.officer).get(f"/api/v1/requests/{ref}/notices"))["items"]
        return [n for n in items if n["event"] == event]

    def emails_to(self, address, words):
        out = []
        for m in self.smtp.received():
            msg = email.message_from_bytes(m["data"], policy=email.policy.default)
            if address in msg["To"] and words in msg["Subject"]:
                out.append(msg)
        return out

    def replies(self, mention_id, event):
        item = self.ok(self.api(self.officer).get(f"/api/v1/social/mentions/{mention_id}"))
        return [r for r in item["replies"] if r["event"] == event]
