"""Measures a seeded data set (scripts/bench --scale N) through the running server: listings with wrk, RP02 for
a year, the CSV export with the server's RSS during it, and the server's RSS while serving.

Usage: scale.py BASE_URL SERVER_PID SEED_JSON SECONDS WORK_DIR
Prints one table and the goals each figure is measured against; exits 1 when a run got error answers.
Standard library only (and wrk).
"""

import datetime
import functools
import html
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

print = functools.partial(print, flush=True)  # noqa: A001  (lines appear as each run ends)
sys.path.insert(0, os.path.dirname(__file__))
from report import parse  # noqa: E402  (the wrk output parser the other runs use)

LISTING_P99_MS = 20.0
RP02_SECONDS = 2.0
EXPORT_ROWS_PER_SECOND = 50_000
RSS_MIB = 64.0
# A few officers at once: with -c64 on the one HTTP thread, p99 measures the queue of 64 requests, not a listing.
CONNECTIONS = int(os.environ.get("BENCH_SCALE_CONNECTIONS", "4"))
EXPORT_CAP_SECONDS = float(os.environ.get("BENCH_EXPORT_SECONDS", "120"))
OPEN_STATES = ("reported", "triaged", "assigned", "scheduled", "in_progress", "on_hold")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def rss_mib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def sign_in(base, email, password):
    """The officer's session cookie, through the login form as a browser signs in."""
    with urllib.request.urlopen(base + "/login", timeout=30) as resp:
        page = resp.read().decode()
        cookie = resp.headers["Set-Cookie"].split(";")[0]
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": csrf, "identifier": email, "password": password}).encode()
    req = urllib.request.Request(base + "/login", data=body, method="POST")
    req.add_header("Cookie", cookie)
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(req, timeout=60)
        sys.exit("bench --scale: signing in did not redirect")
    except urllib.error.HTTPError as e:
        if e.code != 303:
            sys.exit(f"bench --scale: signing in answered {e.code}")
        return e.headers["Set-Cookie"].split(";")[0]


def wrk(base, path, header, seconds, out):
    subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "60s", "--latency", "-H", header, base + path],
        stdout=open(out, "w"),
        check=True,
    )
    return parse(out)


def deep_page(matching):
    """A page half way down `matching` jobs (50 a page), at least the second."""
    return max(2, matching // 50 // 2)


def next_link(base, cookie, path):
    """The Next link of the queue page at `path`, as an officer reaches a deep page: page by page, each page
    read from the last job of the one before (keyset). The page at `path` itself is read once, by its offset."""
    req = urllib.request.Request(base + path)
    req.add_header("Cookie", cookie)
    with urllib.request.urlopen(req, timeout=600) as resp:
        page = resp.read().decode()
    found = re.search(r'href="([^"]+)" rel="next"', page)
    if not found:
        sys.exit(f"bench --scale: {path} has no Next link")
    return html.unescape(found.group(1))


def listings(base, seed, cookie):
    """(name, path, header) of each listing: the officer's queue (the page), first and a deep page (through
    its Next link), for each filter; a deep page typed as page=N (an offset); search by postcode; the JSON
    API's list for the officer and a tenant's "my repairs"."""
    by_status = seed["by_status"]
    open_jobs = sum(by_status.get(s, 0) for s in OPEN_STATES)
    heating_share = seed["by_category"].get("heating", 0) / max(1, seed["jobs"])
    session = f"Cookie: {cookie}"
    officer = f"Authorization: Bearer {seed['officer_token']}"
    tenant = f"Authorization: Bearer {seed['tenant_token']}"
    postcode = urllib.parse.quote_plus(seed["postcode"])

    def deep(filters, matching):
        return next_link(base, cookie, f"/queue?page={deep_page(matching) - 1}{filters}")

    closed_page = deep_page(by_status.get("closed", 0))
    runs = [
        ("queue", "/queue", session),
        ("queue page N", deep("", open_jobs), session),
        ("queue status=in_progress", "/queue?status=in_progress", session),
        ("queue status=in_progress page N", deep("&status=in_progress", by_status.get("in_progress", 0)), session),
        ("queue status=closed", "/queue?status=closed", session),
        ("queue status=closed page N", deep("&status=closed", by_status.get("closed", 0)), session),
        ("queue status=closed page=N typed", f"/queue?status=closed&page={closed_page}", session),
        ("queue category=heating", "/queue?category=heating", session),
        ("queue category=heating page N", deep("&category=heating", int(open_jobs * heating_share)), session),
        ("queue overdue=true", "/queue?overdue=true", session),
        ("queue overdue=true page N", deep("&overdue=true", seed["escalated"]), session),
        ("queue search postcode", f"/queue?q={postcode}", session),
        ("API requests (officer)", "/api/v1/requests?limit=50", officer),
        ("API requests status=in_progress", "/api/v1/requests?status=in_progress&limit=50", officer),
        ("API requests category=heating", "/api/v1/requests?category=heating&limit=50", officer),
        ("API requests overdue=true", "/api/v1/requests?overdue=true&limit=50", officer),
        ("API my repairs (tenant)", "/api/v1/requests", tenant),
    ]
    return runs


def timed_get(url, headers):
    req = urllib.request.Request(url)
    for name, value in headers.items():
        req.add_header(name, value)
    started = time.monotonic()
    with urllib.request.urlopen(req, timeout=600) as resp:
        body = resp.read()
        status = resp.status
    return time.monotonic() - started, status, body


def rp02(base, token):
    to = datetime.date.today()
    start = to - datetime.timedelta(days=365)
    url = f"{base}/api/v1/reports/rp02?from={start.isoformat()}&to={to.isoformat()}"
    times = [timed_get(url, {"Authorization": f"Bearer {token}"})[0] for _ in range(3)]
    return min(times), max(times)


def export(base, cookie, pid):
    """Rows/s of /queue.csv?status=all, and the server's RSS before and at its peak while it streams."""
    samples = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append(rss_mib(pid))
            time.sleep(0.05)

    before = rss_mib(pid)
    sampler = threading.Thread(target=sample)
    sampler.start()
    req = urllib.request.Request(base + "/queue.csv?status=all")
    req.add_header("Cookie", cookie)
    rows = 0
    started = time.monotonic()
    whole = True
    with urllib.request.urlopen(req, timeout=3600) as resp:
        for _ in resp:
            rows += 1
            if rows % 1000 == 0 and time.monotonic() - started > EXPORT_CAP_SECONDS:
                whole = False
                break
    took = time.monotonic() - started
    stop.set()
    sampler.join()
    return rows - 1, took, whole, before, max(samples + [before]), samples[-1] if samples else before


def main():
    base, pid, seed_path, seconds, work = sys.argv[1:6]
    pid = int(pid)
    seed = json.load(open(seed_path, encoding="utf-8"))
    print(
        f"Data set: {seed['jobs']} jobs, {seed['homes']} homes, {seed['actions']} actions after the reports, "
        f"{seed['escalated']} clocks escalated, seeded in {seed['seconds']:.0f} s; states {seed['by_status']}"
    )
    cookie = sign_in(base, seed["officer_email"], seed["officer_password"])
    rss_start = rss_mib(pid)
    r = wrk(base, "/healthz", "Accept: */*", seconds, os.path.join(work, "scale-healthz.txt"))
    print(f"GET /healthz (how busy the machine is now): {r['rps']:.0f} req/s, p99 {r['p99_ms']:.2f} ms\n")
    print(f"{'listing':<36}  {'req/s':>8}  {'p50':>10}  {'p99':>10}  {'p99 goal':>9}")
    bad = False
    worst = 0.0
    for i, (name, path, header) in enumerate(listings(base, seed, cookie)):
        r = wrk(base, path, header, seconds, os.path.join(work, f"scale-{i}.txt"))
        p99 = r["p99_ms"]
        worst = max(worst, p99 or 0)
        verdict = "ok" if r["rps"] and p99 is not None and p99 <= LISTING_P99_MS else "MISSED"
        print(f"{name:<36}  {r['rps'] or 0:>8.0f}  {r['p50_ms'] or 0:>7.2f} ms  {p99 or 0:>7.2f} ms  {verdict:>9}  {path}")
        if r["rps"] is None or r["non2xx"] > 0 or r["socket_errors"] > 0:
            print(f"  ^ {r['non2xx']} non-2xx answers, {r['socket_errors']} socket errors")
            bad = True
    rss_serving = rss_mib(pid)

    metrics = [timed_get(base + "/metrics", {})[0] for _ in range(5)]
    print(f"\nGET /metrics: {min(metrics) * 1000:.1f}-{max(metrics) * 1000:.1f} ms over 5 requests")
    low, high = rp02(base, seed["officer_token"])
    verdict = "ok" if high <= RP02_SECONDS else "MISSED"
    print(f"RP02 for a year: {low:.2f}-{high:.2f} s over 3 requests (goal <= {RP02_SECONDS:.0f} s: {verdict})")
    rows, took, whole, before, peak, after = export(base, cookie, pid)
    rate = rows / took if took > 0 else 0
    verdict = "ok" if rate >= EXPORT_ROWS_PER_SECOND else "MISSED"
    cut = "" if whole else f" (stopped after BENCH_EXPORT_SECONDS={EXPORT_CAP_SECONDS:.0f})"
    print(
        f"CSV export /queue.csv?status=all: {rows} rows in {took:.1f} s{cut} = {rate:.0f} rows/s "
        f"(goal >= {EXPORT_ROWS_PER_SECOND}: {verdict}); server RSS {before:.1f} MiB before, "
        f"{peak:.1f} MiB at its peak, {after:.1f} MiB at the end"
    )
    hwm = rss_mib(pid, "VmHWM")
    verdict = "ok" if max(rss_serving, peak, hwm) <= RSS_MIB else "MISSED"
    print(
        f"Server RSS: {rss_start:.1f} MiB after start-up, {rss_serving:.1f} MiB after the listings, "
        f"peak (VmHWM) {hwm:.1f} MiB (goal <= {RSS_MIB:.0f} MiB while serving: {verdict})"
    )
    print(f"Worst listing p99: {worst:.2f} ms (goal <= {LISTING_P99_MS:.0f} ms)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
