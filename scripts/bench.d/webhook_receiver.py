"""A loopback webhook receiver for scripts/bench: answers 200 to every POST (keep-alive) and counts distinct
webhook-ids. GET /count returns {"distinct": N, "posts": M, "first": t, "last": t} (monotonic seconds).

Usage: webhook_receiver.py PORT_FILE   (binds 127.0.0.1:0 and writes the port there)"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ids = set()
state = {"posts": 0, "first": None, "last": None}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        now = time.monotonic()
        with lock:
            ids.add(self.headers.get("webhook-id"))
            state["posts"] += 1
            state["first"] = state["first"] or now
            state["last"] = now
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with lock:
            body = json.dumps({"distinct": len(ids), **state}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
