"""What the fake servers of scripts/fakes/ share: a JSON handler that records every request it answers, and the
loop that serves it on loopback. Standard library only; imported by the fakes from their own folder."""

import json
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    """Answers in JSON and records method, path and status in the server's state.requests (under state.lock)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    @property
    def state(self):
        return self.server.state

    def send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        url = urllib.parse.urlsplit(self.path)
        with self.state.lock:
            self.state.requests.append({"method": self.command, "path": url.path, "status": status})


def serve(handler, state, port):
    """Serves `handler` on 127.0.0.1:`port` (0: a free one), says where once it accepts connections, and runs
    until interrupted."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    server.state = state
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
