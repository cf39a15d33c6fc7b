"""End-to-end tests of faults and backups: a full disk or a read-only database answers 503 and recovers, and a
backup taken under write load holds every write acknowledged before it began."""

import os
import resource
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend  # noqa: E402


class Writes:
    """Reports posted by tenant threads until stopped; each acknowledged one is kept with when its 201 came and
    when it was sent."""

    def __init__(self, mend, tenant, home, threads=4):
        self.client = mend.client(tenant["token"])
        self.home = home
        self.acknowledged = []  # (monotonic time of the 201, reference)
        self.sent_at = {}  # reference -> monotonic time its request was sent
        self.failures = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]
        for t in self.threads:
            t.start()

    def _run(self, index):
        n = 0
        while not self.stopping.is_set():
            n += 1
            sent = time.monotonic()
            resp = self.client.post("/api/v1/requests", {"uprn": self.home["uprn"], "category": "damp_mould",
                                                          "description": f"Writer {index}, report {n}"})
            with self.lock:
                if resp.status == 201:
                    self.acknowledged.append((time.monotonic(), resp.json["reference"]))
                    self.sent_at[resp.json["reference"]] = sent
                else:
                    self.failures.append(resp)

    def count(self):
        with self.lock:
            return len(self.acknowledged)

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=60)


class Seeded(unittest.TestCase):
    """A demo-seeded data directory of its own for each test (no server yet)."""

    def setUp(self):
        self.use(Mend())

    def use(self, mend):
        self.mend = mend
        self.addCleanup(mend.cleanup)
        self.demo = mend.demo()
        self.tenant = self.demo.one("tenant")
        self.officer = self.demo.one("officer")
        self.home = self.demo.home_of(self.tenant)


class Backup(Seeded):
    def setUp(self):
        super().setUp()
        self.file = os.path.join(self.mend.root, "mend-backup.db")

    def test_a_backup_under_write_load_restores_every_write_acknowledged_before_it_began(self):
        self.mend.start()
        writes = Writes(self.mend, self.tenant, self.home)
        self.addCleanup(writes.stop)
        deadline = time.monotonic() + 60
        while writes.count() < 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        began = time.monotonic()
        printed = self.mend.cli("backup", "--to", self.file)
        ended = time.monotonic()
        during = [ref for at, ref in writes.acknowledged if began <= at <= ended]
        writes.stop()
        self.assertEqual(writes.failures, [])
        self.assertEqual(printed["backup"], self.file)
        self.assertGreater(printed["pages"], 0)
        self.assertEqual(printed["bytes"], os.path.getsize(self.file))
        self.assertFalse(os.path.exists(self.file + ".partial"))
        before = [ref for at, ref in writes.acknowledged if at < began]
        self.assertGreaterEqual(len(before), 200)
        # The server went on writing during the backup (it never waits for it).
        self.assertGreater(len(writes.acknowledged), len(before))

        # Restoring refuses while a server runs on the directory.
        p = self.mend.run("restore", "--from", self.file, "--data", self.mend.data, "--force")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("a mend server is running", p.stderr)
        self.mend.stop_ok()

        restored = Mend()
        self.addCleanup(restored.cleanup)
        printed = restored.cli("restore", "--from", self.file)
        self.assertEqual(printed["restored"], self.file)
        restored.start()
        officer = restored.client(self.officer["token"])
        missing = [ref for ref in before if officer.get(f"/api/v1/requests/{ref}").status != 200]
        self.assertEqual(missing, [], f"{len(missing)} of {len(before)} acknowledged writes are not in the backup")
        # Nothing sent after the backup ended is in it: it is one snapshot. (A write sent before may be in it
        # and still be acknowledged after the backup ended: its answer travels after its commit.)
        after = [ref for _, ref in writes.acknowledged if writes.sent_at[ref] > ended]
        present = [ref for ref in after if officer.get(f"/api/v1/requests/{ref}").status == 200]
        self.assertEqual(present, [])
        self.assertLessEqual(len(during), len(writes.acknowledged))
        # The restored directory takes new writes.
        resp = restored.client(self.tenant["token"]).post(
            "/api/v1/requests", {"uprn": self.home["uprn"], "category": "damp_mould", "description": "After restore"})
        self.assertEqual(resp.status, 201, resp)
        restored.stop_ok()

    def test_restore_refuses_to_replace_a_database_without_force_and_checks_the_backup(self):
        self.mend.cli("backup", "--to", self.file)
        p = self.mend.run("backup", "--to", self.file, "--data", self.mend.data)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("--force", p.stderr)

        p = self.mend.run("restore", "--from", self.file, "--data", self.mend.data)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("--force", p.stderr)
        self.assertEqual(self.mend.cli("restore", "--from", self.file, "--force")["restored"], self.file)

        not_a_backup = os.path.join(self.mend.root, "notes.txt")
        with open(not_a_backup, "w") as f:
            f.write("not a database\n" * 100)
        other = Mend()
        self.addCleanup(other.cleanup)
        p = other.run("restore", "--from", not_a_backup, "--data", other.data)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("is not a mend backup", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(other.data, "mend.db")))


class Faults(Seeded):
    """The server's writes fail for real (the kernel refuses them) and then succeed again."""

    def setUp(self):
        super().setUp()
        self.acknowledged = []

    def report(self, description):
        resp = self.mend.client(self.tenant["token"]).post(
            "/api/v1/requests", {"uprn": self.home["uprn"], "category": "damp_mould", "description": description})
        if resp.status == 201:
            self.acknowledged.append(resp.json["reference"])
        return resp

    def assert_unavailable(self, refuse, logged=True):
        if not self.acknowledged:
            self.assertEqual(self.report("Before").status, 201)
        refuse()
        for n in range(3):
            resp = self.report(f"Refused {n}")
            self.assertEqual(resp.status, 503, resp)
            self.assertEqual(resp.error["code"], "storage_unavailable")
            self.assertIn("nothing was saved", resp.error["message"])
            self.assertEqual(resp.header("retry-after"), "30")
            self.assertEqual(resp.header("x-content-type-options"), "nosniff")
        # Reads go on, and the process stays up.
        self.assertEqual(self.mend.client().get("/healthz").status, 200)
        officer = self.mend.client(self.officer["token"])
        self.assertEqual(officer.get(f"/api/v1/requests/{self.acknowledged[0]}").status, 200)
        self.assertIsNone(self.mend.proc.poll())
        if logged:
            self.assertIn('msg="storage unavailable"', self.mend.stderr_text())

    def assert_recovers(self, allow):
        allow()
        after = self.report("After")
        self.assertEqual(after.status, 201, (after, self.mend.stderr_text()))
        self.assert_nothing_lost()

    def assert_nothing_lost(self):
        """After a restart every acknowledged report is there, and no refused one."""
        self.mend.stop_ok()
        self.mend.start()
        officer = self.mend.client(self.officer["token"])
        for ref in self.acknowledged:
            self.assertEqual(officer.get(f"/api/v1/requests/{ref}").status, 200, ref)
        listed = officer.get("/api/v1/requests?limit=200").json
        descriptions = [item["description"] for item in listed["items"]]
        self.assertNotIn("Refused 0", descriptions)
        self.mend.stop_ok()

    def test_no_room_for_the_files_answers_503_and_recovers(self):
        # RLIMIT_FSIZE at 0 makes the kernel refuse every write to a regular file (EFBIG), from outside the
        # process and without privileges; the server ignores SIGXFSZ, as it must to see the error.
        self.mend.start()
        pid = self.mend.proc.pid
        limits = resource.prlimit(pid, resource.RLIMIT_FSIZE)
        # Its stderr is a file here: the log lines are refused too.
        self.assert_unavailable(lambda: resource.prlimit(pid, resource.RLIMIT_FSIZE, (0, limits[1])), logged=False)
        self.assert_recovers(lambda: resource.prlimit(pid, resource.RLIMIT_FSIZE, limits))

    def small_filesystem(self):
        """A 4 MiB tmpfs as the data directory, or a skip where this test may not mount one."""
        mount = os.path.join(self.mend.root, "small")
        os.makedirs(mount)
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount], capture_output=True, text=True)
        if p.returncode != 0:
            self.skipTest(f"cannot mount a tmpfs here: {p.stderr.strip()}")
        self.addCleanup(subprocess.run, ["umount", "-l", mount], check=False)
        self.use(Mend(os.path.join(mount, "data")))
        return mount

    def test_a_full_disk_answers_503_and_recovers_when_space_returns(self):
        mount = self.small_filesystem()
        self.mend.start()
        filler = os.path.join(mount, "filler")

        def fill():
            with open(filler, "wb") as f:
                try:
                    while True:
                        f.write(b"\0" * 65536)
                        f.flush()
                except OSError:
                    pass

        self.assert_unavailable(fill)
        self.assert_recovers(lambda: os.remove(filler))

    def test_a_read_only_database_answers_503_and_the_process_stays_up(self):
        # Linux refuses to make a filesystem read-only while a file on it is open for writing, so the server
        # starts on one that is (after a crash, which leaves the WAL for SQLite to read). SQLite keeps the
        # shared memory of the WAL read-only for as long as the process has the file open: writes come back
        # after a restart on a writable filesystem.
        mount = self.small_filesystem()
        self.mend.start()
        self.assertEqual(self.report("Before").status, 201)
        self.mend._kill()

        def remount(mode):
            subprocess.run(["mount", "-o", f"remount,{mode}", mount], check=True)

        remount("ro")
        self.addCleanup(subprocess.run, ["mount", "-o", "remount,rw", mount], check=False)
        self.mend.start()
        self.assert_unavailable(lambda: None)
        self.mend.stop_ok()
        remount("rw")
        self.mend.start()
        self.assertEqual(self.report("After").status, 201)
        self.assert_nothing_lost()

if __name__ == "__main__":
    unittest.main()
