// The social channel's safeguards in the browser (issue 18): the risk checklist page, the inbox with a flagged
// mention first and its replies' states, and the approval queue; axe on each, with and without JavaScript.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { useMend, finalChecks, newPage, signIn, look, account, api, listening, until, demo } from "./harness.mjs";

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const fake = spawn("/usr/bin/python3", [path.join(repo, "scripts/fakes/mastodon.py"), "--port", "0"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const fakeUrl = await listening(fake, "the fake Mastodon server");
process.on("exit", () => fake.kill("SIGTERM"));

useMend({
  config:
    `[social.mastodon]\nbase_url = "${fakeUrl}"\naccess_token = "fake-token"\npoll_interval_seconds = 1\n` +
    `account = "@repairs@fake.example"\nvisibility = "public"\nintake_base_url = "https://repairs.example"\n` +
    `[social]\nchecklist = ["Never post a resident's name or address", "Stay polite when a resident is angry"]\n` +
    `require_approval = true\n`,
});

async function mention(text) {
  const res = await fetch(`${fakeUrl}/_fake/mentions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ acct: "tom@elsewhere.example", text }),
  });
  assert.ok(res.ok, "the fake took the mention");
  return (await res.json()).status;
}

async function mentionNamed(who, words) {
  return until(async () => {
    const { items } = await api(who, "GET", "/api/v1/social/mentions?limit=200");
    return items.find((m) => m.text.includes(words));
  }, `the mention "${words}"`);
}

test("officers complete the risk checklist on its page, with and without JavaScript", async () => {
  const officer = await newPage({ javaScript: false });
  await signIn(officer, account("officer"));
  await officer.goto("/social/checklist");
  assert.match(await officer.locator("main").textContent(), /Never post a resident's name or address/);
  await look(officer, "social-checklist");
  await officer.getByRole("button", { name: "Complete the checklist" }).click();
  await officer.waitForLoadState();
  assert.match(await officer.locator(".govuk-error-summary").textContent(), /Confirm that you have read/);
  await officer.getByLabel("I have read every item and will follow them").check();
  await officer.getByRole("button", { name: "Complete the checklist" }).click();
  await officer.waitForLoadState();
  assert.match(await officer.locator("main").textContent(), /You completed version 1/);
  await officer.context().close();

  const admin = await newPage();
  await signIn(admin, account("admin"));
  await admin.goto("/social/checklist");
  await admin.getByLabel("I have read every item and will follow them").check();
  await admin.getByRole("button", { name: "Complete the checklist" }).click();
  await admin.waitForLoadState();
  assert.match(await admin.locator("main").textContent(), /You completed version 1/);
  await look(admin, "social-checklist-admin");
  await admin.context().close();
});

test("a flagged mention comes first in the inbox and is made a hazard job without JavaScript", async () => {
  const officer = account("officer");
  await mention("the gate squeaks a bit");
  await mentionNamed(officer, "gate squeaks");
  await mention("mould in the baby's room again");
  const mould = await mentionNamed(officer, "mould in the baby");
  const page = await newPage({ javaScript: false });
  await signIn(page, officer);
  await page.goto("/social");
  const first = page.locator("main section").first();
  assert.match(await first.textContent(), /mould in the baby's room/);
  assert.match(await first.locator(".govuk-tag").first().textContent(), /Possible hazard/);
  await look(page, "social-inbox-flagged");
  await first.getByText("Make a job for a home").click();
  const home = demo.properties.find((p) => p.tenant_id === account("tenant").id);
  await first.getByLabel("UPRN of the home").fill(home.uprn);
  await first.getByLabel("Type of repair").selectOption("damp_mould");
  assert.equal(await first.getByLabel("Hazard").inputValue(), "significant");
  await first.getByRole("button", { name: "Make a hazard job" }).click();
  await page.waitForLoadState();
  const converted = await api(officer, "GET", `/api/v1/social/mentions/${mould.id}`);
  assert.equal(converted.state, "converted");
  const job = await api(officer, "GET", `/api/v1/requests/${converted.job_reference}`);
  assert.equal(job.hazard, "significant");
  await page.goto("/social?state=converted");
  assert.match(await page.locator("main").textContent(), /Posted|Waiting to post/);
  await look(page, "social-inbox-converted");
  await page.context().close();
});

test("a second officer approves an officer's words in the queue, and they are posted once", async () => {
  const officer = account("officer");
  await mention("when is the lift being fixed?");
  const lift = await mentionNamed(officer, "lift being fixed");
  const words = "An engineer is booked for the lift";
  const asked = await api(officer, "POST", `/api/v1/social/mentions/${lift.id}/replies`, { text: words });
  assert.equal(asked.approval.state, "waiting");

  for (const javaScript of [true, false]) {
    const queue = await newPage({ javaScript });
    await signIn(queue, account("admin"));
    await queue.goto("/social/approvals");
    assert.match(await queue.locator("main").textContent(), new RegExp(words));
    await look(queue, `social-approvals${javaScript ? "" : "-nojs"}`);
    if (!javaScript) {
      await queue.getByRole("button", { name: `Approve and post words ${asked.approval.id}` }).click();
      await queue.waitForLoadState();
      assert.match(await queue.locator(".govuk-notification-banner").textContent(), /approved/);
      assert.match(await queue.locator("main").textContent(), /Nothing is waiting/);
    }
    await queue.context().close();
  }
  const posted = await until(async () => {
    const statuses = await (await fetch(`${fakeUrl}/_fake/statuses`)).json();
    return statuses.filter((s) => s.text.includes(words));
  }, "the approved words posted");
  assert.equal(posted.length, 1);
});

finalChecks();
