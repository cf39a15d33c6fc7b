"""The Debian package as a sysadmin gets it: cpack builds mend_<version>_amd64.deb from this build tree,
dpkg-deb shows its files, conffiles, maintainer scripts and dependencies, and the binary extracted into a
temporary root serves /healthz and styled pages with the source tree out of sight.

Environment: MEND_BUILD_DIR (the cmake build tree), MEND_SOURCE_DIR, MEND_VERSION. Run with /usr/bin/python3.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from mendctl import Client  # noqa: E402

BUILD = os.environ["MEND_BUILD_DIR"]
SOURCE = os.environ["MEND_SOURCE_DIR"]
VERSION = os.environ["MEND_VERSION"]
GOVUK = os.path.join(SOURCE, "node_modules", "govuk-frontend", "dist", "govuk")
HARDENING = ["NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/mend", "PrivateTmp=yes",
             "Restart=on-failure", "User=mend"]


def run(*cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)
    if p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p.stdout


def depends_names(field):
    """The package names of a Depends field: "libc6 (>= 2.36), adduser" -> {"libc6", "adduser"}."""
    names = set()
    for part in field.split(","):
        for alternative in part.split("|"):
            names.add(re.sub(r"\(.*?\)", "", alternative).strip().split(":")[0])
    return names


def owner_of(library_path):
    """The Debian package that ships a shared library (dpkg -S on the path, or the path with /usr merged)."""
    real = os.path.realpath(library_path)
    for candidate in dict.fromkeys([library_path, real, re.sub(r"^/usr", "", real), "/usr" + real]):
        p = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if p.returncode == 0:
            return p.stdout.split(":")[0].strip()
    raise AssertionError(f"no Debian package ships {library_path}")


class DebianPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="mend-deb-")
        out = os.path.join(cls.tmp, "out")
        run("cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", out, cwd=BUILD)
        cls.deb = os.path.join(out, f"mend_{VERSION}_amd64.deb")
        cls.root = os.path.join(cls.tmp, "root")
        run("dpkg-deb", "-x", cls.deb, cls.root)
        cls.control = os.path.join(cls.tmp, "control")
        run("dpkg-deb", "-e", cls.deb, cls.control)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_files(self):
        listed = run("dpkg-deb", "-c", self.deb)
        files = {line.split()[-1].lstrip(".") for line in listed.splitlines() if not line.startswith("d")}
        for path in ["/usr/bin/mend", "/etc/mend/mend.toml", "/lib/systemd/system/mend.service",
                     "/usr/share/doc/mend/README.md"]:
            self.assertIn(path, files)
        # The assets are inside the binary: nothing of node_modules, no stylesheet beside it.
        self.assertFalse([f for f in files if "node_modules" in f or f.endswith((".css", ".js"))], files)
        self.assertTrue(os.access(os.path.join(self.root, "usr/bin/mend"), os.X_OK))
        mode = os.stat(os.path.join(self.root, "etc/mend/mend.toml")).st_mode & 0o777
        self.assertEqual(mode & 0o007, 0, "the config may hold credentials: not world-readable")

    def test_conffiles_and_maintainer_scripts(self):
        with open(os.path.join(self.control, "conffiles")) as f:
            self.assertEqual(f.read().split(), ["/etc/mend/mend.toml"])
        with open(os.path.join(self.control, "postinst")) as f:
            postinst = f.read()
        self.assertIn("adduser --system --group", postinst)
        self.assertIn("install -d -o mend -g mend -m 0750 /var/lib/mend", postinst)
        for script in ["postinst", "prerm", "postrm"]:
            path = os.path.join(self.control, script)
            self.assertTrue(os.access(path, os.X_OK), script)
            run("sh", "-n", path)

    def test_depends_names_the_package_of_every_shared_library(self):
        depends = depends_names(run("dpkg-deb", "-f", self.deb, "Depends"))
        self.assertIn("adduser", depends)
        self.assertFalse([d for d in depends if d.endswith("-dev")], depends)
        binary = os.path.join(self.root, "usr/bin/mend")
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(\S+)\]", run("readelf", "-d", binary))
        resolved = dict(re.findall(r"^\s*(\S+) => (/\S+)", run("ldd", binary), re.M))
        self.assertIn("libsqlite3.so.0", needed)
        libraries = [resolved[name] for name in needed]
        missing = {lib: owner_of(lib) for lib in libraries if owner_of(lib) not in depends}
        self.assertEqual(missing, {}, "shared libraries whose package is not in Depends")

    def test_unit_is_hardened_and_verifies(self):
        unit_path = os.path.join(self.root, "lib/systemd/system/mend.service")
        with open(unit_path) as f:
            unit = f.read()
        for line in HARDENING:
            self.assertIn(line + "\n", unit)
        self.assertIn("ExecStart=/usr/bin/mend serve --config /etc/mend/mend.toml\n", unit)
        # LimitNOFILE matches the connection cap the example config states (the cap is the limit less an eighth).
        limit = int(re.search(r"^LimitNOFILE=(\d+)$", unit, re.M).group(1))
        with open(os.path.join(self.root, "etc/mend/mend.toml")) as f:
            stated = int(re.search(r"^# max_connections = (\d+)$", f.read(), re.M).group(1))
        self.assertEqual(stated, limit - limit // 8)
        if shutil.which("systemd-analyze") is None:
            self.skipTest("systemd-analyze is not installed (Debian's systemd package)")
        # Verified as installed, but with ExecStart naming the extracted binary (verify checks it exists); a bad
        # value or an unknown key is only a warning, so any output fails.
        verify_dir = os.path.join(self.tmp, "verify")
        os.makedirs(verify_dir, exist_ok=True)
        with open(os.path.join(verify_dir, "mend.service"), "w") as f:
            f.write(unit.replace("ExecStart=/usr/bin/mend", "ExecStart=" + os.path.join(self.root, "usr/bin/mend")))
        p = subprocess.run(["systemd-analyze", "verify", os.path.join(verify_dir, "mend.service")],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr.strip(), "")

    def test_extracted_binary_serves_styled_pages_without_the_source_tree(self):
        data = os.path.join(self.tmp, "data")
        with open(os.path.join(self.root, "etc/mend/mend.toml")) as f:
            example = f.read()
        config = example.replace('listen = "127.0.0.1:8080"', 'listen = "127.0.0.1:0"')
        config = config.replace('data = "/var/lib/mend"', f'data = "{data}"')
        self.assertIn('listen = "127.0.0.1:0"', config)
        self.assertIn(f'data = "{data}"', config)
        config_path = os.path.join(self.tmp, "mend.toml")
        with open(config_path, "w") as f:
            f.write(config)
        binary = os.path.join(self.root, "usr/bin/mend")
        # The example has no key mend does not know, and no value it refuses.
        checked = subprocess.run([binary, "check-config", "--config", config_path], capture_output=True, text=True)
        self.assertEqual(checked.returncode, 0, checked.stderr)
        # The binary names no file of the source tree's node_modules ...
        with open(binary, "rb") as f:
            self.assertNotIn(b"node_modules", f.read())
        # ... and runs in a mount namespace where the source tree and the node_modules it may link to are empty.
        # (A node_modules inside the source tree is hidden with it; one it links to elsewhere gets its own mount.)
        modules = os.path.realpath(os.path.join(SOURCE, "node_modules"))
        hidden = [SOURCE] + ([] if modules.startswith(os.path.realpath(SOURCE) + os.sep) else [modules])
        mounts = " && ".join(f"mount -t tmpfs mend-test-hidden '{d}'" for d in hidden)
        script = f"{mounts} && test ! -e '{GOVUK}' && exec '{binary}' serve --config '{config_path}'"
        with open(os.path.join(GOVUK, "govuk-frontend.min.css"), "rb") as f:
            npm_css = f.read()
        # Not root: a user namespace of our own makes us root inside it, enough to mount.
        user = [] if os.geteuid() == 0 else ["--map-root-user"]
        proc = subprocess.Popen(["unshare", "--mount", *user, "--propagation", "private", "sh", "-c", script],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            match = re.match(r"^listening on http://127\.0\.0\.1:(\d+)$", line.strip())
            self.assertTrue(match, f"{line!r} {proc.stderr.read() if proc.poll() is not None else ''}")
            client = Client("127.0.0.1", int(match.group(1)))
            self.assertEqual(client.get("/healthz").status, 200)
            page = client.get("/login")
            self.assertEqual(page.status, 200)
            sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.body)
            self.assertIn("/assets/govuk-frontend.min.css", sheets)
            for href in sheets:
                css = client.get(href)
                self.assertEqual(css.status, 200, href)
                self.assertTrue(css.header("content-type").startswith("text/css"), href)
            css = client.get("/assets/govuk-frontend.min.css")
            self.assertEqual(css.raw_body, npm_css)
            self.assertTrue(os.path.exists(os.path.join(data, "mend.db")))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            proc.stdout.close()
            proc.stderr.close()
        self.assertEqual(proc.returncode, 0)


if __name__ == "__main__":
    unittest.main()
