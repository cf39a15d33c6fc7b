"""End-to-end tests of running mend as a service: `mend check-config` on good and bad files, `mend migrate
--dry-run`, and an upgrade from the schema of the release before access notes (migrations 0001-0015, made
here from schema/ as that release made it) with a backup taken first, and a migration that fails leaving the
database as it was."""

import glob
import hashlib
import json
import os
import socket
import sqlite3
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schema")
PREVIOUS = 15  # the newest migration of the previous release


def make_previous_release_db(path, conflict=False):
    """A database as the release whose newest migration was 0015 left it, holding one contractor. With conflict,
    it also has a table that migration 0016 creates, so that migration fails."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
               "applied_at INTEGER NOT NULL)")
    for file in sorted(glob.glob(os.path.join(SCHEMA, "[0-9][0-9][0-9][0-9]_*.sql"))):
        version = int(os.path.basename(file)[:4])
        if version > PREVIOUS:
            continue
        with open(file) as f:
            db.executescript(f.read())
        db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                   (version, os.path.basename(file)[5:-4], int(time.time())))
    db.execute("INSERT INTO contractors (name, trades, created_at) VALUES ('Old Firm Ltd', 'plumbing', 1)")
    if conflict:
        db.execute("CREATE TABLE access_note_changes (id INTEGER PRIMARY KEY)")
    db.commit()
    db.close()


def schema_version(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
    finally:
        db.close()


def contractor_names(path):
    db = sqlite3.connect(path)
    try:
        return [row[0] for row in db.execute("SELECT name FROM contractors ORDER BY id")]
    finally:
        db.close()


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def newest_migration():
    return max(int(os.path.basename(f)[:4]) for f in glob.glob(os.path.join(SCHEMA, "[0-9][0-9][0-9][0-9]_*.sql")))


class CheckConfig(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)

    def config(self, text):
        path = os.path.join(self.mend.root, "mend.toml")
        with open(path, "w") as f:
            f.write(f'[storage]\ndata = "{self.mend.data}"\n' + text)
        return path

    def check(self, text):
        return self.mend.run("check-config", "--config", self.config(text))

    def test_a_good_config_passes(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        self.addCleanup(listener.close)
        ca = os.path.join(self.mend.root, "ca.pem")
        with open(ca, "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\n")
        p = self.check(f'[server]\nlisten = "127.0.0.1:8080"\n[notify.email]\nhost = "127.0.0.1"\n'
                       f'port = {listener.getsockname()[1]}\nfrom = "Repairs <r@example.org>"\nca_file = "{ca}"\n')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("is fine", p.stdout)

    def test_each_problem_is_named_and_the_exit_is_non_zero(self):
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()  # nothing listens there now
        missing_ca = os.path.join(self.mend.root, "no-such-ca.pem")
        p = self.check(f'[server]\nlisen = "127.0.0.1:8080"\n[notify.email]\nhost = "127.0.0.1"\nport = {port}\n'
                       f'from = "Repairs <r@example.org>"\nca_file = "{missing_ca}"\n'
                       f'[notify]\ntemplates_dir = "{self.mend.root}/no-templates"\n')
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn("server.lisen is not a setting mend knows", p.stderr)
        self.assertIn(f'notify.email.ca_file = "{missing_ca}" cannot be read', p.stderr)
        self.assertIn(f"notify.email: cannot connect to 127.0.0.1:{port}", p.stderr)
        self.assertIn("notify.templates_dir", p.stderr)
        self.assertIn("4 problem(s)", p.stderr)

    def test_a_bad_value_is_named(self):
        p = self.check("[server]\nthreads = 0\n")
        self.assertEqual(p.returncode, 1)
        self.assertIn("server.threads must be 1 to 64", p.stderr)

    def test_a_database_newer_than_this_mend_is_named(self):
        self.mend.cli("migrate")
        db = sqlite3.connect(os.path.join(self.mend.data, "mend.db"))
        db.execute("INSERT INTO schema_migrations VALUES (9999, 'future', 0)")
        db.commit()
        db.close()
        p = self.check("")
        self.assertEqual(p.returncode, 1)
        self.assertIn("newer than this mend knows", p.stderr)

    def test_serve_warns_of_unknown_keys_and_still_starts(self):
        path = self.config("[web]\nlandlord_nmae = \"Riverside\"\n")
        self.mend.start("--config", path, with_data=False)
        self.mend.stop_ok()
        self.assertIn("web.landlord_nmae", self.mend.stderr_text())


class Upgrade(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.db = os.path.join(self.mend.data, "mend.db")
        self.backups = os.path.join(self.mend.data, "backups")

    def test_dry_run_lists_what_would_run_and_changes_nothing(self):
        fresh = self.mend.cli("migrate", "--dry-run")
        self.assertEqual(fresh["schema_version"], 0)
        self.assertEqual(fresh["pending"][0], {"version": 1, "name": "core"})
        self.assertFalse(os.path.exists(self.db))
        make_previous_release_db(self.db)
        before = digest(self.db)
        plan = self.mend.cli("migrate", "--dry-run")
        self.assertEqual(plan["schema_version"], PREVIOUS)
        self.assertEqual(plan["pending"][0], {"version": 16, "name": "access_notes"})
        self.assertEqual(plan["pending"][-1]["version"], newest_migration())
        self.assertEqual(digest(self.db), before)
        self.assertFalse(os.path.exists(self.backups))

    def test_serve_backs_up_before_migrating(self):
        make_previous_release_db(self.db)
        self.mend.start()
        self.mend.stop_ok()
        self.assertEqual(schema_version(self.db), newest_migration())
        self.assertEqual(contractor_names(self.db), ["Old Firm Ltd"])
        copies = os.listdir(self.backups)
        self.assertEqual(len(copies), 1, copies)
        self.assertRegex(copies[0], rf"^mend-schema{PREVIOUS}-\d{{8}}T\d{{6}}Z\.db$")
        copy = os.path.join(self.backups, copies[0])
        self.assertEqual(schema_version(copy), PREVIOUS)
        self.assertEqual(contractor_names(copy), ["Old Firm Ltd"])
        self.assertIn(copy, self.mend.stderr_text())
        # Started again on a current database: no new backup.
        self.mend.start()
        self.mend.stop_ok()
        self.assertEqual(os.listdir(self.backups), copies)

    def test_no_backup_when_told_not_to(self):
        make_previous_release_db(self.db)
        config = os.path.join(self.mend.root, "mend.toml")
        with open(config, "w") as f:
            f.write(f'[storage]\ndata = "{self.mend.data}"\nbackup_before_migrate = false\n')
        self.mend.start("--config", config, with_data=False)
        self.mend.stop_ok()
        self.assertEqual(schema_version(self.db), newest_migration())
        self.assertFalse(os.path.exists(self.backups))
        other = os.path.join(self.mend.root, "other")
        os.makedirs(other)
        make_previous_release_db(os.path.join(other, "mend.db"))
        printed = json.loads(self.mend.run("migrate", "--no-backup", "--data", other).stdout)
        self.assertEqual(printed["schema_version"], newest_migration())
        self.assertFalse(os.path.exists(os.path.join(other, "backups")))
        self.assertEqual(self.mend.cli("migrate")["schema_version"], newest_migration())

    def test_a_failed_migration_leaves_the_database_as_it_was(self):
        make_previous_release_db(self.db, conflict=True)
        p = self.mend.run("serve", "--data", self.mend.data, "--listen", "127.0.0.1:0", timeout=60)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("migration 16 (access_notes) failed", p.stderr)
        self.assertEqual(schema_version(self.db), PREVIOUS)
        self.assertEqual(contractor_names(self.db), ["Old Firm Ltd"])
        self.assertEqual(len(os.listdir(self.backups)), 1)
        # Still readable by mend: the plan is the same as before.
        self.assertEqual(self.mend.cli("migrate", "--dry-run")["pending"][0]["version"], 16)


if __name__ == "__main__":
    unittest.main()
