#!/usr/bin/python3
"""A fake Mastodon server on loopback for mend's tests and demo: the real paths, bearer auth, pagination
(min_id, max_id, Link), error bodies ({"error": ...}), 422 for over-long text, rate-limit headers and 429.

    /usr/bin/python3 scripts/fakes/mastodon.py [--port 0] [--token fake-token] [--max-characters 500]

Prints "listening on http://127.0.0.1:PORT" once it accepts connections. Standard library only (and fake_http.py
beside it).

Besides the API (GET /api/v2/instance, GET /api/v1/notifications, POST /api/v1/statuses) it has a control
API for tests, under /_fake/ and without auth:

    POST /_fake/mentions   {"acct": "tom@elsewhere.example", "text": "...", "in_reply_to_id"?: "..."}
                           makes a resident's post that mentions us, and its notification
    POST /_fake/redeliver  {"status_id": "..."}  a second notification of the same post
    GET  /_fake/statuses   the statuses our account posted, oldest first (with the Idempotency-Key used)
    GET  /_fake/requests   every API request seen: method, path, status
    POST /_fake/fail       {"path": "/api/v1/statuses", "status": 429, "count": 1, "reset_seconds": 2}
                           the next `count` calls of that path fail so
"""

import argparse
import datetime
import json
import re
import sys
import threading
import urllib.parse

from fake_http import JsonHandler, serve

OUR_ACCT = "repairs"
URL = re.compile(r"https?://\S+")
MENTION = re.compile(r"(?<!\S)@(\w+)@[\w.-]+")


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def length(text, per_url):
    """Mastodon's count: every URL is per_url characters, a remote mention counts without its domain."""
    text = URL.sub("x" * per_url, text)
    text = MENTION.sub(lambda m: "@" + m.group(1), text)
    return len(text)


class State:
    def __init__(self, args):
        self.lock = threading.RLock()  # send() records the request while a handler may hold it
        self.token = args.token
        self.max_characters = args.max_characters
        self.per_url = 23
        self.next_id = 110000000000000000
        self.statuses = {}  # id -> status
        self.ours = []  # ids of the statuses our account posted, in order
        self.notifications = []  # oldest first
        self.keys = {}  # Idempotency-Key -> status id
        self.requests = []
        self.failures = {}  # path -> [status, count, reset_seconds]
        self.rate_limit = 300
        self.remaining = 300

    def new_id(self):
        self.next_id += 1
        return str(self.next_id)

    def account(self, acct):
        username = acct.split("@")[0]
        return {
            "id": str(abs(hash(acct)) % 10**9),
            "username": username,
            "acct": acct,
            "display_name": username.title(),
            "url": f"https://{acct.split('@')[1] if '@' in acct else 'fake.example'}/@{username}",
        }

    def status(self, acct, text, in_reply_to_id=None, visibility="public"):
        sid = self.new_id()
        s = {
            "id": sid,
            "created_at": iso(now()),
            "in_reply_to_id": in_reply_to_id,
            "visibility": visibility,
            "content": "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>",
            "text": text,
            "url": f"https://fake.example/@{acct.split('@')[0]}/{sid}",
            "account": self.account(acct),
        }
        self.statuses[sid] = s
        return s

    def notify(self, s):
        n = {"id": self.new_id(), "type": "mention", "created_at": iso(now()), "account": s["account"], "status": s}
        self.notifications.append(n)
        return n


class Handler(JsonHandler):
    server_version = "FakeMastodon/1.0"

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if kind == "application/json":
            return json.loads(raw or b"{}")
        return {k: v[-1] for k, v in urllib.parse.parse_qs(raw.decode()).items()}

    def rate_headers(self, exhausted=False, reset_seconds=300):
        st = self.state
        if not exhausted:
            st.remaining = max(0, st.remaining - 1)
        reset = now() + datetime.timedelta(seconds=reset_seconds)
        return {
            "X-RateLimit-Limit": str(st.rate_limit),
            "X-RateLimit-Remaining": "0" if exhausted else str(st.remaining),
            "X-RateLimit-Reset": iso(reset),
        }

    def authorised(self):
        if self.headers.get("Authorization") != f"Bearer {self.state.token}":
            self.send(401, {"error": "The access token is invalid"})
            return False
        return True

    def injected_failure(self, path):
        with self.state.lock:
            f = self.state.failures.get(path)
            if not f or f[1] <= 0:
                return False
            f[1] -= 1
            status, _, reset_seconds = f
        if status == 429:
            self.send(429, {"error": "Too many requests"}, self.rate_headers(exhausted=True, reset_seconds=reset_seconds))
        elif status in (401, 403):
            self.send(status, {"error": "This action is outside the authorized scopes"})
        else:
            self.send(status, {"error": "Something went wrong"})
        return True

    # --- the API ---

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        st = self.state
        if url.path == "/api/v2/instance":
            return self.send(200, {
                "domain": "fake.example",
                "title": "Fake Mastodon",
                "version": "4.2.0",
                "configuration": {"statuses": {
                    "max_characters": st.max_characters,
                    "max_media_attachments": 4,
                    "characters_reserved_per_url": st.per_url,
                }},
            })
        if url.path == "/api/v1/notifications":
            if not self.authorised() or self.injected_failure(url.path):
                return
            return self.notifications(query)
        if url.path == "/_fake/statuses":
            with st.lock:
                return self.send(200, [st.statuses[i] for i in st.ours])
        if url.path == "/_fake/requests":
            with st.lock:
                return self.send(200, list(st.requests))
        return self.send(404, {"error": "Record not found"})

    def notifications(self, query):
        st = self.state
        types = query.get("types[]", [])
        limit = min(int((query.get("limit") or ["15"])[0]), 30)
        with st.lock:
            items = [n for n in st.notifications if not types or n["type"] in types]
            key = lambda n: int(n["id"])  # noqa: E731
            if "min_id" in query:
                floor = int(query["min_id"][0])
                page = sorted([n for n in items if key(n) > floor], key=key)[:limit]
                page.reverse()  # the page just after min_id, newest first
            else:
                ceiling = int(query["max_id"][0]) if "max_id" in query else None
                floor = int(query["since_id"][0]) if "since_id" in query else None
                page = sorted(items, key=key, reverse=True)
                page = [n for n in page if (ceiling is None or key(n) < ceiling) and (floor is None or key(n) > floor)]
                page = page[:limit]
            page = [{k: v for k, v in n.items()} for n in page]
        headers = self.rate_headers()
        if page:
            base = f"http://{self.headers.get('Host')}/api/v1/notifications"
            headers["Link"] = (f'<{base}?max_id={page[-1]["id"]}&types%5B%5D=mention>; rel="next", '
                               f'<{base}?min_id={page[0]["id"]}&types%5B%5D=mention>; rel="prev"')
        self.send(200, page, headers)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        st = self.state
        if url.path.startswith("/_fake/"):
            return self.control(url.path, self.body())
        if url.path != "/api/v1/statuses":
            return self.send(404, {"error": "Record not found"})
        if not self.authorised() or self.injected_failure(url.path):
            return
        body = self.body()
        text = body.get("status") or ""
        key = self.headers.get("Idempotency-Key")
        with st.lock:
            if key and key in st.keys:
                return self.send(200, st.statuses[st.keys[key]], self.rate_headers())
            if not text.strip():
                return self.send(422, {"error": "Validation failed: Text can't be blank"})
            if length(text, st.per_url) > st.max_characters:
                return self.send(422, {"error": f"Validation failed: Text character limit of {st.max_characters} exceeded"})
            reply_to = body.get("in_reply_to_id")
            if reply_to and reply_to not in st.statuses:
                return self.send(404, {"error": "Record not found"})
            visibility = body.get("visibility") or "public"
            if visibility not in ("public", "unlisted", "private", "direct"):
                return self.send(422, {"error": "Validation failed: Visibility is not included in the list"})
            s = st.status(OUR_ACCT, text, reply_to, visibility)
            s["idempotency_key"] = key
            st.ours.append(s["id"])
            if key:
                st.keys[key] = s["id"]
        self.send(200, s, self.rate_headers())

    def control(self, path, body):
        st = self.state
        with st.lock:
            if path == "/_fake/mentions":
                text = body.get("text", "")
                if "@repairs" not in text:
                    text = "@repairs " + text
                s = st.status(body.get("acct", "resident@elsewhere.example"), text, body.get("in_reply_to_id"))
                n = st.notify(s)
                return self.send(201, {"status": s, "notification": n})
            if path == "/_fake/redeliver":
                s = st.statuses.get(body.get("status_id"))
                if not s:
                    return self.send(404, {"error": "Record not found"})
                return self.send(201, {"notification": st.notify(s)})
            if path == "/_fake/fail":
                st.failures[body["path"]] = [int(body.get("status", 500)), int(body.get("count", 1)),
                                             int(body.get("reset_seconds", 2))]
                return self.send(200, {})
        return self.send(404, {"error": "Record not found"})


def main():
    p = argparse.ArgumentParser(description="A fake Mastodon server on loopback for tests and the demo.")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--token", default="fake-token")
    p.add_argument("--max-characters", type=int, default=500)
    args = p.parse_args()
    serve(Handler, State(args), args.port)


if __name__ == "__main__":
    sys.exit(main())
