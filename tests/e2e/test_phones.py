"""End-to-end tests of phone numbers: sign-in by a phone number typed in any common UK form, and numbers kept in
one form (E.164) whichever way they were given to `mend user add`."""

import os
import re
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend, ServerTestCase  # noqa: E402


def sign_in(client, identifier, password):
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)
    cookie = page.header("set-cookie").split(";")[0]
    body = urllib.parse.urlencode({"csrf_token": csrf, "identifier": identifier, "password": password}).encode()
    return client.post("/login", raw=body, content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie})


class SignInByPhone(ServerTestCase, unittest.TestCase):
    def test_the_demo_keeps_phone_numbers_as_e164(self):
        self.assertEqual(self.demo.one("tenant", 1)["phone"], "+447700900456")

    def test_a_tenant_signs_in_with_their_number_in_each_common_form(self):
        tenant = self.demo.one("tenant", 1)
        for typed in ("07700 900456", "+44 7700 900456", "447700900456", "(07700) 900456", "07700900456",
                      "+447700900456", "0044 7700 900456"):
            with self.subTest(typed=typed):
                resp = sign_in(self.mend.client(), typed, tenant["password"])
                self.assertEqual(resp.status, 303, resp.body[:500])
                self.assertEqual(resp.header("location"), "/repairs")
                self.assertIn("mend_session=", " ".join(resp.set_cookies))

    def test_a_number_that_is_not_one_is_refused_next_to_the_field(self):
        tenant = self.demo.one("tenant", 1)
        for typed in ("07700 90045", "7700 900456", "07700 900456 ext 2"):
            with self.subTest(typed=typed):
                resp = sign_in(self.mend.client(), typed, tenant["password"])
                self.assertEqual(resp.status, 422)
                self.assertIn('id="identifier-error"', resp.body)
                self.assertIn("Enter an email address, or a mobile phone number like 07700 900456", resp.body)

    def test_a_wrong_password_with_a_good_number_is_refused_as_before(self):
        resp = sign_in(self.mend.client(), "07700 900123", "not the password at all")
        self.assertEqual(resp.status, 422)
        self.assertIn("Enter a correct email address or phone number and password", resp.body)


class StoredAsE164(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)

    def test_user_add_keeps_any_common_form_as_e164(self):
        for typed, kept in (("(07700) 900111", "+447700900111"), ("44 7700 900222", "+447700900222"),
                            ("020 7946 0018", "+442079460018"), ("+353 85 123 4567", "+353851234567")):
            with self.subTest(typed=typed):
                user = self.mend.cli("user", "add", "--role", "tenant", "--name", "Pat Phone", "--phone", typed)
                self.assertEqual(user["phone"], kept)

    def test_user_add_refuses_a_number_that_is_not_one_naming_the_field(self):
        before = self.mend.run("user", "add", "--role", "tenant", "--name", "Nat Number", "--phone", "12345",
                               "--data", self.mend.data)
        self.assertNotEqual(before.returncode, 0)
        self.assertIn("phone", before.stderr.lower())
        self.assertIn("07700 900456", before.stderr)


if __name__ == "__main__":
    unittest.main()
