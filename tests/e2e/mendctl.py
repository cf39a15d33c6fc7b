"""Drives the real mend binary for end-to-end tests: a temp data dir, the CLI, a server on a free port, HTTP.

Standard library, and Debian's python3-yaml and python3-jsonschema for checking every answer against
schema/openapi.yaml (openapi_check.py); run with Debian's /usr/bin/python3. The binary is $MEND_BIN.
"""

import http.client
import json
import os
import queue
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import openapi_check

LISTENING = re.compile(r"^listening on http://(127\.0\.0\.1):(\d+)$")
START_TIMEOUT = 30  # seconds; generous for sanitizer builds
STOP_TIMEOUT = 30
# Variables the binary reads; the tests set them only on purpose.
MEND_ENV = ("MEND_LISTEN", "MEND_DATA", "MEND_BODY_LIMIT")


def mend_bin():
    path = os.environ.get("MEND_BIN")
    if not path:
        raise RuntimeError("MEND_BIN is not set: it must be the path of the built mend binary")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"MEND_BIN={path} is not an executable file")
    return path


def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in MEND_ENV}
    env.update(extra or {})
    return env


class Response:
    def __init__(self, status, headers, body, set_cookies=(), raw_body=None):
        self.status = status
        self.raw_body = raw_body if raw_body is not None else body.encode()  # the bytes as they came
        self.headers = headers  # lower-cased names; of a repeated header, the last
        self.set_cookies = list(set_cookies)  # every Set-Cookie, in order
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def header(self, name):
        return self.headers.get(name.lower())

    def cookie_set(self):
        """The "name=value" of the first Set-Cookie that sets a value (not one that clears a cookie)."""
        for text in self.set_cookies:
            pair = text.split(";")[0]
            if not pair.endswith("="):
                return pair
        return None

    @property
    def error(self):
        """The {"error": {...}} object of an error response, or {}."""
        if isinstance(self.json, dict) and isinstance(self.json.get("error"), dict):
            return self.json["error"]
        return {}

    def __repr__(self):
        return f"<{self.status} {self.body[:400]!r}>"


def response_of(resp):
    """The Response of an http.client response, its body read whole."""
    raw = resp.read()
    return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, raw.decode("utf-8", "replace"),
                    [v for k, v in resp.getheaders() if k.lower() == "set-cookie"], raw)


class Client:
    """One HTTP connection per call, so tests can share a client between threads."""

    def __init__(self, host, port, token=None):
        self.host = host
        self.port = port
        self.token = token

    def with_token(self, token):
        return Client(self.host, self.port, token)

    def request(self, method, path, body=None, headers=None, raw=None, content_type="application/json"):
        """body is sent as JSON; raw (bytes) is sent as it is."""
        hdrs = {}
        if self.token is not None:
            hdrs["Authorization"] = f"Bearer {self.token}"
        data = None
        if raw is not None:
            data = raw
        elif body is not None:
            data = json.dumps(body).encode()
        if data is not None and content_type is not None:
            hdrs["Content-Type"] = content_type
        hdrs.update(headers or {})
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            res = response_of(conn.getresponse())
        finally:
            conn.close()
        openapi_check.check(method, path, res)
        return res

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def post_streaming(self, path, body_bytes, content_type="application/json", headers=None):
        """POSTs a large body in chunks and stops sending as soon as the server answers (as curl does),
        so an early 413 is read instead of being lost to a reset connection."""
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body_bytes)}\r\n"
            + (f"Authorization: Bearer {self.token}\r\n" if self.token else "")
            + "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
            + "Connection: close\r\n\r\n"
        ).encode()
        sock = socket.create_connection((self.host, self.port), timeout=30)
        try:
            sock.sendall(head)
            sent = 0
            while sent < len(body_bytes):
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                try:
                    sent += sock.send(body_bytes[sent : sent + 65536])
                except (BrokenPipeError, ConnectionResetError):
                    break
            resp = http.client.HTTPResponse(sock, method="POST")
            resp.begin()
            res = response_of(resp)
        finally:
            sock.close()
        openapi_check.check("POST", path, res)
        return res


class Mend:
    """A data directory of its own, the CLI on it, and at most one server on it at a time."""

    def __init__(self, data_dir=None):
        self.bin = mend_bin()
        self.owns_dir = data_dir is None
        self.root = tempfile.mkdtemp(prefix="mend-e2e-")
        self.data = data_dir or os.path.join(self.root, "data")
        os.makedirs(self.data, exist_ok=True)
        self.proc = None
        self.port = None
        self.stderr_path = None
        self._stdout_lines = queue.Queue()

    # --- the command line ---

    def run(self, *args, env=None, timeout=60):
        return subprocess.run(
            [self.bin, *args], capture_output=True, text=True, env=clean_env(env), timeout=timeout, stdin=subprocess.DEVNULL
        )

    def cli(self, *args, env=None):
        """Runs a CLI command on this data dir, asserts it succeeded, and returns its stdout as JSON."""
        p = self.run(*args, "--data", self.data, env=env)
        if p.returncode != 0:
            raise AssertionError(f"mend {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
        try:
            return json.loads(p.stdout)
        except ValueError as e:
            raise AssertionError(f"mend {' '.join(args)} did not print JSON: {p.stdout!r}") from e

    def demo(self):
        return Demo(self.cli("demo"))

    # --- the server ---

    def start(self, *args, listen="127.0.0.1:0", env=None, with_data=True, preexec_fn=None):
        """preexec_fn runs in the child before mend starts (e.g. to set its resource limits)."""
        assert self.proc is None, "server already running"
        cmd = [self.bin, "serve"]
        if with_data:
            cmd += ["--data", self.data]
        if listen is not None:
            cmd += ["--listen", listen]
        cmd += list(args)
        self.stderr_path = os.path.join(self.root, f"serve-{time.monotonic_ns()}.stderr")
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=self._stderr, stdin=subprocess.DEVNULL, env=clean_env(env),
            preexec_fn=preexec_fn,
        )
        self._stdout_lines = queue.Queue()
        threading.Thread(target=self._drain_stdout, args=(self.proc, self._stdout_lines), daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        first = None
        while time.monotonic() < deadline:
            try:
                first = self._stdout_lines.get(timeout=0.1)
                break
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
        if first is None:
            code = self.proc.poll()
            self._kill()
            raise AssertionError(f"mend serve printed no listening line (exit {code}); stderr:\n{self.stderr_text()}")
        m = LISTENING.match(first.rstrip("\r\n"))
        if not m:
            self._kill()
            raise AssertionError(f"mend serve's first line is {first!r}, not 'listening on http://127.0.0.1:PORT'")
        self.port = int(m.group(2))
        assert self.port != 0, "listening line shows port 0 rather than the port picked"
        return self.client()

    @staticmethod
    def _drain_stdout(proc, lines):
        for raw in proc.stdout:
            lines.put(raw.decode("utf-8", "replace"))

    def client(self, token=None):
        assert self.port is not None, "server not started"
        return Client("127.0.0.1", self.port, token)

    def sign_in(self, email, password):
        """Signs in through the login form; returns the form post's response: 303 with the session cookie in
        Set-Cookie when it worked."""
        client = self.client()
        page = client.get("/login")
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)
        cookie = page.header("set-cookie").split(";")[0]
        body = f"csrf_token={csrf}&identifier={email}&password={password.replace(' ', '+')}".encode()
        return client.post(
            "/login", raw=body, content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie}
        )

    def stop(self, sig=signal.SIGTERM):
        """Signals the server and returns its exit code."""
        assert self.proc is not None, "server not running"
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._kill()
            raise AssertionError(f"mend serve did not exit within {STOP_TIMEOUT} s of {sig.name}")
        self._close()
        return code

    def stop_ok(self, sig=signal.SIGTERM):
        code = self.stop(sig)
        if code != 0:
            raise AssertionError(f"mend serve exited {code} on {sig.name}, not 0; stderr:\n{self.stderr_text()}")

    def stderr_text(self, tail=6000):
        if not self.stderr_path or not os.path.exists(self.stderr_path):
            return ""
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-tail:]

    def _kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close()

    def _close(self):
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()
        if getattr(self, "_stderr", None):
            self._stderr.close()
            self._stderr = None
        self.proc = None
        self.port = None

    def cleanup(self):
        self._kill()
        shutil.rmtree(self.root, ignore_errors=True)


class Demo:
    """What `mend demo` printed, with the accounts by role."""

    def __init__(self, printed):
        self.printed = printed
        self.accounts = printed["accounts"]
        self.contractors = printed["contractors"]
        self.properties = printed["properties"]

    def all(self, role):
        return [a for a in self.accounts if a["role"] == role]

    def one(self, role, index=0):
        return self.all(role)[index]

    def home_of(self, tenant):
        for p in self.properties:
            if p.get("tenant_id") == tenant["id"]:
                return p
        raise AssertionError(f"demo gave tenant {tenant['id']} no home")


def add_tenants(mend, demo, count):
    """Adds `count` tenants to the data dir, each with an email, a password and a home of their own, and to `demo`
    as `mend demo` lists its own (demo.one("tenant", i), demo.home_of)."""
    for _ in range(count):
        n = len(demo.all("tenant")) + 1
        password = f"tenant-{n}-password"
        user = mend.cli("user", "add", "--role", "tenant", "--name", f"Nadia Extra{n}", "--email",
                        f"tenant{n}@example.org", "--password", password)
        user["password"] = password
        demo.accounts.append(user)
        demo.properties.append(mend.cli("property", "add", "--uprn", f"9000{n:08d}", "--address",
                                        f"{n} Extra Street, Leeds", "--postcode", "LS2 7AB", "--tenant", str(user["id"])))


class ServerTestCase:
    """Mixin for unittest.TestCase: one demo-seeded data dir and server for the whole class.

    Subclasses may override seed(cls) to add more with the CLI before the server starts."""

    @classmethod
    def setUpClass(cls):
        cls.mend = Mend()
        try:
            cls.demo = cls.mend.demo()
            cls.seed()
            cls.anon = cls.mend.start()
        except BaseException:
            cls.mend.cleanup()
            raise

    @classmethod
    def seed(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        try:
            cls.mend.stop_ok()
        finally:
            cls.mend.cleanup()

    @classmethod
    def as_(cls, account):
        return cls.mend.client(account["token"])
