"""End-to-end test of mend behind Debian's nginx on loopback with a self-signed certificate: sign-in over HTTPS
sets a Secure cookie, and the login throttle counts the client's address from X-Forwarded-For only when the
request came through the proxy ([server] trusted_proxies). Loopback has many addresses: nginx connects to mend
from 127.0.0.2 (the one trusted proxy), and the test's clients come from 127.0.0.1, .3 and .4."""

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendctl import Mend, response_of  # noqa: E402

NGINX = "/usr/sbin/nginx"
PROXY = "127.0.0.2"
ADDRESS_LIMIT = 30  # app::login_throttle::max_failures_per_address


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Endpoint:
    """Requests to one port, over TLS when a context is given, from a chosen loopback address."""

    def __init__(self, port, source, tls=None):
        self.port, self.source, self.tls = port, source, tls

    def request(self, method, path, body=None, headers=None):
        if self.tls:
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.tls, timeout=30,
                                               source_address=(self.source, 0))
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
        try:
            conn.request(method, path, body=body, headers=headers or {})
            return response_of(conn.getresponse())
        finally:
            conn.close()

    def sign_in(self, identifier, password, forwarded_for=None, forwarded_proto=None):
        extra = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        if forwarded_proto:
            extra["X-Forwarded-Proto"] = forwarded_proto
        page = self.request("GET", "/login", headers=extra)
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.body).group(1)
        cookie = page.header("set-cookie").split(";")[0]
        body = f"csrf_token={csrf}&identifier={identifier}&password={password.replace(' ', '+')}".encode()
        return self.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, **extra})


@unittest.skipUnless(os.access(NGINX, os.X_OK), "Debian's nginx is not installed (scripts/deps)")
class BehindNginx(unittest.TestCase):
    def setUp(self):
        self.mend = Mend()
        self.addCleanup(self.mend.cleanup)
        self.demo = self.mend.demo()
        config = os.path.join(self.mend.root, "mend.toml")
        with open(config, "w") as f:
            f.write(f'[server]\ntrusted_proxies = ["{PROXY}"]\n')
        self.mend.start("--config", config)
        self.tls = self.start_nginx()

    def start_nginx(self):
        root = os.path.join(self.mend.root, "nginx")
        os.makedirs(root)
        os.chmod(self.mend.root, 0o755)
        cert, key = os.path.join(root, "cert.pem"), os.path.join(root, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        self.https_port = free_port()
        temp = "".join(f"{kind}_temp_path {root}/{kind};\n" for kind in
                       ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
        conf = os.path.join(root, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{}}
http {{
    access_log off;
    {temp}
    server {{
        listen 127.0.0.1:{self.https_port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        client_max_body_size 41m;
        location / {{
            proxy_pass http://127.0.0.1:{self.mend.port};
            proxy_bind {PROXY};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
""")
        self.nginx = subprocess.Popen([NGINX, "-p", root, "-c", conf, "-e", f"{root}/error.log"],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.addCleanup(self.stop_nginx)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close()
                break
            except OSError:
                if self.nginx.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not start: {self.nginx.stderr.read()}")
                time.sleep(0.05)
        tls = ssl.create_default_context(cafile=cert)
        return tls

    def stop_nginx(self):
        self.nginx.terminate()
        self.nginx.wait(timeout=30)
        self.nginx.stderr.close()

    def test_https_sign_in_and_the_throttle_see_the_client_through_the_proxy_only(self):
        officer = self.demo.one("officer")
        client = Endpoint(self.https_port, "127.0.0.3", self.tls)
        other_client = Endpoint(self.https_port, "127.0.0.4", self.tls)
        direct = Endpoint(self.mend.port, "127.0.0.1")

        # Over HTTPS the session cookie is Secure; straight to mend over HTTP it is not.
        signed_in = client.sign_in(officer["email"], officer["password"])
        self.assertEqual(signed_in.status, 303, signed_in)
        self.assertIn("Secure", signed_in.header("set-cookie"))
        plain = direct.sign_in(officer["email"], officer["password"])
        self.assertEqual(plain.status, 303, plain)
        self.assertNotIn("Secure", plain.header("set-cookie"))
        # A client straight to mend cannot claim TLS: only the trusted proxy's X-Forwarded-Proto counts.
        claimed = direct.sign_in(officer["email"], officer["password"], forwarded_proto="https")
        self.assertEqual(claimed.status, 303, claimed)
        self.assertNotIn("Secure", claimed.header("set-cookie"))

        # One client fails as often as an address may, each time naming a different nobody.
        for i in range(ADDRESS_LIMIT):
            failed = client.sign_in(f"nobody{i}@example.org", "not the password")
            self.assertEqual(failed.status, 422, (i, failed))
        blocked = client.sign_in(officer["email"], officer["password"])
        self.assertEqual(blocked.status, 429, blocked)
        self.assertIn("too many times", blocked.body)

        # Another client behind the same proxy is its own address, not the proxy's: not blocked, even when it
        # claims to be the blocked one (nginx appends the address it heard from, which mend takes).
        self.assertEqual(other_client.sign_in(officer["email"], officer["password"]).status, 303)
        self.assertEqual(other_client.sign_in(officer["email"], officer["password"], "127.0.0.3").status, 303)
        # Straight to mend, a forged X-Forwarded-For is not believed: it names the blocked client, yet this
        # connection's own address is what counts.
        self.assertEqual(direct.sign_in(officer["email"], officer["password"], "127.0.0.3").status, 303)
        # ... and it cannot unblock the blocked client either.
        self.assertEqual(client.sign_in(officer["email"], officer["password"], "198.51.100.1").status, 429)


if __name__ == "__main__":
    unittest.main()
