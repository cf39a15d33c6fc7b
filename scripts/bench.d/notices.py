"""scripts/bench, notices part: dispatch a backlog of webhook notices to a loopback receiver, and measure
GET /healthz with wrk while the dispatcher idles and while it dispatches.

Usage: notices.py MEND_BIN WORK_DIR SECONDS BACKLOG"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

mend, work, seconds, backlog = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
data = os.path.join(work, "notices-data")
os.makedirs(data, exist_ok=True)
python = "/usr/bin/python3"


def cli(*args):
    return json.loads(subprocess.run([mend, *args, "--data", data], check=True, capture_output=True,
                                     text=True).stdout)


def start(config):
    proc = subprocess.Popen([mend, "serve", "--data", data, "--listen", "127.0.0.1:0", "--config", config],
                            stdout=subprocess.PIPE, stderr=open(os.path.join(work, "notices-serve.err"), "ab"),
                            text=True)
    line = proc.stdout.readline()
    m = re.match(r"^listening on http://127\.0\.0\.1:(\d+)$", line.strip())
    if not m:
        raise SystemExit(f"mend serve did not start: {line!r}")
    return proc, int(m.group(1))


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    if proc.wait(timeout=120) != 0:
        raise SystemExit("mend serve did not exit 0 on SIGTERM")


def wrk(port, label):
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", f"http://127.0.0.1:{port}/healthz"],
                         check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    print(f"  {label:<44} {rate:>10.0f} req/s")
    return rate


receiver_port_file = os.path.join(work, "receiver.port")
receiver = subprocess.Popen([python, os.path.join(os.path.dirname(__file__), "webhook_receiver.py"),
                             receiver_port_file])
try:
    while not os.path.exists(receiver_port_file) or not open(receiver_port_file).read():
        time.sleep(0.05)
    receiver_port = int(open(receiver_port_file).read())

    officer = cli("user", "add", "--role", "officer", "--name", "Bench Officer")
    cli("property", "add", "--uprn", "100000000099", "--address", "1 Bench Row", "--postcode", "LS1 1BB")
    cli("webhook", "add", "--url", f"http://127.0.0.1:{receiver_port}/hook", "--name", "bench integration")

    paused = os.path.join(work, "notices-paused.toml")
    with open(paused, "w", encoding="utf-8") as f:
        f.write("[notify]\ndispatch = false\n")
    sending = os.path.join(work, "notices-sending.toml")
    with open(sending, "w", encoding="utf-8") as f:
        f.write("[notify]\nworkers = 4\n")

    # The backlog: communal jobs (no tenant) raised by an officer, so each makes one integration webhook notice.
    proc, port = start(paused)
    body = json.dumps({"uprn": "100000000099", "category": "communal", "description": "Bench job"})
    headers = {"Authorization": f"Bearer {officer['token']}", "Content-Type": "application/json"}

    def create(count):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(count):
            conn.request("POST", "/api/v1/requests", body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 201:
                raise SystemExit(f"creating the backlog failed: {resp.status}")
        conn.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=create, args=(backlog // 8 + (1 if i < backlog % 8 else 0),)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"Backlog: {backlog} jobs, one webhook notice each, created in {time.monotonic() - t0:.1f} s")
    stop(proc)

    proc, port = start(sending)
    try:
        # The dispatcher starts at once, so measure the busy server first, then the idle one.
        def count():
            conn = http.client.HTTPConnection("127.0.0.1", receiver_port, timeout=10)
            conn.request("GET", "/count")
            got = json.loads(conn.getresponse().read())
            conn.close()
            return got

        started = time.monotonic()
        busy = wrk(port, "GET /healthz while dispatching")
        during = count()["distinct"]
        while count()["distinct"] < backlog:
            if time.monotonic() - started > 600:
                raise SystemExit(f"only {count()['distinct']} of {backlog} notices arrived in 600 s")
            time.sleep(0.1)
        got = count()
        span = got["last"] - got["first"]
        idle = wrk(port, "GET /healthz with the dispatcher idle")
    finally:
        stop(proc)
    print(f"  notices delivered during the busy wrk run      {during:>10}")
    print(f"  notices dispatched to the webhook receiver     {backlog:>10} in {span:.1f} s = "
          f"{backlog / span:.0f} notices/s ({got['posts']} POSTs, {got['distinct']} distinct webhook-ids)")
    print(f"  healthz while dispatching / idle               {busy / idle:>10.2f}")
finally:
    receiver.terminate()
    receiver.wait()
