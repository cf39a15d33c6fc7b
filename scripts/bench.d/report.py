"""Reads wrk --latency outputs and prints one table: req/s, p99 and the ratio to the first (baseline) run.

Usage: report.py [--ceiling JSON_FILE] NAME=FILE [NAME=FILE ...]   (the first is the baseline)

With --ceiling, the output of `mend bench-limit` (reports written through the same use case and group commit
with no HTTP): it prints that ceiling and the POST /api/v1/requests run's rate as a share of it.
"""

import json
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    total = re.search(r"^\s+(\d+) requests in", text, re.M)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "p99_ms": float(p99.group(1)) * UNITS[p99.group(2)] if p99 else None,
        "p50_ms": float(p50.group(1)) * UNITS[p50.group(2)] if p50 else None,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(g) for g in errors.groups()) if errors else 0,
        "requests": int(total.group(1)) if total else 0,
    }


def print_ceiling(path, results):
    limit = json.load(open(path, encoding="utf-8"))
    print(
        f"\nwrite ceiling (mend bench-limit: the report use case and group commit, no HTTP, "
        f"{limit['concurrency']} in flight): {limit['per_second']:.0f} reports/s, p50 {limit['p50_ms']:.2f} ms, "
        f"p99 {limit['p99_ms']:.2f} ms"
    )
    for name, r in results:
        if name == "POST /api/v1/requests" and r["rps"] and limit["per_second"]:
            print(f"{name}: {r['rps'] / limit['per_second']:.3f} of the ceiling")
    return limit["refused"] == 0 and limit["failed"] == 0


def main():
    args = sys.argv[1:]
    ceiling = None
    if args[:1] == ["--ceiling"]:
        ceiling, args = args[1], args[2:]
    runs = [arg.split("=", 1) for arg in args]
    results = [(name, parse(path)) for name, path in runs]
    base = results[0][1]["rps"]
    width = max(len(name) for name, _ in results)
    print(f"{'name':<{width}}  {'req/s':>10}  {'p99':>10}  {'vs ' + results[0][0].split()[-1]:>14}  {'non-2xx':>8}  {'sock err':>8}")
    bad = False
    for name, r in results:
        rps = f"{r['rps']:.0f}" if r["rps"] is not None else "?"
        p99 = f"{r['p99_ms']:.2f} ms" if r["p99_ms"] is not None else "?"
        ratio = f"{r['rps'] / base:.3f}" if r["rps"] and base else "?"
        print(f"{name:<{width}}  {rps:>10}  {p99:>10}  {ratio:>14}  {r['non2xx']:>8}  {r['socket_errors']:>8}")
        if r["rps"] is None or r["non2xx"] > 0:
            bad = True
    if ceiling and not print_ceiling(ceiling, results):
        print("\nmend bench-limit had refused or failed units: its rate measures errors.")
        bad = True
    if bad:
        print("\nSome runs got error answers (non-2xx) or printed no result: their numbers measure errors.")
        sys.exit(1)


if __name__ == "__main__":
    main()
