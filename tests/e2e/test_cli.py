"""End-to-end tests of the command line: help, version, setting up users, firms and homes, the demo seed."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402


class Cli(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)

    def fails(self, *args, naming):
        p = self.mend.run(*args, "--data", self.mend.data)
        self.assertNotEqual(p.returncode, 0, f"mend {' '.join(args)} should fail; stdout {p.stdout!r}")
        self.assertIn(naming, p.stderr, f"the message should name {naming!r}: {p.stderr!r}")
        return p

    def test_help(self):
        p = self.mend.run("--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        for word in ("serve", "migrate", "user", "contractor", "property", "demo"):
            self.assertIn(word, p.stdout)

    def test_version(self):
        p = self.mend.run("--version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), "mend 0.1.0")

    def test_serve_help(self):
        p = self.mend.run("serve", "--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        for option in ("--config", "--data", "--listen"):
            self.assertIn(option, p.stdout)

    def test_unknown_command_fails(self):
        p = self.mend.run("frobnicate")
        self.assertNotEqual(p.returncode, 0)
        self.assertTrue(p.stderr.strip(), "no message on stderr")

    def test_migrate_creates_the_database(self):
        p = self.mend.run("migrate", "--data", self.mend.data)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.mend.data, "mend.db")))
        p = self.mend.run("migrate", "--data", self.mend.data)
        self.assertEqual(p.returncode, 0, f"migrate twice: {p.stderr}")

    def test_add_firm_user_and_home(self):
        firm = self.mend.cli("contractor", "add", "--name", "Acme Repairs", "--trades", "plumbing,electrical")
        self.assertEqual(firm["name"], "Acme Repairs")
        self.assertEqual(firm["trades"], ["plumbing", "electrical"])
        self.assertIsInstance(firm["id"], int)

        fixer = self.mend.cli("user", "add", "--role", "contractor", "--name", "Fay Fixer",
                              "--contractor", str(firm["id"]))
        self.assertEqual((fixer["role"], fixer["name"]), ("contractor", "Fay Fixer"))
        tenant = self.mend.cli("user", "add", "--role", "tenant", "--name", "Tom Tenant",
                               "--email", "tom@example.org", "--phone", "07700900123")
        self.assertEqual((tenant["role"], tenant["name"]), ("tenant", "Tom Tenant"))
        for user in (fixer, tenant):
            self.assertRegex(user["token"], r"^mend_[0-9a-f]{64}$")
            self.assertIsInstance(user["id"], int)
        self.assertNotEqual(fixer["token"], tenant["token"])

        home = self.mend.cli("property", "add", "--uprn", "100023336956", "--address", "1 High Street, Leeds",
                             "--postcode", "LS1 1AA", "--tenant", str(tenant["id"]))
        self.assertEqual(home["uprn"], "100023336956")
        self.assertEqual(home["address"], "1 High Street, Leeds")
        self.assertEqual(home["postcode"], "LS1 1AA")
        self.assertIsInstance(home["id"], int)

    def test_bad_input_names_the_option(self):
        self.fails("user", "add", "--role", "wizard", "--name", "Merlin", naming="--role")
        self.fails("user", "add", "--role", "tenant", naming="--name")
        self.fails("user", "add", "--role", "contractor", "--name", "No Firm", naming="--contractor")
        self.fails("user", "add", "--role", "contractor", "--name", "Ghost Firm", "--contractor", "4242",
                   naming="--contractor")
        self.fails("property", "add", "--uprn", "1234567890123", "--address", "x", "--postcode", "LS1 1AA",
                   naming="--uprn")
        self.fails("property", "add", "--uprn", "12AB", "--address", "x", "--postcode", "LS1 1AA", naming="--uprn")
        self.fails("property", "add", "--uprn", "1", "--address", "x", "--postcode", "LS1 1AA", "--tenant", "4242",
                   naming="--tenant")
        self.fails("contractor", "add", "--name", "Bad Trades", "--trades", "plumbing,juggling", naming="--trades")

    def test_duplicate_uprn_fails(self):
        self.mend.cli("property", "add", "--uprn", "77", "--address", "7 Lane", "--postcode", "LS7 7AA")
        self.fails("property", "add", "--uprn", "77", "--address", "Other", "--postcode", "LS7 7AB", naming="--uprn")

    def test_demo_seeds_an_empty_data_dir_once(self):
        demo = self.mend.cli("demo")
        self.assertEqual(set(demo), {"accounts", "contractors", "properties"})
        roles = sorted(a["role"] for a in demo["accounts"])
        self.assertEqual(roles, ["admin", "contractor", "officer", "tenant", "tenant"])
        self.assertEqual(len(demo["contractors"]), 1)
        firm = demo["contractors"][0]
        self.assertTrue({"id", "name", "trades"} <= set(firm), firm)
        for a in demo["accounts"]:
            self.assertTrue({"id", "role", "name", "token"} <= set(a), a)
            self.assertRegex(a["token"], r"^mend_[0-9a-f]{64}$")
            if a["role"] == "contractor":
                self.assertEqual(a["contractor_id"], firm["id"])
        self.assertEqual(len({a["token"] for a in demo["accounts"]}), 5)
        tenants = {a["id"] for a in demo["accounts"] if a["role"] == "tenant"}
        self.assertEqual(len(demo["properties"]), 2)
        self.assertEqual({p["tenant_id"] for p in demo["properties"]}, tenants)
        self.assertEqual(len({p["uprn"] for p in demo["properties"]}), 2)
        for p in demo["properties"]:
            self.assertRegex(p["uprn"], r"^\d{1,12}$")
            self.assertTrue(p["address"] and p["postcode"], p)
        self.assertTrue(os.path.isfile(os.path.join(self.mend.data, "mend.db")))

        again = self.mend.run("demo", "--data", self.mend.data)
        self.assertEqual(again.returncode, 1, again)
        self.assertTrue(again.stderr.strip(), "no message on stderr")
        with self.assertRaises(ValueError):
            json.loads(again.stdout or "not json")

    def test_demo_refuses_a_data_dir_with_users(self):
        self.mend.cli("user", "add", "--role", "officer", "--name", "Olu Officer")
        p = self.mend.run("demo", "--data", self.mend.data)
        self.assertEqual(p.returncode, 1, p)
        self.assertTrue(p.stderr.strip())


if __name__ == "__main__":
    unittest.main(verbosity=2)
