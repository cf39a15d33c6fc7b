"""End-to-end tests of what the pages add to the server process: per-route body limits, passwords from the
CLI, the tracking link written with every new job, and the pages' files. The pages themselves are tested in a
real browser (tests/browser)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402


class Web(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()

    def login(self, email, password):
        return self.mend.sign_in(email, password)

    def test_upload_routes_take_more_than_the_api_limit(self):
        self.mend.start()
        big = b"x" * (2 * 1024 * 1024)
        api = self.mend.client(self.demo.one("tenant")["token"]).post_streaming("/api/v1/requests", big)
        self.assertEqual(api.status, 413, api)
        self.assertIn("1048576", api.error.get("message", ""))
        # Without a session the upload is read whole and then sent to the login page: not refused for its size.
        upload = self.mend.client().post_streaming("/repairs/new", big, content_type="multipart/form-data; boundary=x")
        self.assertEqual(upload.status, 303, upload)
        self.assertEqual(upload.header("location"), "/login")
        huge = self.mend.client().post_streaming("/repairs/new", b"x" * (42 * 1024 * 1024))
        self.assertEqual(huge.status, 413, huge)
        # A page route answers with a page saying what to do, not the API's JSON.
        self.assertTrue(huge.header("content-type").startswith("text/html"), huge.header("content-type"))
        self.assertIn("Your photos are too large to send", huge.body)

    def test_demo_passwords_and_cli_passwords_sign_in(self):
        officer = self.demo.one("officer")
        self.assertEqual(officer["password"], "demo-officer-password")
        added = self.mend.cli("user", "add", "--role", "tenant", "--name", "Pat", "--email", "pat@example.org",
                              "--password", "pat's long password")
        self.mend.start()
        self.assertEqual(self.login(officer["email"], officer["password"]).status, 303)
        ok = self.login("pat@example.org", "pat's long password")
        self.assertEqual(ok.status, 303)
        self.assertIn("HttpOnly", ok.header("set-cookie"))
        self.assertEqual(self.login("pat@example.org", "wrong password!").status, 422)
        self.mend.stop()
        self.mend.cli("user", "password", "--id", str(added["id"]), "--password", "a brand new password")
        self.mend.start()
        self.assertEqual(self.login("pat@example.org", "pat's long password").status, 422)
        self.assertEqual(self.login("pat@example.org", "a brand new password").status, 303)

    def test_short_passwords_are_refused_by_the_cli(self):
        p = self.mend.run("user", "add", "--role", "tenant", "--name", "Pat", "--password", "short", "--data", self.mend.data)
        self.assertEqual(p.returncode, 1)
        self.assertIn("--password", p.stderr)

    def test_pages_files_and_headers(self):
        self.mend.start()
        client = self.mend.client()
        for path, kind in [("/assets/govuk-frontend.min.css", "text/css"), ("/assets/govuk-frontend.min.js", "text/javascript"),
                           ("/static/mend.css", "text/css"), ("/static/letter.css", "text/css"), ("/static/mend.mjs", "text/javascript"), ("/brand.css", "text/css")]:
            resp = client.get(path)
            self.assertEqual(resp.status, 200, path)
            self.assertTrue(resp.header("content-type").startswith(kind), path)
            self.assertEqual(resp.header("x-content-type-options"), "nosniff")
        # No GOV.UK font or crown: mend is not GOV.UK.
        self.assertEqual(client.get("/assets/fonts/bold-b542beb274-v2.woff2").status, 404)
        self.assertEqual(client.get("/assets/govuk-crest.svg").status, 404)
        self.assertEqual(client.get("/queue").status, 303)
        self.assertEqual(client.get("/track/" + "0" * 32).status, 404)


if __name__ == "__main__":
    unittest.main()
