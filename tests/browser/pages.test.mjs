// Browser tests of the pages across the three roles: a job's whole life, security headers and CSRF, sign-in
// throttling, imports, Awaab's Law steps, rating, the queue, letters, the social inbox, the outbox and the
// officer's job page. The shared set-up is in harness.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { tmpdir } from "node:os";
import {
  account, act, actByApi, api, cli, closedPort, dataDir, demo, desktop, finalChecks, listening,
  look, mendBin, newPage, noteHeight, phone, png, reportByApi, signIn, status, until, useMend,
} from "./harness.mjs";

let letterTenant;

useMend({
  prepare() {
    // A tenant who takes letters only: every notice to them goes to the letter print queue.
    letterTenant = cli("user", "add", "--role", "tenant", "--name", "Lena Letter", "--channels", "letter");
    letterTenant.uprn = String(100000000000 + letterTenant.id);
    cli("property", "add", "--uprn", letterTenant.uprn, "--address", `${letterTenant.id} Letter Lane, Leeds`,
      "--postcode", "LS1 1AA", "--tenant", String(letterTenant.id));
    // A firm listed before Fixwell by name that does no plumbing: assign lists the job's trade first.
    cli("contractor", "add", "--name", "Aardvark Electrical", "--trades", "electrical");
  },
});

const hostile = '<script>alert("x")</script> Kitchen tap drips <b>all night</b>';

// The whole life of a job across the three roles, through the pages only.
async function wholeLife(javaScript, label) {
  const tenant = await newPage({ javaScript });
  await signIn(tenant, account("tenant"));
  assert.match(tenant.url(), /\/repairs$/);
  if (javaScript) await look(tenant, `tenant-repairs${label}`);
  await tenant.getByRole("link", { name: "Report a repair" }).first().click();
  await tenant.waitForLoadState();
  if (javaScript) await look(tenant, `tenant-report-empty${label}`);
  // An empty form shows the error summary and errors next to the fields.
  await tenant.getByRole("button", { name: "Send repair report" }).click();
  await tenant.waitForLoadState();
  assert.match(await tenant.title(), /^Error: /);
  assert.equal(await tenant.locator(".govuk-error-summary").count(), 1);
  assert.match(await tenant.locator("#description-error").textContent(), /Describe the problem/);
  if (javaScript) await look(tenant, `tenant-report-errors${label}`);

  await tenant.getByLabel("Plumbing, taps and toilets").check();
  await tenant.getByLabel("Where is the problem?").fill("Kitchen");
  await tenant.getByLabel("Describe the problem").fill(hostile);
  await tenant.locator("#photos").setInputFiles([{ name: "tap.png", mimeType: "image/png", buffer: png }]);
  await tenant.getByRole("button", { name: "Send repair report" }).click();
  await tenant.waitForLoadState();
  const reference = tenant.url().match(/\/jobs\/([A-Z0-9-]+)/)[1];
  assert.equal(await status(tenant), "Reported");
  // The description is text, never markup.
  assert.ok((await tenant.locator("main").textContent()).includes(hostile));
  assert.equal(await tenant.locator("main b").count(), 0);
  const photo = tenant.locator(".mend-photos img").first();
  const photoSrc = await photo.getAttribute("src");
  assert.equal((await tenant.request.get(photoSrc)).status(), 200);
  if (javaScript) await look(tenant, `tenant-job-reported${label}`);
  const trackHref = await tenant.getByRole("link", { name: "Public progress page" }).getAttribute("href");

  const officer = await newPage({ javaScript, viewport: desktop });
  await signIn(officer, account("officer"));
  assert.match(officer.url(), /\/queue$/);
  if (javaScript) await look(officer, `officer-queue${label}`);
  await officer.goto(`/queue?status=reported`);
  await officer.getByRole("link", { name: reference }).click();
  await officer.waitForLoadState();
  if (javaScript) await look(officer, `officer-job${label}`);
  // Triage without a priority: the error is next to the field.
  await act(officer, "triage", null, "Save priority");
  assert.match(await officer.locator("#triage-priority-error").textContent(), /Select a priority/);
  await act(officer, "triage", async (f) => {
    await f.getByLabel("Priority").selectOption("urgent");
    await f.getByLabel("Internal note (optional)").fill("Tenant sounded worried");
  }, "Save priority");
  assert.equal(await status(officer), "Checked");
  await act(officer, "assign", (f) => f.getByLabel("Contractor").selectOption({ label: "Fixwell Repairs Ltd" }), "Assign");
  assert.equal(await status(officer), "Contractor assigned");

  const contractor = await newPage({ javaScript });
  await signIn(contractor, account("contractor"));
  assert.match(contractor.url(), /\/work-orders$/);
  if (javaScript) await look(contractor, `contractor-work-orders${label}`);
  await contractor.getByRole("link", { name: new RegExp(reference) }).click();
  await contractor.waitForLoadState();
  if (javaScript) await look(contractor, `contractor-job${label}`);
  await act(contractor, "accept", null, "Accept job");
  await act(contractor, "schedule", async (f) => {
    await f.getByLabel("Day").fill("4");
    await f.getByLabel("Month").fill("3");
    await f.getByLabel("Year").fill("2030");
    await f.getByLabel("From (UK time)").fill("09:00");
    await f.getByLabel("Until (UK time)").fill("12:00");
  }, "Book appointment");
  assert.equal(await status(contractor), "Appointment booked");
  assert.match(await contractor.locator("main").textContent(), /4 March 2030, 9am to midday/);
  await act(contractor, "start", null, "Start work");
  assert.equal(await status(contractor), "Work started");
  await act(contractor, "complete", async (f) => {
    await f.getByLabel("What was done").fill("Replaced the washer");
    await f.locator("input[type=file]").setInputFiles([{ name: "done.png", mimeType: "image/png", buffer: Buffer.concat([png, Buffer.from("x")]) }]);
  }, "Complete job");
  assert.equal(await status(contractor), "Work completed");
  assert.equal(await contractor.locator(".mend-photos img").count(), 2);

  await tenant.reload();
  assert.equal(await status(tenant), "Work completed");
  assert.ok((await tenant.locator("main").textContent()).includes("Replaced the washer"));
  assert.ok(!(await tenant.locator("main").textContent()).includes("Tenant sounded worried"), "internal notes stay internal");
  if (javaScript) await look(tenant, `tenant-job-is-it-fixed${label}`);
  await tenant.getByRole("group", { name: "Is it fixed?" }).getByLabel("Yes").check();
  await tenant.getByRole("button", { name: "Send answer" }).click();
  await tenant.waitForLoadState();
  assert.equal(await status(tenant), "Fixed");

  // The tracking link works without signing in, and shows the public status only.
  const stranger = await newPage({ javaScript });
  await stranger.goto(trackHref);
  assert.equal(await status(stranger), "Fixed");
  const publicText = await stranger.locator("main").textContent();
  assert.ok(!publicText.includes("Kitchen tap drips"), "the tracking page does not show the description");
  assert.ok(!publicText.includes("Mill Lane"), "the tracking page does not show the address");
  if (javaScript) await look(stranger, `tracking${label}`);
  for (const p of [tenant, officer, contractor, stranger]) {
    await p.context().close();
  }
  return { reference, photoSrc };
}

let first;

test("a job's whole life through the pages, with JavaScript", async () => {
  first = await wholeLife(true, "");
});

test("the same job's life with JavaScript disabled", async () => {
  await wholeLife(false, "-nojs");
});

test("a tenant cannot open another tenant's job page or photo", async () => {
  const other = await newPage();
  await signIn(other, account("tenant", 1));
  const job = await other.goto(`/jobs/${first.reference}`);
  assert.equal(job.status(), 404);
  const photo = await other.request.get(first.photoSrc);
  assert.equal(photo.status(), 404);
  await look(other, "not-found");
  await other.context().close();
});

test("form posts without the CSRF token are refused", async () => {
  const tenant = await newPage();
  await signIn(tenant, account("tenant"));
  const before = (await tenant.request.get(`/repairs`)).status();
  assert.equal(before, 200);
  const res = await tenant.request.post("/repairs/new", {
    form: { uprn: "100023336956", category: "plumbing", description: "forged" },
    maxRedirects: 0,
  });
  assert.equal(res.status(), 403);
  const wrong = await tenant.request.post("/logout", { form: { csrf_token: "0".repeat(64) }, maxRedirects: 0 });
  assert.equal(wrong.status(), 403);
  const login = await tenant.request.post("/login", {
    form: { identifier: account("officer").email, password: account("officer").password },
    maxRedirects: 0,
    headers: { cookie: "" },
  });
  assert.equal(login.status(), 403);
  await tenant.context().close();
});

test("every page carries the security headers, and the session cookie is HttpOnly and SameSite=Lax", async () => {
  const page = await newPage();
  const res = await page.goto("/login");
  const h = res.headers();
  assert.match(h["content-security-policy"], /script-src 'self'/);
  assert.ok(!h["content-security-policy"].includes("unsafe-inline"));
  assert.match(h["content-security-policy"], /frame-ancestors 'none'/);
  assert.equal(h["x-content-type-options"], "nosniff");
  assert.equal(h["referrer-policy"], "no-referrer");
  await look(page, "login");
  await signIn(page, account("tenant"));
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "mend_session");
  assert.ok(session.httpOnly);
  assert.equal(session.sameSite, "Lax");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForLoadState();
  assert.match(page.url(), /\/login$/);
  await page.goto("/repairs");
  assert.match(page.url(), /\/login\?next=\/repairs$/);
  await page.context().close();
});

test("an officer sets a tenant's password; failed logins are throttled", async () => {
  const officer = await newPage({ viewport: desktop });
  await signIn(officer, account("officer"));
  await officer.goto("/users");
  await look(officer, "officer-tenants");
  const amira = account("tenant", 1);
  await officer.getByRole("link", { name: `Set password for ${amira.name}` }).click();
  await officer.waitForLoadState();
  await look(officer, "officer-set-password");
  await officer.getByLabel("New password").fill("short");
  await officer.getByRole("button", { name: "Set password" }).click();
  await officer.waitForLoadState();
  assert.match(await officer.locator("#password-error").textContent(), /10 characters/);
  await officer.getByLabel("New password").fill("a new phone password");
  await officer.getByRole("button", { name: "Set password" }).click();
  await officer.waitForLoadState();
  assert.match(officer.url(), /password_set=/);

  const tenant = await newPage();
  await signIn(tenant, amira, "a new phone password");
  assert.match(tenant.url(), /\/repairs$/);
  await tenant.context().close();

  const attacker = await newPage();
  for (let i = 0; i < 5; i++) {
    await signIn(attacker, account("admin"), "wrong password " + i);
    assert.match(await attacker.locator("#identifier-error").textContent(), /correct email address/);
  }
  await signIn(attacker, account("admin"));
  assert.match(await attacker.locator("#identifier-error").textContent(), /too many times/);
  await attacker.context().close();
  await officer.context().close();
});

test("an admin imports homes and tenants from CSV and sees the rows that failed", async () => {
  // The demo admin's sign-in is throttled by the test above, so a second admin is added with the CLI.
  const again = await newPage({ viewport: desktop });
  execFileSync(mendBin, ["user", "add", "--role", "admin", "--name", "Second Admin", "--email", "admin2@example.org",
    "--password", "second admin password", "--data", dataDir]);
  await signIn(again, { email: "admin2@example.org", password: "second admin password" });
  await again.goto("/homes");
  await look(again, "admin-homes");
  const csv = [
    "uprn,address,postcode,tenant_name,tenant_email,tenant_phone",
    '200000000001,"1 New Street, Leeds",LS1 1AA,Nia Obi,nia@example.org,07700900001',
    "not-a-uprn,2 New Street,LS1 1AB,,,",
    "100023336956,Duplicate,E8 1AB,,,",
  ].join("\n");
  await again.getByLabel("CSV file").setInputFiles({ name: "homes.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await again.getByRole("button", { name: "Import" }).click();
  await again.waitForLoadState();
  const text = await again.locator("main").textContent();
  assert.match(text, /Imported 1 of 3 rows/);
  assert.match(text, /UPRN must be up to 12 digits/);
  assert.match(text, /already exists/);
  assert.match(text, /1 New Street, Leeds/);
  await look(again, "admin-import-report");
  await again.goto("/users");
  await look(again, "admin-users");
  await again.goto("/contractors");
  await look(again, "admin-contractors");
  await again.context().close();
});


function deadlineRow(page, what) {
  return page.locator("#deadlines + .govuk-summary-list .govuk-summary-list__row", { hasText: what });
}

async function formCount(page, action) {
  return page.locator(`#${action}-form`).count();
}

const hostileReason = '<script>alert("pause")</script> tenant <b>away</b>';

test("an officer takes a hazard job through its Awaab's Law steps, and the tenant sees the deadlines", async () => {
  const ref = await reportByApi("damp_mould", "Black mould on the bedroom wall");
  const officer = await newPage({ viewport: desktop });
  await signIn(officer, account("officer"));
  await officer.goto(`/jobs/${ref}`);
  assert.equal(await officer.locator("#deadlines").count(), 0, "no deadlines before triage");
  await act(officer, "triage", async (f) => {
    await f.getByLabel("Priority").selectOption("urgent");
    await f.getByLabel("Hazard").selectOption("significant");
  }, "Save priority");
  assert.match(await deadlineRow(officer, "Repair target").textContent(), /On track[\s\S]*Urgent priority: 5 working days from the report/);
  assert.match(await deadlineRow(officer, "Investigate the hazard").textContent(), /On track[\s\S]*10 working days from the report/);
  // Only the steps the clocks allow now are offered.
  for (const [action, count] of [["reprioritise", 1], ["investigation_concluded", 1], ["pause_clock", 1],
    ["resume_clock", 0], ["summary_sent", 0], ["safety_work_done", 0], ["works_started", 0]]) {
    assert.equal(await formCount(officer, action), count, action);
  }
  await look(officer, "officer-hazard-job");

  await act(officer, "investigation_concluded", null, "Record investigation");
  assert.match(await officer.locator("#investigation_concluded-safety_work-error").textContent(), /Select whether safety work is needed/);
  assert.match(await officer.locator("#investigation_concluded-further_works-error").textContent(), /Select whether further works are needed/);
  assert.equal(await officer.locator('.govuk-error-summary a[href="#investigation_concluded-safety_work-required"]').count(), 1);
  await look(officer, "officer-investigation-errors");
  await act(officer, "investigation_concluded", async (f) => {
    await f.getByLabel("Yes, safety work is needed").check();
    await f.getByLabel("Yes, but they cannot begin within 5 working days: to start within 12 weeks").check();
  }, "Record investigation");
  assert.match(await officer.locator(".govuk-notification-banner").textContent(), /Hazard investigation concluded/);
  assert.match(await deadlineRow(officer, "Investigate the hazard").textContent(), /Met/);
  assert.match(await deadlineRow(officer, "Written summary to the tenant").textContent(), /On track[\s\S]*3 working days from the investigation/);
  assert.match(await deadlineRow(officer, "Safety work").textContent(), /On track[\s\S]*5 working days/);
  assert.match(await deadlineRow(officer, "Begin further works").textContent(), /84 calendar days from the investigation/);
  for (const [action, count] of [["investigation_concluded", 0], ["summary_sent", 1], ["safety_work_done", 1], ["works_started", 1]]) {
    assert.equal(await formCount(officer, action), count, action);
  }
  assert.match(await officer.locator("main").textContent(), /Safety work: Yes, safety work is needed\. Further works: Yes, but they cannot begin/);

  // Pausing for "other" needs the reason in words, which is kept as an internal note (and shown as text).
  await act(officer, "pause_clock", async (f) => {
    await f.getByLabel("Which legal clock?").selectOption({ label: "Safety work" });
    await f.getByLabel("Other reason").check();
  }, "Pause clock");
  assert.match(await officer.locator("#pause_clock-reason_detail-error").textContent(), /Say why the clock is paused/);
  await look(officer, "officer-pause-errors");
  await act(officer, "pause_clock", (f) => f.getByLabel("If other, say why").fill(hostileReason), "Pause clock");
  assert.match(await deadlineRow(officer, "Safety work").textContent(), /Paused[\s\S]*Paused since .*: Other reason/);
  assert.match(await deadlineRow(officer, "Written summary to the tenant").textContent(), /On track/);
  assert.equal(await formCount(officer, "resume_clock"), 1);
  const main = await officer.locator("main").textContent();
  assert.ok(main.includes(`Why the clock is paused: ${hostileReason}`), "the reason is shown as text");
  assert.equal(await officer.locator("main script, main b").count(), 0);
  await look(officer, "officer-clock-paused");
  await act(officer, "resume_clock", (f) => f.getByLabel("Which legal clock?").selectOption({ label: "Safety work" }), "Resume clock");
  assert.match(await deadlineRow(officer, "Safety work").textContent(), /On track[\s\S]*The due time includes less than a minute paused/);

  // Re-prioritising must change something, and says why.
  await act(officer, "reprioritise", (f) => f.getByLabel("Why change it?").fill("No change"), "Change priority");
  assert.match(await officer.locator("#reprioritise-priority-error").textContent(), /Choose a different priority or hazard/);
  await look(officer, "officer-reprioritise-errors");
  await act(officer, "reprioritise", async (f) => {
    await f.getByLabel("Priority").selectOption("emergency");
    await f.getByLabel("Why change it?").fill(hostileReason);
  }, "Change priority");
  assert.match(await deadlineRow(officer, "Repair target").textContent(), /Emergency priority: 24 hours from the report/);
  assert.match(await officer.locator("main").textContent(), /Priority: Urgent to Emergency/);
  assert.ok((await officer.locator("main").textContent()).includes(`Reason: ${hostileReason}`));
  assert.equal(await officer.locator("main script, main b").count(), 0);

  await act(officer, "summary_sent", null, "Record summary sent");
  assert.match(await deadlineRow(officer, "Written summary to the tenant").textContent(), /Met/);
  assert.equal(await formCount(officer, "summary_sent"), 0);
  await look(officer, "officer-hazard-job-summary-sent");

  // The tenant sees the target date and the legal deadlines in plain words, without the internal note.
  const tenant = await newPage();
  await signIn(tenant, account("tenant"));
  await tenant.goto(`/jobs/${ref}`);
  const seen = await tenant.locator("main").textContent();
  // As domain::uk_time_words writes a time: "6:05pm", "6pm" on the hour, "midday", "midnight".
  assert.match(seen, /Target date\s*By \d+ \w+ \d{4}, (\d+(:\d\d)?[ap]m|midday|midnight)/);
  assert.match(seen, /Deadlines for dealing with the hazard/);
  assert.match(seen, /Investigate the hazard\s*By .*Done on/);
  assert.match(seen, /Send you a written summary of what we found\s*By .*Done on/);
  assert.match(seen, /Do the work needed to make your home safe/);
  assert.ok(!seen.includes("Why the clock is paused"), "internal notes stay internal");
  assert.equal(await tenant.locator("#deadlines").count(), 0, "the staff view of the clocks is for staff");
  await look(tenant, "tenant-hazard-job");
  await tenant.context().close();
  await officer.context().close();
});

// A tenant rates a fixed repair once, through the page; a second try (an old copy of the form) is refused.
async function rateOnce(javaScript, label) {
  const ref = await reportByApi("heating", `Radiator cold${label}`);
  await actByApi(account("officer"), ref, "triage", { priority: "routine" });
  await actByApi(account("officer"), ref, "assign", { contractor_id: account("contractor").contractor_id });
  await actByApi(account("contractor"), ref, "start");
  await actByApi(account("contractor"), ref, "complete", { note: "Bled the radiator" });
  await actByApi(account("tenant"), ref, "confirm_fixed");

  const tenant = await newPage({ javaScript });
  await signIn(tenant, account("tenant"));
  await tenant.goto(`/jobs/${ref}`);
  assert.equal(await tenant.getByRole("heading", { name: "Rate this repair" }).count(), 1);
  if (javaScript) await look(tenant, `tenant-rate${label}`);
  const stale = await newPage({ javaScript });
  await signIn(stale, account("tenant"));
  await stale.goto(`/jobs/${ref}`);

  await tenant.getByRole("button", { name: "Send rating" }).click();
  await tenant.waitForLoadState();
  assert.match(await tenant.title(), /^Error: /);
  assert.match(await tenant.locator("#rate-repair_rating-error").textContent(), /Select how satisfied you are with the repair/);
  assert.match(await tenant.locator("#rate-time_rating-error").textContent(), /Select how satisfied you are with the time it took/);
  assert.equal(await tenant.locator('.govuk-error-summary a[href="#rate-repair_rating-5"]').count(), 1);
  if (javaScript) await look(tenant, `tenant-rate-errors${label}`);

  const repair = tenant.getByRole("group", { name: "How satisfied are you with the repair?" });
  const time = tenant.getByRole("group", { name: "How satisfied are you with the time it took?" });
  await repair.getByLabel("Very satisfied").check();
  await time.getByLabel("Fairly satisfied", { exact: true }).check();
  await tenant.getByLabel("Anything else you want to tell us? (optional)").fill("Quick and tidy");
  await tenant.getByRole("button", { name: "Send rating" }).click();
  await tenant.waitForLoadState();
  assert.match(await tenant.locator(".govuk-notification-banner").textContent(), /Thank you for rating this repair/);
  assert.equal(await tenant.locator("#rate-form").count(), 0, "a rated job offers no rating form");
  assert.match(await tenant.locator("main").textContent(), /The repair: Very satisfied\. The time it took: Fairly satisfied/);
  if (javaScript) await look(tenant, `tenant-rated${label}`);
  await tenant.reload();
  assert.equal(await tenant.locator("#rate-form").count(), 0);

  await stale.getByRole("group", { name: "How satisfied are you with the repair?" }).getByLabel("Very dissatisfied").check();
  await stale.getByRole("group", { name: "How satisfied are you with the time it took?" }).getByLabel("Very dissatisfied").check();
  await stale.getByRole("button", { name: "Send rating" }).click();
  await stale.waitForLoadState();
  // The old copy carries the job's old version, so it is refused as stale; the page comes back without the form.
  assert.equal(await stale.title(), `Error: Repair ${ref} – Mend Housing repairs`);
  assert.match(await stale.locator(".govuk-error-summary").textContent(), /Someone else changed this job/);
  assert.equal(await stale.locator("#rate-form").count(), 0);
  if (javaScript) await look(stale, `tenant-rate-twice${label}`);
  // Without a version, the once-only rule refuses it.
  const csrf = await stale.locator("input[name=csrf_token]").first().inputValue();
  const again = await stale.request.post(`/jobs/${ref}/actions`, {
    form: { csrf_token: csrf, action: "rate", repair_rating: "1", time_rating: "1" },
    maxRedirects: 0,
  });
  assert.equal(again.status(), 409);
  assert.match(await again.text(), /That cannot be done to this job now/);
  const events = await api(account("officer"), "GET", `/api/v1/requests/${ref}/events`);
  const ratings = events.items.filter((e) => e.action === "rate");
  assert.equal(ratings.length, 1);
  assert.deepEqual([ratings[0].data.repair_rating, ratings[0].data.time_rating], ["5", "4"]);
  await tenant.context().close();
  await stale.context().close();
}

test("a tenant rates a fixed repair once, with JavaScript", async () => {
  await rateOnce(true, "");
});

test("a tenant rates a fixed repair once, with JavaScript disabled", async () => {
  await rateOnce(false, "-nojs");
});

test("the work queue filters overdue jobs and tags them", async () => {
  const late = await reportByApi("plumbing", "Leak under the sink, made overdue");
  const onTime = await reportByApi("plumbing", "Dripping tap, on time");
  for (const ref of [late, onTime]) {
    await actByApi(account("officer"), ref, "triage", { priority: "urgent" });
  }
  const officer = await newPage({ viewport: desktop });
  await signIn(officer, account("officer"));
  await officer.getByLabel("Only overdue jobs").check();
  await officer.getByRole("button", { name: "Apply filters" }).click();
  await officer.waitForLoadState();
  assert.match(officer.url(), /[?&]overdue=true/);
  assert.ok(await officer.getByLabel("Only overdue jobs").isChecked());
  assert.equal(await officer.getByRole("link", { name: late }).count(), 0, "nothing is overdue yet");

  // Time cannot pass in a test, and targets are at least an hour, so the job's target is moved an hour into the
  // past in the database (as if it had been reported long ago); the overdue loop then finds it breached.
  execFileSync("/usr/bin/python3", ["-c", `
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=30)
now = int(time.time())
with db:
    n = db.execute("""UPDATE clocks SET started_at = ?, base_due_at = ?, due_at = ?
                      WHERE kind = 'repair_target' AND request_id = (SELECT id FROM requests WHERE reference = ?)""",
                   (now - 7200, now - 3600, now - 3600, sys.argv[2])).rowcount
assert n == 1, n
`, path.join(dataDir, "mend.db"), late]);
  const deadline = Date.now() + 20000;
  while ((await officer.getByRole("link", { name: late }).count()) === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    await officer.reload();
  }
  const row = officer.locator("tbody tr", { hasText: late });
  assert.equal(await row.count(), 1, "the overdue job is listed");
  assert.equal(await row.locator(".mend-overdue").textContent(), "Overdue");
  assert.equal(await officer.getByRole("link", { name: onTime }).count(), 0, "a job on time is not");
  const listed = await api(account("officer"), "GET", "/api/v1/requests?overdue=true");
  assert.deepEqual(listed.items.map((j) => j.reference), [late], "the page and the API use the same filter");
  await look(officer, "officer-queue-overdue");

  await officer.goto("/queue");
  assert.equal(await officer.locator("tbody tr", { hasText: onTime }).locator(".mend-overdue").count(), 0);
  await officer.goto(`/jobs/${late}`);
  assert.match(await deadlineRow(officer, "Repair target").textContent(), /Overdue/);

  const bad = await officer.goto("/queue?overdue=maybe");
  assert.equal(bad.status(), 422);
  assert.match(await officer.locator("#overdue-error").textContent(), /Tick the box or leave it empty/);
  await look(officer, "officer-queue-bad-filter");
  await officer.context().close();
});

test("an officer prints a queued letter and marks it as posted; the social inbox is off", async () => {
  const { reference } = await api(letterTenant, "POST", "/api/v1/requests", {
    uprn: letterTenant.uprn,
    category: "plumbing",
    description: "Bathroom tap drips",
  });
  const officer = await newPage({ viewport: desktop });
  await signIn(officer, account("officer"));
  await officer.getByRole("link", { name: "Letters to post" }).click();
  await officer.waitForLoadState();
  assert.match(officer.url(), /\/letters$/);
  const deadline = Date.now() + 20000;
  while ((await officer.locator("tbody tr", { hasText: reference }).count()) === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    await officer.reload();
  }
  const row = officer.locator("tbody tr", { hasText: reference });
  assert.equal(await row.count(), 1, "the letter is queued");
  assert.match(await row.textContent(), /Lena Letter/);
  assert.equal(await row.getByRole("link", { name: reference, exact: true }).getAttribute("href"), `/jobs/${reference}`);
  await look(officer, "officer-letters");

  const href = await row.getByRole("link", { name: /Open letter/ }).getAttribute("href");
  const printed = await officer.request.get(href);
  assert.equal(printed.status(), 200);
  assert.match(printed.headers()["content-type"], /text\/html/);
  const letterHtml = await printed.text();
  assert.match(letterHtml, /Lena Letter/);
  // Its layout comes from a stylesheet of mend's own: an inline <style> would be blocked by the CSP.
  assert.match(letterHtml, /<link rel="stylesheet" href="\/static\/letter.css">/);
  assert.doesNotMatch(letterHtml, /<style/);

  await row.getByRole("button", { name: /Mark as posted/ }).click();
  await officer.waitForLoadState();
  assert.match(await officer.locator(".govuk-notification-banner").textContent(), /marked as posted/);
  assert.equal(await officer.locator("tbody tr", { hasText: reference }).count(), 0, "no longer queued");
  await officer.getByRole("link", { name: "Posted" }).click();
  await officer.waitForLoadState();
  assert.equal(await officer.locator("tbody tr", { hasText: reference }).count(), 1, "listed as posted");
  assert.equal(await officer.getByRole("button", { name: /Mark as posted/ }).count(), 0);
  await look(officer, "officer-letters-posted");
  const letters = await api(account("officer"), "GET", "/api/v1/letters?state=posted");
  assert.ok(letters.items.some((l) => l.reference === reference), "the page and the API agree");

  // This server has no [social.mastodon]: no social inbox in the navigation; the work queue links the inbox,
  // where Open311's reports that matched no home wait, and what needs a network is not there.
  assert.equal(await officer.getByRole("link", { name: "Social inbox" }).count(), 0);
  await officer.goto("/queue");
  await officer.getByRole("link", { name: /^Inbox/ }).click();
  await officer.waitForLoadState();
  assert.equal(await officer.getByRole("heading", { level: 1 }).textContent(), "Inbox");
  assert.equal(await officer.getByRole("link", { name: "Risk checklist" }).count(), 0);
  await look(officer, "officer-inbox-without-network");
  assert.equal((await officer.goto("/social/checklist")).status(), 404);
  await officer.context().close();

  const tenant = await newPage();
  await signIn(tenant, account("tenant"));
  assert.equal(await tenant.getByRole("link", { name: "Letters to post" }).count(), 0);
  assert.equal((await tenant.goto("/letters")).status(), 404);
  await tenant.context().close();
});

test("the social inbox shows a resident's post as text, and passes axe", async () => {
  // A second mend with [social.mastodon] pointing at the fake Mastodon server of scripts/fakes/.
  const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
  const fake = spawn("/usr/bin/python3", [path.join(repo, "scripts/fakes/mastodon.py"), "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "mend-browser-social-"));
  let social;
  try {
    const fakeUrl = await listening(fake, "the fake Mastodon server");
    const seeded = JSON.parse(execFileSync(mendBin, ["demo", "--data", dir], { encoding: "utf8" }));
    const config = path.join(dir, "mend.toml");
    writeFileSync(
      config,
      `[social.mastodon]\nbase_url = "${fakeUrl}"\naccess_token = "fake-token"\npoll_interval_seconds = 1\n` +
        `account = "@repairs@fake.example"\nvisibility = "public"\nintake_base_url = "https://repairs.example"\n`,
    );
    social = spawn(mendBin, ["serve", "--config", config, "--data", dir, "--listen", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const socialBase = await listening(social, "mend with social intake");
    const posted = await fetch(`${fakeUrl}/_fake/mentions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ acct: "tom@elsewhere.example", text: "@repairs the <b>boiler</b> is broken again" }),
    });
    assert.ok(posted.ok, "the fake took the mention");

    const officer = await newPage({ baseURL: socialBase });
    await signIn(officer, seeded.accounts.find((a) => a.role === "officer"));
    await officer.getByRole("link", { name: "Social inbox" }).click();
    await officer.waitForLoadState();
    for (let i = 0; i < 30 && (await officer.getByText("boiler", { exact: false }).count()) === 0; ++i) {
      await new Promise((r) => setTimeout(r, 500)); // the poller reads mentions every second
      await officer.reload();
    }
    assert.match(await officer.locator("main").textContent(), /the <b>boiler<\/b> is broken again/, "shown as text");
    await look(officer, "officer-social");
    await officer.context().close();
  } finally {
    if (social) {
      const exited = new Promise((resolve) => social.on("exit", resolve));
      social.kill("SIGTERM");
      assert.equal(await exited, 0, "mend with social intake should exit 0 on SIGTERM");
    }
    fake.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
});


test("the outbox shows a paused channel and a failed notice, sent again without JavaScript", async () => {
  // A second mend whose mail server is down and whose integration's receiver refuses the first webhook.
  let hookStatus = 400;
  const hook = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(hookStatus, { "Content-Type": "text/plain" });
      res.end(hookStatus === 200 ? "" : "unknown event type");
    });
  });
  await new Promise((resolve) => hook.listen(0, "127.0.0.1", resolve));
  const dir = mkdtempSync(path.join(tmpdir(), "mend-browser-outbox-"));
  let outbox;
  try {
    const seeded = JSON.parse(execFileSync(mendBin, ["demo", "--data", dir], { encoding: "utf8" }));
    const cli = (...args) => JSON.parse(execFileSync(mendBin, [...args, "--data", dir], { encoding: "utf8" }));
    cli("webhook", "add", "--url", `http://127.0.0.1:${hook.address().port}/hook`, "--name", "Housing CRM");
    const erin = cli("user", "add", "--role", "tenant", "--name", "Erin Email", "--channels", "email",
      "--email", "erin@example.org");
    erin.uprn = String(100000000000 + erin.id);
    cli("property", "add", "--uprn", erin.uprn, "--address", `${erin.id} Mail Street, Leeds`, "--postcode", "LS1 1AA",
      "--tenant", String(erin.id));
    const config = path.join(dir, "mend.toml");
    writeFileSync(
      config,
      `[notify]\nprobe_interval_ms = 200\n\n[notify.email]\nhost = "127.0.0.1"\nport = ${await closedPort()}\n` +
        `from = "Repairs <repairs@landlord.example>"\nstarttls = false\nallow_plain_loopback = true\n`,
    );
    outbox = spawn(mendBin, ["serve", "--config", config, "--data", dir, "--listen", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const outboxBase = await listening(outbox, "mend with a mail server that is down");
    const { reference } = await api(erin, "POST", "/api/v1/requests",
      { uprn: erin.uprn, category: "plumbing", description: "Shower drips" }, outboxBase);
    const officerAccount = seeded.accounts.find((a) => a.role === "officer");
    const failed = await until(async () => {
      const listed = await api(officerAccount, "GET", "/api/v1/notices?state=failed", undefined, outboxBase);
      return listed.items.find((n) => n.reference === reference && n.channel === "webhook");
    }, "the webhook notice to fail");

    const officer = await newPage({ baseURL: outboxBase, viewport: desktop });
    await signIn(officer, officerAccount);
    await officer.getByRole("link", { name: "Outbox" }).click();
    await officer.waitForLoadState();
    assert.match(officer.url(), /\/outbox$/);
    const emailRow = officer.locator("tbody tr", { has: officer.locator("th", { hasText: /^Email$/ }) });
    for (let i = 0; i < 40 && !/Paused/.test(await emailRow.textContent()); ++i) {
      await new Promise((r) => setTimeout(r, 250));
      await officer.reload();
    }
    assert.match(await emailRow.textContent(), /Paused/, "the email channel is paused");
    assert.match(await emailRow.textContent(), /connect/i, "with the reason");
    assert.match(await officer.locator("main").textContent(), /HTTP 400: unknown event type/);
    await look(officer, "officer-outbox");
    await officer.context().close();

    hookStatus = 200;
    const plain = await newPage({ javaScript: false, baseURL: outboxBase, viewport: desktop });
    await signIn(plain, officerAccount);
    await plain.goto("/outbox");
    const row = plain.locator("tbody tr", { hasText: "unknown event type" });
    await row.getByRole("button", { name: new RegExp(`Send again.*notice ${failed.id}\\b`) }).click();
    await plain.waitForLoadState();
    assert.match(await plain.locator(".govuk-notification-banner").textContent(), /will be sent again/);
    await until(async () => {
      const n = await api(officerAccount, "GET", `/api/v1/notices/${failed.id}`, undefined, outboxBase);
      return n.state === "delivered";
    }, "the retried webhook notice to be delivered");
    await plain.context().close();

    const tenant = await newPage({ baseURL: outboxBase });
    await signIn(tenant, seeded.accounts.find((a) => a.role === "tenant"));
    assert.equal(await tenant.getByRole("link", { name: "Outbox" }).count(), 0);
    assert.equal((await tenant.goto("/outbox")).status(), 404);
    await tenant.context().close();
  } finally {
    if (outbox) {
      const exited = new Promise((resolve) => outbox.on("exit", resolve));
      outbox.kill("SIGTERM");
      assert.equal(await exited, 0, "mend with the outbox should exit 0 on SIGTERM");
    }
    hook.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// An officer's job page: the tenant and history at the top, the likely next step first with one pair of note
// boxes, the rest under "Other actions"; triage and assign take one form submission each.
async function officerDesk(javaScript, label) {
  const ref = await reportByApi("plumbing", `Shower leaks through the kitchen ceiling${label}`);
  const officer = await newPage({ javaScript, viewport: desktop });
  await signIn(officer, account("officer"));
  const posts = [];
  officer.on("request", (r) => {
    if (r.method() === "POST") posts.push(new URL(r.url()).pathname);
  });
  await officer.goto(`/jobs/${ref}`);
  const facts = await officer.locator("main .govuk-summary-list").first().textContent();
  assert.match(facts, /Tenant\s*Tom Byrne/);
  assert.match(facts, /Mill Lane/);
  assert.equal(await officer.locator('main a[href="tel:+447700900123"]').count(), 1);
  assert.ok((await officer.locator("#history").boundingBox()).y < 800, "the history starts on the first screen");
  assert.equal(await officer.locator("main form").count(), 1, "one form for every action");
  assert.equal(await officer.locator("main textarea:visible").count(), 2, "one pair of note boxes");
  assert.equal(await officer.locator("#triage-form").getByRole("button", { name: "Save priority" }).count(), 1);
  assert.equal(await officer.locator("details:not([open]) #cancel-form").count(), 1);
  assert.equal(await officer.locator("details:not([open]) #reject-form").count(), 1);
  await noteHeight(officer, `officer-desk-reported${label}`);
  if (javaScript) await look(officer, "officer-desk-reported");

  await act(officer, "triage", (f) => f.getByLabel("Priority").selectOption("urgent"), "Save priority");
  assert.equal(await status(officer), "Checked");
  const firms = await officer.locator("#assign-contractor option").allTextContents();
  assert.deepEqual(firms.slice(1, 3), ["Fixwell Repairs Ltd", "Aardvark Electrical"], "plumbers first");
  assert.match(await officer.locator("#assign-contractor-hint").textContent(), /Firms that take on plumbing/);
  const triaged = await noteHeight(officer, `officer-desk-triaged${label}`);
  assert.ok(triaged < 1800, `the triaged job page is ${triaged}px tall`);
  if (javaScript) await look(officer, "officer-desk-triaged");
  await act(officer, "assign", async (f) => {
    await f.getByLabel("Contractor").selectOption({ label: "Fixwell Repairs Ltd" });
    await f.getByLabel("Internal note (optional)").fill("Key with the neighbour at 12");
  }, "Assign");
  assert.equal(await status(officer), "Contractor assigned");
  assert.deepEqual(posts, [`/jobs/${ref}/actions`, `/jobs/${ref}/actions`], "one submission each");
  assert.match(await officer.locator("#history").locator("..").textContent(), /Key with the neighbour at 12/);

  // An action under "Other actions" comes back open with its error, the notes as they were typed.
  await officer.getByLabel("Note for the tenant (optional)").fill("We are sorry for the wait");
  await act(officer, "cancel", null, "Cancel repair");
  assert.match(await officer.locator("#cancel-reason-error").textContent(), /Enter a reason/);
  assert.equal(await officer.locator("details[open] #cancel-form").count(), 1);
  assert.equal(await officer.getByLabel("Note for the tenant (optional)").inputValue(), "We are sorry for the wait");
  if (javaScript) await look(officer, "officer-desk-other-error");
  await act(officer, "cancel", (f) => f.getByLabel("Why cancel this repair?").fill("Reported twice"), "Cancel repair");
  assert.equal(await status(officer), "Cancelled");
  const history = await officer.locator("#history").locator("..").textContent();
  assert.match(history, /Reported twice/);
  assert.match(history, /We are sorry for the wait/);
  await officer.context().close();
}

test("an officer triages and assigns from a short job page, with JavaScript", async () => {
  await officerDesk(true, "");
});

test("an officer triages and assigns from a short job page, with JavaScript disabled", async () => {
  await officerDesk(false, "-nojs");
});

test("the work queue lists open jobs, finds one by postcode, and reflows on a phone", async () => {
  const officerAccount = account("officer");
  const mine = await reportByApi("plumbing", "Queue: the bath tap drips");
  const gone = await reportByApi("plumbing", "Queue: reported twice");
  await actByApi(officerAccount, gone, "cancel", { reason: "Reported twice" });
  const amira = account("tenant", 1);
  const amiraHome = demo.properties.find((p) => p.tenant_id === amira.id);
  const theirs = (await api(amira, "POST", "/api/v1/requests", {
    uprn: amiraHome.uprn, category: "roofing", description: "Queue: slates off the roof",
  })).reference;
  for (const javaScript of [true, false]) {
    const label = javaScript ? "" : "-nojs";
    const officer = await newPage({ javaScript, viewport: phone });
    await signIn(officer, officerAccount);
    assert.match(officer.url(), /\/queue$/);
    assert.equal(await officer.getByRole("link", { name: mine }).count(), 1, "open jobs are listed");
    assert.equal(await officer.getByRole("link", { name: gone }).count(), 0, "a cancelled job is not, by default");
    assert.deepEqual((await officer.locator("thead th").allTextContents()).slice(0, 2), ["Reference", "Due"]);
    const shot = await officer.screenshot({ fullPage: true });
    assert.equal(shot.readUInt32BE(16), phone.width, "no sideways scroll on a phone");
    await noteHeight(officer, `officer-queue${label}`);
    if (javaScript) {
      assert.equal(await officer.evaluate(() => document.documentElement.scrollWidth), phone.width);
      await look(officer, "officer-queue-reflowed");
    }
    await officer.getByLabel("Search (optional)").fill(amiraHome.postcode.toLowerCase().replace(" ", ""));
    await officer.getByRole("button", { name: "Apply filters" }).click();
    await officer.waitForLoadState();
    assert.equal(await officer.getByRole("link", { name: theirs }).count(), 1, "found by postcode");
    assert.equal(await officer.getByRole("link", { name: mine }).count(), 0, "another home's job is not");
    assert.equal(await officer.getByLabel("Search (optional)").inputValue(), amiraHome.postcode.toLowerCase().replace(" ", ""));
    await officer.getByRole("link", { name: theirs }).click();
    await officer.waitForLoadState();
    assert.match(officer.url(), new RegExp(`/jobs/${theirs}$`));
    await officer.goto(`/queue?status=all&q=${gone}`);
    assert.equal(await officer.getByRole("link", { name: gone }).count(), 1, "any status, when asked for");
    assert.equal((await officer.goto("/queue?page=0")).status(), 422);
    await officer.context().close();
  }
});

finalChecks();
