"""End-to-end tests of the HTTP edge against what an attacker (or a phone on a weak signal) sends: trailers,
sign-in redirects, file descriptors, uploads before sign-in, slow bodies, the login throttle, /metrics, and
the answers to requests refused before routing."""

import http.client
import os
import re
import resource
import socket
import sys
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend, Response, ServerTestCase  # noqa: E402

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
UPLOAD_LIMIT = 41 * 1024 * 1024


def exchange(port, data, timeout=15):
    """Sends raw bytes, then reads one response; None when the server closed without answering."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        sock.sendall(data)
        resp = http.client.HTTPResponse(sock, method="POST")
        try:
            resp.begin()
        except (http.client.RemoteDisconnected, ConnectionResetError):
            return None
        body = resp.read().decode("utf-8", "replace")
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    finally:
        sock.close()


def raw_exchange(port, data, timeout=15):
    """Sends raw bytes and returns every byte the server sent until it closed (Connection: close)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        sock.sendall(data)
        out = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return out
            out += chunk
    finally:
        sock.close()


def rss_mib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def login_form(client):
    """The sign-in page's CSRF token and the cookie that goes with it."""
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)
    return csrf, page.header("set-cookie").split(";")[0]


def sign_in_request(client, identifier, password, next_value=None):
    """The raw bytes of a sign-in POST (Connection: close)."""
    csrf, cookie = login_form(client)
    fields = {"csrf_token": csrf, "identifier": identifier, "password": password}
    if next_value is not None:
        fields["next"] = next_value
    body = urllib.parse.urlencode(fields).encode()
    head = (f"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def sign_in(client, identifier, password):
    csrf, cookie = login_form(client)
    body = urllib.parse.urlencode({"csrf_token": csrf, "identifier": identifier, "password": password}).encode()
    return client.post("/login", raw=body, content_type="application/x-www-form-urlencoded", headers={"Cookie": cookie})


def session_of(client, account):
    """A signed-in session's cookie and its CSRF token (from a page that has a form)."""
    raw = raw_exchange(client.port, sign_in_request(client, account["email"], account["password"]))
    assert raw.startswith(b"HTTP/1.1 303"), raw[:300]
    cookie = re.search(rb"\r\nSet-Cookie: (mend_session=[0-9a-f]{64});", raw).group(1).decode()
    page = client.get("/repairs/new" if account["role"] == "tenant" else "/homes", headers={"Cookie": cookie})
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)
    return cookie, csrf


def multipart(fields, files, boundary="edgeboundary"):
    out = b""
    for name, value in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
    for name, (filename, data, kind) in files.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                f"Content-Type: {kind}\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Refusals(ServerTestCase, unittest.TestCase):
    """Requests refused before routing are answered with a status and the security headers (finding 8), and
    none of them ends the process (finding 1)."""

    def assert_answered(self, resp, status):
        self.assertIsNotNone(resp, "closed with no answer")
        self.assertEqual(resp.status, status, resp)
        for name in SECURITY_HEADERS:
            self.assertIsNotNone(resp.header(name), f"{status} without {name}")
        self.assertEqual(self.mend.proc.poll(), None, "the server has exited")
        self.assertEqual(self.anon.get("/healthz").status, 200)

    def test_a_huge_trailer_is_refused_and_the_server_lives(self):
        head = b"POST %s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
        for path in (b"/api/v1/requests", b"/healthz", b"/login", b"/nowhere"):
            for trailer in (b"X-Big: " + b"a" * 70000, b"X-" + b"n" * 70000 + b": v"):
                with self.subTest(path=path, size=len(trailer)):
                    resp = exchange(self.mend.port, head % path + b"5\r\nhello\r\n0\r\n" + trailer + b"\r\n\r\n")
                    self.assert_answered(resp, 431)

    def test_oversized_headers_long_urls_and_malformed_requests(self):
        big_header = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: " + b"f" * 20000 + b"\r\n\r\n"
        self.assert_answered(exchange(self.mend.port, big_header), 431)
        long_url = b"GET /healthz?" + b"q" * 10000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        self.assert_answered(exchange(self.mend.port, long_url), 414)
        for garbage in (b"BLAH\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                        b"GET /healthz HTTP/9.9\r\n\r\n", b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"):
            with self.subTest(garbage=garbage):
                self.assert_answered(exchange(self.mend.port, garbage), 400)

    def test_python_http_client_reads_an_early_413(self):
        # http.client sends the whole body before it reads: the server must read (and drop) it, not reset.
        body = b'{"description":"' + b"x" * (3 * 1024 * 1024) + b'"}'
        tenant = self.demo.one("tenant")
        resp = self.as_(tenant).post("/api/v1/requests", raw=body)
        self.assert_answered(resp, 413)
        self.assertEqual(resp.error.get("code"), "payload_too_large")


class SignInRedirects(ServerTestCase, unittest.TestCase):
    """Finding 2: the sign-in `next` field can only send someone to a path of this site, and no header can be
    injected through it."""

    def location_after(self, next_value):
        officer = self.demo.one("officer")
        raw = raw_exchange(self.mend.port, sign_in_request(self.anon, officer["email"], officer["password"], next_value))
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        lines = head.split("\r\n")
        self.assertTrue(lines[0].startswith("HTTP/1.1 303"), head)
        names = [line.split(":", 1)[0].lower() for line in lines[1:]]
        self.assertEqual(names.count("location"), 1, head)
        self.assertNotIn("evil", head.lower(), head)
        return [line.split(":", 1)[1].strip() for line in lines[1:] if line.lower().startswith("location:")][0]

    def test_next_is_a_path_of_this_site(self):
        for bad in ["/\r\nSet-Cookie: evil=1", "/x\r\nSet-Cookie: evil=1", "/\nSet-Cookie: evil=1", "/\t/evil.example",
                    "//evil.example", "/\\evil.example", "/\\/evil.example", "https://evil.example", "/x\\y/evil",
                    "/\x00evil", "/ /evil.example", "\t//evil.example"]:
            with self.subTest(next=bad):
                self.assertEqual(self.location_after(bad), "/queue")
        self.assertEqual(self.location_after("/jobs/MR-1?tab=history"), "/jobs/MR-1?tab=history")

    def test_the_login_page_keeps_only_a_safe_next(self):
        page = self.anon.get("/login?next=" + urllib.parse.quote("/\r\nSet-Cookie: evil=1", safe=""))
        self.assertEqual(page.status, 200)
        self.assertIn('name="next" value="/"', page.body)


class FileDescriptors(unittest.TestCase):
    """Finding 3: with systemd's fd limit and more idle connections than it allows, the server still answers and
    does not spin on accept errors."""

    def setUp(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < 4096 <= hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (4096, hard))
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.mend.demo()

    def test_idle_connections_beyond_the_fd_limit(self):
        def systemd_limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))

        self.mend.start(preexec_fn=systemd_limit)
        idle = []
        self.addCleanup(lambda: [s.close() for s in idle])
        for _ in range(1100):
            idle.append(socket.create_connection(("127.0.0.1", self.mend.port), timeout=10))
        time.sleep(1)
        conn = http.client.HTTPConnection("127.0.0.1", self.mend.port, timeout=10)
        try:
            conn.request("GET", "/healthz")
            self.assertEqual(conn.getresponse().status, 200)
        finally:
            conn.close()
        time.sleep(1)
        log = self.mend.stderr_text(tail=10_000_000)
        self.assertLess(log.count("Too many open files"), 20, log[-2000:])
        self.assertLess(len(log.splitlines()), 100, log[-2000:])
        for s in idle:
            s.close()
        self.mend.stop_ok()


class UploadsBeforeSignIn(ServerTestCase, unittest.TestCase):
    """Finding 4: upload routes are answered from the header when nobody is signed in, without buffering the
    body; only a caller with the right role may send an upload's size."""

    def test_forty_unauthenticated_uploads_do_not_grow_memory(self):
        before = rss_mib(self.mend.proc.pid)
        sockets = []
        self.addCleanup(lambda: [s.close() for s in sockets])
        for i in range(40):
            path = "/repairs/new" if i % 2 == 0 else "/homes/import"
            s = socket.create_connection(("127.0.0.1", self.mend.port), timeout=10)
            s.sendall((f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                       f"Content-Length: 27262000\r\n\r\n").encode())
            sockets.append(s)
        # Answered from the header alone: the sign-in redirect comes before any byte of the body.
        for s in sockets:
            head = s.recv(65536)
            self.assertTrue(head.startswith(b"HTTP/1.1 303"), head[:200])
            self.assertIn(b"\r\nLocation: /login\r\n", head)

        def pour(s):
            chunk = b"x" * 65536
            try:
                for _ in range(96):  # 6 MiB
                    s.sendall(chunk)
            except OSError:
                pass  # the server stopped reading: fine

        pourers = [threading.Thread(target=pour, args=(s,)) for s in sockets]
        for t in pourers:
            t.start()
        for t in pourers:
            t.join(60)
        grown = rss_mib(self.mend.proc.pid) - before
        self.assertLess(grown, 64, f"the server grew by {grown:.0f} MiB for 40 unauthenticated uploads")
        self.assertEqual(self.anon.get("/healthz").status, 200)

    def test_only_the_right_role_gets_the_upload_limit(self):
        tenant = self.demo.one("tenant")
        cookie, csrf = session_of(self.anon, tenant)
        # A tenant may not import homes: the small limit applies, so a 3 MiB body is refused from its header.
        resp = self.anon.post_streaming("/homes/import", b"x" * (3 * 1024 * 1024), content_type="multipart/form-data; boundary=x",
                                        headers={"Cookie": cookie})
        self.assertEqual(resp.status, 413, resp)
        for name in SECURITY_HEADERS:
            self.assertIsNotNone(resp.header(name), name)
        # More than any caller may send to the route is refused whoever asks.
        huge = self.anon.post_streaming("/repairs/new", b"x" * (UPLOAD_LIMIT + 1), content_type="multipart/form-data; boundary=x",
                                        headers={"Cookie": cookie})
        self.assertEqual(huge.status, 413, huge)
        # An upload's size from a tenant to the tenant's report route is read and handled.
        body, kind = multipart({"csrf_token": csrf, "uprn": self.demo.home_of(tenant)["uprn"], "category": "damp_mould",
                                "description": "Mould behind the wardrobe"},
                               {"photos": ("wall.jpg", b"\xff\xd8\xff" + os.urandom(3 * 1024 * 1024), "image/jpeg")})
        ok = self.anon.post("/repairs/new", raw=body, content_type=kind, headers={"Cookie": cookie})
        self.assertEqual(ok.status, 303, ok)
        self.assertTrue(ok.header("location").startswith("/jobs/"), ok.header("location"))


class SlowBodies(unittest.TestCase):
    """Finding 5: a body that keeps arriving at a phone's pace is read whole however long it takes; a client
    that trickles a byte every few seconds is cut off, in its header or in its body."""

    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()

    @staticmethod
    def trickle(port, head, out, key):
        """Sends `head` then one byte every 3 s; records how long until the server closed the connection."""
        started = time.monotonic()
        sock = socket.create_connection(("127.0.0.1", port), timeout=90)
        try:
            sock.sendall(head)
            sock.setblocking(False)
            while time.monotonic() - started < 90:
                try:
                    if sock.recv(65536) == b"":
                        break
                except BlockingIOError:
                    pass
                except OSError:
                    break
                try:
                    sock.send(b"a")
                except OSError:
                    break
                time.sleep(3)
        finally:
            sock.close()
        out[key] = time.monotonic() - started

    def test_a_photo_at_32_kib_per_second_gets_in_and_trickles_do_not(self):
        self.mend.start()
        tenant = self.demo.one("tenant")
        client = self.mend.client()
        cookie, csrf = session_of(client, tenant)
        cut = {}
        token = tenant["token"]
        trickles = [
            threading.Thread(target=self.trickle, args=(self.mend.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ", cut, "header")),
            threading.Thread(target=self.trickle, args=(
                self.mend.port,
                (f"POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                 "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n").encode(), cut, "body")),
        ]
        for t in trickles:
            t.start()
        body, kind = multipart({"csrf_token": csrf, "uprn": self.demo.home_of(tenant)["uprn"], "category": "heating",
                                "description": "No heating, photo of the boiler"},
                               {"photos": ("boiler.jpg", b"\xff\xd8\xff" + os.urandom(1024 * 1024), "image/jpeg")})
        sock = socket.create_connection(("127.0.0.1", self.mend.port), timeout=60)
        started = time.monotonic()
        try:
            sock.sendall((f"POST /repairs/new HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Type: {kind}\r\n"
                          f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode())
            step = 4096  # 32 KiB/s: 4 KiB every 1/8 s
            for offset in range(0, len(body), step):
                sock.sendall(body[offset:offset + step])
                time.sleep(0.125)
            resp = http.client.HTTPResponse(sock, method="POST")
            resp.begin()
            status, location = resp.status, resp.getheader("Location")
        finally:
            sock.close()
        self.assertGreater(time.monotonic() - started, 30)
        self.assertEqual(status, 303)
        self.assertTrue(location.startswith("/jobs/"), location)
        for t in trickles:
            t.join(120)
        self.assertLess(cut["body"], 25, "a body trickling a byte every 3 s was not cut off")
        self.assertLess(cut["header"], 45, "a header trickling a byte every 3 s was not cut off")
        self.mend.stop_ok()


class LoginThrottle(unittest.TestCase):
    """Finding 6: the throttle counts per account whatever identifier named it and per client address, and
    holds a bounded amount whatever it is sent."""

    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()

    def test_failures_by_email_also_block_the_phone_number(self):
        self.mend.start()
        client = self.mend.client()
        tenant = self.demo.one("tenant")
        for _ in range(5):
            self.assertEqual(sign_in(client, tenant["email"], "wrong password!").status, 422)
        self.assertEqual(sign_in(client, tenant["phone"], tenant["password"]).status, 429)
        self.assertEqual(sign_in(client, tenant["email"].upper(), tenant["password"]).status, 429)
        # Someone else signs in from the same address.
        officer = self.demo.one("officer")
        self.assertEqual(sign_in(client, officer["email"], officer["password"]).status, 303)
        self.mend.stop_ok()

    def test_one_address_guessing_many_identifiers_is_throttled(self):
        self.mend.start()
        client = self.mend.client()
        statuses = [sign_in(client, f"nobody{i}@example.org", "wrong password!").status for i in range(40)]
        self.assertIn(429, statuses)
        officer = self.demo.one("officer")
        self.assertEqual(sign_in(client, officer["email"], officer["password"]).status, 429)
        self.mend.stop_ok()

    def test_huge_identifiers_are_not_kept(self):
        # Under AddressSanitizer freed memory waits in a quarantine (256 MiB by default) before it is given
        # back: without it the RSS measures what the server keeps, in every tree.
        asan = os.environ.get("ASAN_OPTIONS", "")
        self.mend.start(env={"ASAN_OPTIONS": (asan + ":" if asan else "") + "quarantine_size_mb=0"})
        client = self.mend.client()
        sign_in(client, "warm@example.org", "wrong password!")
        before = rss_mib(self.mend.proc.pid)
        for i in range(43):
            resp = sign_in(client, f"{i}" + "i" * (1000 * 1000), "wrong password!")
            self.assertIn(resp.status, (422, 429))
            self.assertLess(len(resp.body), 100_000, "the page echoed a huge identifier")
        grown = rss_mib(self.mend.proc.pid) - before
        self.assertLess(grown, 20, f"the server grew by {grown:.0f} MiB for 43 failed sign-ins")
        self.mend.stop_ok()


class Metrics(unittest.TestCase):
    """Finding 7: /metrics serves gauges computed off the HTTP thread, and takes a bearer token when one is
    configured."""

    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()

    def test_token_and_refreshed_gauges(self):
        config = os.path.join(self.mend.root, "mend.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write('[server]\nmetrics_token = "scrape-secret-123"\nmetrics_interval_seconds = 1\n')
        self.mend.start("--config", config)
        anon = self.mend.client()
        refused = anon.get("/metrics")
        self.assertEqual(refused.status, 401, refused)
        self.assertEqual(refused.header("www-authenticate"), "Bearer")
        self.assertEqual(anon.with_token("wrong").get("/metrics").status, 401)
        scraper = anon.with_token("scrape-secret-123")

        def reported():
            resp = scraper.get("/metrics")
            self.assertEqual(resp.status, 200, resp)
            return int(re.search(r'^mend_jobs\{status="reported"\} (\d+)$', resp.body, re.M).group(1))

        first = reported()
        tenant = self.demo.one("tenant")
        made = self.mend.client(tenant["token"]).post(
            "/api/v1/requests", {"uprn": self.demo.home_of(tenant)["uprn"], "category": "other", "description": "Gate"})
        self.assertEqual(made.status, 201, made)
        deadline = time.monotonic() + 15
        while reported() == first and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(reported(), first + 1)
        self.mend.stop_ok()

    def test_open_without_a_token(self):
        self.mend.start()
        resp = self.mend.client().get("/metrics")
        self.assertEqual(resp.status, 200)
        self.assertIn("mend_http_requests_total", resp.body)
        self.assertIn('mend_jobs{status="reported"}', resp.body)
        self.mend.stop_ok()


if __name__ == "__main__":
    unittest.main(verbosity=2)
