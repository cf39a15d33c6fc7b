#!/usr/bin/python3
"""A fake AT Protocol service (a PDS with the AppView's reads) on loopback for mend's tests: the real XRPC paths,
sessions (createSession, refreshSession; ExpiredToken), notifications newest first with cursors, reply refs
checked as the real service checks them, error bodies ({"error", "message"}), RateLimit-* headers and 429.

    /usr/bin/python3 scripts/fakes/bluesky.py [--port 0] [--handle repairs.bsky.example] [--password app-pass]

Prints "listening on http://127.0.0.1:PORT" once it accepts connections. Standard library only (and fake_http.py
beside it).

The API under /xrpc/: com.atproto.server.createSession, com.atproto.server.refreshSession,
app.bsky.notification.listNotifications, app.bsky.feed.getPosts, com.atproto.identity.resolveHandle,
com.atproto.repo.createRecord, com.atproto.repo.getRecord. A control API for tests, under /_fake/ and without
auth:

    POST /_fake/mentions   {"acct": "tom.bsky.example", "text": "...", "in_reply_to_id"?: "at://..."}
                           makes a resident's post that mentions us (a reply in that thread when given), and its
                           notification (reason "reply" when it answers one of our posts, else "mention")
    POST /_fake/redeliver  {"status_id": "at://..."}  a second notification of the same post
    GET  /_fake/statuses   the posts our account made, oldest first: id (the URI), text, in_reply_to_id (the
                           parent's URI), root, facets, rkey
    GET  /_fake/requests   every API request seen: method, path, status
    POST /_fake/fail       {"path": "/xrpc/com.atproto.repo.createRecord", "status": 429, "count": 1,
                           "reset_seconds": 2}: the next `count` calls of that path fail so
    POST /_fake/expire     {"refresh": false}: the access tokens given so far have expired (and the refresh
                           tokens too when "refresh")
"""

import argparse
import datetime
import hashlib
import json
import re
import sys
import threading
import time
import unicodedata
import urllib.parse

from fake_http import JsonHandler, serve

TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
POST = "app.bsky.feed.post"


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def graphemes(text):
    """Code points less those that stay with the one before: combining marks, variation selectors, skin tones,
    the joiner and what it joins."""
    count = 0
    joined = False
    for ch in text:
        cp = ord(ch)
        extends = unicodedata.combining(ch) or 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF or cp == 0x200D
        if not extends and not joined:
            count += 1
        joined = cp == 0x200D
    return count


def did_of(handle):
    return "did:plc:" + hashlib.sha256(handle.encode()).hexdigest()[:24]


def cid_of(uri, text):
    return "bafyrei" + hashlib.sha256((uri + "\n" + text).encode()).hexdigest()[:52]


class State:
    def __init__(self, args):
        self.lock = threading.RLock()
        self.handle = args.handle
        self.did = did_of(args.handle)
        self.password = args.password
        self.sessions = 0
        self.access = {}  # token -> expired?
        self.refresh = {}  # token -> usable?
        self.tid = int(time.time() * 1_000_000) << 10
        self.posts = {}  # uri -> post view
        self.ours = []  # uris of our account's posts, in order
        self.notifications = []  # oldest first; each has a sequence number "seq"
        self.seq = 0
        self.last_indexed = None
        self.handles = {args.handle: self.did}
        self.requests = []
        self.failures = {}  # path -> [status, count, reset_seconds]
        self.remaining = 3000

    def new_tid(self):
        self.tid += 1 << 10
        n = self.tid & ~(1 << 63)
        return "".join(TID_CHARS[(n >> (5 * (12 - i))) & 31] for i in range(13))

    def indexed_at(self):
        """Strictly after the last one, as the AppView's indexing order is."""
        t = now()
        if self.last_indexed is not None and t <= self.last_indexed:
            t = self.last_indexed + datetime.timedelta(milliseconds=1)
        t = t.replace(microsecond=t.microsecond // 1000 * 1000)
        self.last_indexed = t
        return iso(t)

    def new_session(self):
        self.sessions += 1
        access, refresh = f"access-{self.sessions}", f"refresh-{self.sessions}"
        self.access[access] = False
        self.refresh[refresh] = True
        return {"accessJwt": access, "refreshJwt": refresh, "handle": self.handle, "did": self.did, "active": True}

    def author(self, handle):
        did = self.handles.setdefault(handle, did_of(handle))
        return {"did": did, "handle": handle, "displayName": handle.split(".")[0].title()}

    def make_post(self, handle, record, rkey=None):
        author = self.author(handle)
        uri = f"at://{author['did']}/{POST}/{rkey or self.new_tid()}"
        view = {"uri": uri, "cid": cid_of(uri, record["text"]), "author": author, "record": record,
                "indexedAt": self.indexed_at(), "replyCount": 0, "likeCount": 0, "labels": []}
        self.posts[uri] = view
        return view

    def notify(self, view, reason):
        self.seq += 1
        n = {"uri": view["uri"], "cid": view["cid"], "author": view["author"], "reason": reason,
             "record": view["record"], "isRead": False, "indexedAt": self.indexed_at(), "labels": [],
             "seq": self.seq}
        self.notifications.append(n)
        return n

    def root_of(self, view):
        reply = view["record"].get("reply")
        return reply["root"]["uri"] if reply else view["uri"]


class Handler(JsonHandler):
    server_version = "FakeBluesky/1.0"

    def error(self, status, error, message, headers=None):
        self.send(status, {"error": error, "message": message}, headers)

    def rate_headers(self, exhausted=False, reset_seconds=3600):
        st = self.state
        if not exhausted:
            st.remaining = max(0, st.remaining - 1)
        return {
            "RateLimit-Limit": "3000",
            "RateLimit-Remaining": "0" if exhausted else str(st.remaining),
            "RateLimit-Reset": str(int(time.time()) + reset_seconds),
            "RateLimit-Policy": "3000;w=300",
        }

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return None

    def authorised(self):
        auth = self.headers.get("Authorization") or ""
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
        with self.state.lock:
            expired = self.state.access.get(token)
        if expired is None:
            self.error(401, "AuthenticationRequired", "Authentication Required")
            return False
        if expired:
            self.error(400, "ExpiredToken", "Token has expired")
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
            self.error(429, "RateLimitExceeded", "Rate Limit Exceeded",
                       self.rate_headers(exhausted=True, reset_seconds=reset_seconds))
        elif status == 401:
            self.error(401, "AuthenticationRequired", "Authentication Required")
        else:
            self.error(status, "InternalServerError", "Internal Server Error")
        return True

    # --- the API ---

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        st = self.state
        if url.path == "/_fake/statuses":
            with st.lock:
                return self.send(200, [self.ours_view(st.posts[u]) for u in st.ours])
        if url.path == "/_fake/requests":
            with st.lock:
                return self.send(200, list(st.requests))
        name = url.path[len("/xrpc/"):] if url.path.startswith("/xrpc/") else None
        reads = {"app.bsky.notification.listNotifications": self.list_notifications,
                 "app.bsky.feed.getPosts": self.get_posts,
                 "com.atproto.identity.resolveHandle": self.resolve_handle,
                 "com.atproto.repo.getRecord": self.get_record}
        if name not in reads:
            return self.error(404, "MethodNotImplemented", "Method Not Implemented")
        if self.injected_failure(url.path) or not self.authorised():
            return
        with st.lock:
            reads[name](query)

    def ours_view(self, view):
        reply = view["record"].get("reply")
        return {"id": view["uri"], "text": view["record"]["text"],
                "in_reply_to_id": reply["parent"]["uri"] if reply else None,
                "root": reply["root"]["uri"] if reply else None, "facets": view["record"].get("facets", []),
                "rkey": view["uri"].rsplit("/", 1)[1], "visibility": "public", "idempotency_key": None}

    def list_notifications(self, query):
        st = self.state
        try:
            limit = int((query.get("limit") or ["50"])[0])
        except ValueError:
            return self.error(400, "InvalidRequest", "limit must be an integer")
        if not 1 <= limit <= 100:
            return self.error(400, "InvalidRequest", "limit must be from 1 to 100")
        reasons = query.get("reasons") or []
        items = [n for n in reversed(st.notifications) if not reasons or n["reason"] in reasons]
        if "cursor" in query:
            try:
                before = int(query["cursor"][0])
            except ValueError:
                return self.error(400, "InvalidRequest", "malformed cursor")
            items = [n for n in items if n["seq"] < before]
        page = items[:limit]
        body = {"notifications": [{k: v for k, v in n.items() if k != "seq"} for n in page]}
        if len(items) > limit:
            body["cursor"] = str(page[-1]["seq"])
        self.send(200, body, self.rate_headers())

    def get_posts(self, query):
        uris = query.get("uris") or []
        if not 1 <= len(uris) <= 25:
            return self.error(400, "InvalidRequest", "uris must hold 1 to 25 URIs")
        self.send(200, {"posts": [self.state.posts[u] for u in uris if u in self.state.posts]}, self.rate_headers())

    def resolve_handle(self, query):
        handle = (query.get("handle") or [""])[0]
        # Accounts of this fake's own domain exist whenever they are asked about.
        did = self.state.handles.get(handle) or (did_of(handle) if handle.endswith(".bsky.example") else None)
        if not did:
            return self.error(400, "InvalidRequest", "Unable to resolve handle")
        self.send(200, {"did": did}, self.rate_headers())

    def get_record(self, query):
        st = self.state
        repo = (query.get("repo") or [""])[0]
        did = st.handles.get(repo, repo)
        uri = f"at://{did}/{(query.get('collection') or [''])[0]}/{(query.get('rkey') or [''])[0]}"
        view = st.posts.get(uri)
        if not view:
            return self.error(400, "RecordNotFound", f"Could not locate record: {uri}")
        self.send(200, {"uri": uri, "cid": view["cid"], "value": view["record"]}, self.rate_headers())

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        st = self.state
        body = self.body()
        if body is None or not isinstance(body, dict):
            return self.error(400, "InvalidRequest", "Request body must be a JSON object")
        if url.path.startswith("/_fake/"):
            return self.control(url.path, body)
        if self.injected_failure(url.path):
            return
        if url.path == "/xrpc/com.atproto.server.createSession":
            with st.lock:
                if body.get("identifier") not in (st.handle, st.did) or body.get("password") != st.password:
                    return self.error(401, "AuthenticationRequired", "Invalid identifier or password")
                return self.send(200, st.new_session(), self.rate_headers())
        if url.path == "/xrpc/com.atproto.server.refreshSession":
            auth = self.headers.get("Authorization") or ""
            token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
            with st.lock:
                usable = st.refresh.get(token)
                if usable is None:
                    return self.error(400, "InvalidToken", "Token could not be verified")
                if not usable:
                    return self.error(400, "ExpiredToken", "Token has expired")
                st.refresh[token] = False  # a refresh token is used once
                return self.send(200, st.new_session(), self.rate_headers())
        if url.path != "/xrpc/com.atproto.repo.createRecord":
            return self.error(404, "MethodNotImplemented", "Method Not Implemented")
        if not self.authorised():
            return
        with st.lock:
            return self.create_record(body)

    def create_record(self, body):
        st = self.state
        if body.get("repo") not in (st.did, st.handle):
            return self.error(400, "InvalidRequest", "repo must be the session's account")
        if body.get("collection") != POST:
            return self.error(400, "InvalidRequest", "this fake takes app.bsky.feed.post records only")
        rkey = body.get("rkey")
        if rkey is not None and not TID.match(rkey):
            return self.error(400, "InvalidRequest", "Invalid record key: must be a TID")
        if rkey and f"at://{st.did}/{POST}/{rkey}" in st.posts:
            return self.error(400, "InvalidRequest", "Record already exists")
        record = body.get("record")
        if not isinstance(record, dict) or record.get("$type") != POST:
            return self.error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: $type")
        text = record.get("text")
        if not isinstance(text, str) or not isinstance(record.get("createdAt"), str):
            return self.error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: text and createdAt are required")
        if len(text.encode()) > 3000 or graphemes(text) > 300:
            return self.error(400, "InvalidRequest",
                              "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes")
        if "reply" in record and not self.valid_reply(record["reply"]):
            return self.error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: reply must have a root "
                              "and a parent, each the uri and cid of an existing post, the root that of the parent's thread")
        problem = self.facet_problem(text, record.get("facets", []))
        if problem:
            return self.error(400, "InvalidRequest", "Invalid app.bsky.feed.post record: " + problem)
        view = st.make_post(st.handle, record, rkey)
        st.ours.append(view["uri"])
        parent = record.get("reply", {}).get("parent", {}).get("uri")
        if parent in st.posts:
            st.posts[parent]["replyCount"] += 1
        self.send(200, {"uri": view["uri"], "cid": view["cid"], "validationStatus": "valid"}, self.rate_headers())

    def valid_reply(self, reply):
        st = self.state
        if not isinstance(reply, dict):
            return False
        refs = [reply.get("root"), reply.get("parent")]
        for ref in refs:
            if not isinstance(ref, dict) or ref.get("uri") not in st.posts or st.posts[ref["uri"]]["cid"] != ref.get("cid"):
                return False
        return st.root_of(st.posts[reply["parent"]["uri"]]) == reply["root"]["uri"]

    def facet_problem(self, text, facets):
        data = text.encode()
        for f in facets:
            index = f.get("index", {})
            start, end = index.get("byteStart"), index.get("byteEnd")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(data):
                return f"facet index {index} is outside the text's {len(data)} bytes"
            try:
                data[start:end].decode()
            except UnicodeDecodeError:
                return f"facet index {index} cuts a character"
            for feature in f.get("features", []):
                kind = feature.get("$type")
                if kind == "app.bsky.richtext.facet#link" and not feature.get("uri", "").startswith(("http://", "https://")):
                    return "a link facet needs a uri"
                if kind == "app.bsky.richtext.facet#mention" and not feature.get("did", "").startswith("did:"):
                    return "a mention facet needs a did"
        return None

    def control(self, path, body):
        st = self.state
        with st.lock:
            if path == "/_fake/mentions":
                handle = body.get("acct") or "resident.bsky.example"
                text = body.get("text", "")
                mention = "@" + st.handle
                if mention not in text:
                    text = mention + " " + text
                start = text.encode().index(mention.encode())
                record = {"$type": POST, "text": text, "createdAt": iso(now()), "langs": ["en"],
                          "facets": [{"index": {"byteStart": start, "byteEnd": start + len(mention.encode())},
                                      "features": [{"$type": "app.bsky.richtext.facet#mention", "did": st.did}]}]}
                parent_uri = body.get("in_reply_to_id")
                reason = "mention"
                if parent_uri:
                    parent = st.posts.get(parent_uri)
                    if not parent:
                        return self.error(404, "NotFound", "no such parent post")
                    root = st.posts[st.root_of(parent)]
                    record["reply"] = {"root": {"uri": root["uri"], "cid": root["cid"]},
                                       "parent": {"uri": parent["uri"], "cid": parent["cid"]}}
                    if parent["author"]["did"] == st.did:
                        reason = "reply"
                view = st.make_post(handle, record)
                n = st.notify(view, reason)
                status = {"id": view["uri"], "text": text, "acct": handle, "in_reply_to_id": parent_uri}
                return self.send(201, {"status": status, "notification": n})
            if path == "/_fake/redeliver":
                view = st.posts.get(body.get("status_id"))
                if not view:
                    return self.error(404, "NotFound", "no such post")
                return self.send(201, {"notification": st.notify(view, "mention")})
            if path == "/_fake/fail":
                st.failures[body["path"]] = [int(body.get("status", 500)), int(body.get("count", 1)),
                                             int(body.get("reset_seconds", 2))]
                return self.send(200, {})
            if path == "/_fake/expire":
                for token in st.access:
                    st.access[token] = True
                if body.get("refresh"):
                    for token in st.refresh:
                        st.refresh[token] = False
                return self.send(200, {})
        return self.error(404, "NotFound", "no such control")


def main():
    p = argparse.ArgumentParser(description="A fake AT Protocol service on loopback for tests.")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--handle", default="repairs.bsky.example")
    p.add_argument("--password", default="app-pass-word")
    args = p.parse_args()
    serve(Handler, State(args), args.port)


if __name__ == "__main__":
    sys.exit(main())
