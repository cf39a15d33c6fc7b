"""Real protocol peers on loopback for the notices tests, started and stopped by the tests themselves.

- SmtpServer: Debian's aiosmtpd with STARTTLS required, using a CA and certificate made at test time with openssl.
- NotifyFake: GOV.UK Notify's v2 paths, JWT (HS256) check, error bodies, 429, simulator recipients, and
  delivery-receipt callbacks.
- WebhookReceiver: checks Standard Webhooks signatures and records what arrived.
- TcpGate: a relay in front of any of them that a test closes and opens again: an outage in which connections
  are refused, while the server behind keeps its state.

Standard library (and Debian's python3-aiosmtpd) only; run with /usr/bin/python3. Everything binds 127.0.0.1.
"""

import base64
import hashlib
import hmac
import json
import os
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=30.0, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# --- TLS for the SMTP server ---


def make_test_ca(directory):
    """A CA and a server certificate for 127.0.0.1 signed by it; returns (ca_file, cert_file, key_file)."""
    ca_key, ca_cert = os.path.join(directory, "ca.key"), os.path.join(directory, "ca.pem")
    key, csr, cert = (os.path.join(directory, n) for n in ("server.key", "server.csr", "server.pem"))
    ext = os.path.join(directory, "server.ext")
    with open(ext, "w", encoding="utf-8") as f:
        f.write("subjectAltName = IP:127.0.0.1, DNS:localhost\nextendedKeyUsage = serverAuth\n")

    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_cert, "-days", "2",
        "-subj", "/CN=mend test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1")
    run("x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial", "-out", cert,
        "-days", "2", "-extfile", ext)
    return ca_cert, cert, key


class SmtpServer:
    """aiosmtpd on 127.0.0.1 that refuses mail until STARTTLS; collects what it accepted.

    With `logins` ({user: password}) it also requires SMTP AUTH, and records every login in `logins_seen`."""

    def __init__(self, cert_file, key_file, port=None, logins=None):
        self.port = port or free_port()
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert_file, key_file)
        self.messages = []  # dicts: mail_from, rcpt_tos, data (bytes), tls (bool)
        self.lock = threading.Lock()
        self.controller = None
        self.reject_with = None  # e.g. "550 5.1.1 no such user" for every RCPT
        self.logins = logins
        self.logins_seen = []  # (monotonic time, user, succeeded)

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = False
        user = ""
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode()
            ok = self.logins.get(user) == auth_data.password.decode()
        with self.lock:
            self.logins_seen.append((time.monotonic(), user, ok))
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    def failed_logins(self):
        with self.lock:
            return [t for t, _, ok in self.logins_seen if not ok]

    def start(self):
        from aiosmtpd.controller import Controller

        outer = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if outer.reject_with:
                    return outer.reject_with
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                with outer.lock:
                    outer.messages.append({
                        "mail_from": envelope.mail_from,
                        "rcpt_tos": list(envelope.rcpt_tos),
                        "data": envelope.original_content or envelope.content,
                        "tls": session.ssl is not None,
                    })
                return "250 Message accepted for delivery"

        auth = {"authenticator": self.authenticate, "auth_required": True} if self.logins is not None else {}
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                     tls_context=self.context, require_starttls=True, **auth)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def received(self):
        with self.lock:
            return list(self.messages)


# --- Outages ---


class TcpGate:
    """A TCP relay on a port of its own in front of a real server on `target_port`. close() is the outage:
    the port refuses connections and the open ones are cut, while the server behind keeps its state; open()
    listens on the same port again."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.port = free_port()
        self.listener = None
        self.connections = []
        self.lock = threading.Lock()

    def open(self):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(64)
        with self.lock:
            self.listener = s
        threading.Thread(target=self._accept, args=(s,), daemon=True).start()
        return self

    def close(self):
        with self.lock:
            s, self.listener = self.listener, None
            connections, self.connections = self.connections, []
        for sock in ([s] if s else []) + connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self, s):
        while True:
            try:
                client, _ = s.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                if self.listener is not s:
                    client.close()
                    upstream.close()
                    return
                self.connections += [client, upstream]
            threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def _relay(self, client, upstream):
        back = threading.Thread(target=self._pump, args=(upstream, client), daemon=True)
        back.start()
        self._pump(client, upstream)
        back.join()
        with self.lock:
            self.connections = [c for c in self.connections if c not in (client, upstream)]
        client.close()
        upstream.close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


# --- Standard Webhooks receiver ---


class WebhookReceiver:
    """Accepts POSTs, verifies webhook-signature with the endpoint's whsec_ secret, and records them.

    `script` is a list of (status, headers) answers used in order before falling back to 200."""

    def __init__(self, secret=None):
        self.secret = secret
        self.received = []  # dicts: id, timestamp, body (parsed), valid, at
        self.script = []
        self.lock = threading.Lock()
        self.server = None
        self.quiet = True

    def verify(self, headers, body):
        if not self.secret or not self.secret.startswith("whsec_"):
            return False
        key = base64.b64decode(self.secret[len("whsec_"):])
        signed = f"{headers.get('webhook-id')}.{headers.get('webhook-timestamp')}.".encode() + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        given = [s.split(",", 1)[1] for s in headers.get("webhook-signature", "").split(" ") if s.startswith("v1,")]
        fresh = abs(time.time() - int(headers.get("webhook-timestamp", "0"))) < 300
        return fresh and any(hmac.compare_digest(expected, g) for g in given)

    def start(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with outer.lock:
                    status, extra = outer.script.pop(0) if outer.script else (200, {})
                    outer.received.append({
                        "id": headers.get("webhook-id"),
                        "timestamp": headers.get("webhook-timestamp"),
                        "valid": outer.verify(headers, body),
                        "body": json.loads(body or b"null"),
                        "status": status,
                        "at": time.monotonic(),
                    })
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def delivered_ids(self):
        with self.lock:
            return [r["id"] for r in self.received if r["status"] == 200]


# --- GOV.UK Notify ---

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"mend_test-{SERVICE_ID}-{SECRET}"
SMS_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
EMAIL_TEMPLATE = "a1b2c3d4-2a88-4f6e-b855-c550268ce08a"

def national(number):
    """A UK number as Notify's simulated recipients are listed: "+447700900000" -> "07700900000"."""
    number = number.replace(" ", "")
    return "0" + number[3:] if number.startswith("+44") else number


# Notify's simulated recipients and the final status each one gets.
SIMULATED = {
    "07700900000": "delivered", "07700900111": "delivered", "07700900222": "delivered",
    "07700900003": "temporary-failure", "07700900002": "permanent-failure", "07700900001": "technical-failure",
    "simulate-delivered@notifications.service.gov.uk": "delivered",
    "temp-fail@simulator.notify": "temporary-failure", "perm-fail@simulator.notify": "permanent-failure",
}


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class NotifyFake:
    """Speaks POST /v2/notifications/sms|email and GET /v2/notifications?reference=, checks the JWT, answers with
    Notify's error bodies, and sends delivery receipts to callback_url with callback_token."""

    def __init__(self, callback_token="receipt-token"):
        self.callback_url = None
        self.callback_token = callback_token
        self.notifications = []  # dicts as GET returns them, plus "type", "to", "at"
        self.posts = []  # (monotonic time, path, status answered)
        self.script = []  # (status, headers, body) answers used in order before normal handling
        self.receipts_sent = []
        self.lock = threading.Lock()
        self.server = None

    def check_jwt(self, header):
        if not header or not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        try:
            head, payload, signature = header[len("Bearer "):].split(".")
            if json.loads(b64url_decode(head)).get("alg") != "HS256":
                return "Invalid token: algorithm used is not HS256"
            claims = json.loads(b64url_decode(payload))
        except ValueError:
            return "Invalid token: signature, api token is not valid"
        expected = hmac.new(SECRET.encode(), f"{head}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, b64url_decode(signature)):
            return "Invalid token: API key not found"
        if claims.get("iss") != SERVICE_ID:
            return "Invalid token: service not found"
        if abs(time.time() - int(claims.get("iat", 0))) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return None

    def start(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def reply(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def error(self, status, kind, message, headers=None):
                self.reply(status, {"errors": [{"error": kind, "message": message}], "status_code": status}, headers)

            def do_GET(self):
                problem = outer.check_jwt(self.headers.get("Authorization"))
                if problem:
                    return self.error(403, "AuthError", problem)
                url = urllib.parse.urlsplit(self.path)
                if url.path != "/v2/notifications":
                    return self.error(404, "BadRequestError", "Not found")
                reference = urllib.parse.parse_qs(url.query).get("reference", [None])[0]
                with outer.lock:
                    # Newest first, as Notify lists them.
                    found = [n for n in reversed(outer.notifications)
                             if reference is None or n["reference"] == reference]
                self.reply(200, {"notifications": found, "links": {"current": self.path}})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with outer.lock:
                    scripted = outer.script.pop(0) if outer.script else None
                kind = {"/v2/notifications/sms": "sms", "/v2/notifications/email": "email"}.get(self.path)
                status = self.handle_post(kind, body, scripted)
                with outer.lock:
                    outer.posts.append((time.monotonic(), self.path, status))

            def handle_post(self, kind, body, scripted):
                problem = outer.check_jwt(self.headers.get("Authorization"))
                if problem:
                    self.error(403, "AuthError", problem)
                    return 403
                if kind is None:
                    self.error(404, "BadRequestError", "Not found")
                    return 404
                if scripted:
                    status, headers, answer = scripted
                    self.reply(status, answer, headers)
                    return status
                try:
                    req = json.loads(body)
                except ValueError:
                    self.error(400, "BadRequestError", "Invalid JSON supplied in POST data")
                    return 400
                field = "phone_number" if kind == "sms" else "email_address"
                to = req.get(field)
                template = SMS_TEMPLATE if kind == "sms" else EMAIL_TEMPLATE
                if req.get("template_id") != template:
                    self.error(400, "BadRequestError", "Template not found")
                    return 400
                if not to:
                    self.error(400, "ValidationError", f"{field} is a required property")
                    return 400
                if kind == "sms" and not (national(to).startswith("07") and len(national(to)) == 11):
                    self.error(400, "ValidationError", "phone_number Not a UK mobile number")
                    return 400
                if kind == "email" and "@" not in to:
                    self.error(400, "ValidationError", "email_address Not a valid email address")
                    return 400
                notification = {
                    "id": str(uuid.uuid4()), "reference": req.get("reference"), "type": kind, "status": "created",
                    "phone_number" if kind == "sms" else "email_address": to,
                    "body": req.get("personalisation", {}).get("body", ""),
                    "subject": req.get("personalisation", {}).get("subject"),
                    "template": {"id": template, "version": 1, "uri": f"/v2/template/{template}"},
                }
                with outer.lock:
                    outer.notifications.append(notification)
                self.reply(201, {
                    "id": notification["id"], "reference": notification["reference"],
                    "content": {"body": notification["body"], "from_number": "GOVUK"},
                    "uri": f"/v2/notifications/{notification['id']}", "template": notification["template"],
                })
                threading.Thread(target=outer.send_receipt, args=(notification, to), daemon=True).start()
                return 201

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def send_receipt(self, notification, to):
        time.sleep(0.2)
        status = SIMULATED.get(national(to), "delivered")
        notification["status"] = status
        if not self.callback_url:
            return
        receipt = {"id": notification["id"], "reference": notification["reference"], "to": to, "status": status,
                   "created_at": "2026-01-01T00:00:00.000000Z", "completed_at": "2026-01-01T00:00:01.000000Z",
                   "sent_at": "2026-01-01T00:00:00.500000Z", "notification_type": notification["type"]}
        request = urllib.request.Request(self.callback_url, data=json.dumps(receipt).encode(), method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Bearer {self.callback_token}"})
        for _ in range(5):  # Notify retries callbacks that fail
            try:
                with urllib.request.urlopen(request, timeout=10) as r:
                    self.receipts_sent.append((notification["id"], status, r.status))
                    return
            except OSError:
                time.sleep(0.5)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
