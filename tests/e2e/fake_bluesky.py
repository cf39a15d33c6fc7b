"""Starts scripts/fakes/bluesky.py (a fake AT Protocol service) on a free loopback port for a test."""

from fake_mastodon import FakeNetwork


class FakeBluesky(FakeNetwork):
    network = "bluesky"
    script = "bluesky.py"
    post_path = "/xrpc/com.atproto.repo.createRecord"
    read_path = "/xrpc/app.bsky.notification.listNotifications"
    default_acct = "resident.bsky.example"

    def __init__(self, handle="repairs.bsky.example", password="app-pass-word", max_characters=None):
        # max_characters: Bluesky's limit is its own (300 graphemes), not the server's.
        self.identifier = handle
        self.password = password
        super().__init__("--handle", handle, "--password", password)

    direct_messages = False
    credential = "app password"

    def acct_named(self, name):
        return name + ".bsky.example"

    def expire(self, refresh=False):
        """The access tokens given so far expire (the refresh tokens too when `refresh`)."""
        self.call("POST", "/_fake/expire", {"refresh": refresh})

    def section(self):
        return ["[social.bluesky]", f'service_url = "{self.url}"', f'identifier = "{self.identifier}"',
                f'app_password = "{self.password}"']
