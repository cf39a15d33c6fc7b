"""Creates the jobs scripts/bench measures: one to read, and one brought to `scheduled` to re-schedule.

Usage: setup.py BASE_URL TENANT_TOKEN OFFICER_TOKEN CONTRACTOR_TOKEN UPRN FIRM_ID
Prints "READ_REF SCHEDULED_REF". Standard library only.
"""

import json
import sys
import urllib.error
import urllib.request


def call(base, token, method, path, body=None, want=200):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, payload = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, payload = e.code, e.read()
    if status != want:
        sys.exit(f"bench setup: {method} {path} answered {status}, wanted {want}: {payload[:500]!r}")
    return json.loads(payload)


def main():
    base, tenant, officer, contractor, uprn, firm = sys.argv[1:7]
    report = {"uprn": uprn, "category": "plumbing", "description": "Bench: a job to read"}
    read_ref = call(base, tenant, "POST", "/api/v1/requests", report, want=201)["reference"]

    report["description"] = "Bench: a job to re-schedule"
    ref = call(base, tenant, "POST", "/api/v1/requests", report, want=201)["reference"]
    actions = f"/api/v1/requests/{ref}/actions"
    call(base, officer, "POST", actions, {"action": "triage", "priority": "routine"})
    call(base, officer, "POST", actions, {"action": "assign", "contractor_id": int(firm)})
    call(base, contractor, "POST", actions, {"action": "accept"})
    appointment = {"start": "2026-12-01T08:00:00Z", "end": "2026-12-01T12:00:00Z"}
    job = call(base, contractor, "POST", actions, {"action": "schedule", "appointment": appointment})
    if job.get("status") != "scheduled":
        sys.exit(f"bench setup: job {ref} is {job.get('status')!r}, not scheduled")
    print(read_ref, ref)


if __name__ == "__main__":
    main()
