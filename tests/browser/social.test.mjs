// The social channel's pages: the private intake page a resident opens from a direct message (no sign-in; with
// and without JavaScript, on a phone), the officers' inbox showing what the resident gave and the channel's
// state, and the approval queue where a second officer releases an officer's own words. mend's
// [social.mastodon] points at the fake Mastodon server of scripts/fakes/.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { account, api, desktop, finalChecks, listening, look, newPage, signIn, until, useMend } from "./harness.mjs";

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
let fake, fakeUrl;
const social = {
  toString: () =>
    `[social]\nrequire_approval = true\n\n[social.mastodon]\nbase_url = "${fakeUrl}"\naccess_token = "fake-token"\n` +
    `poll_interval_seconds = 1\naccount = "@repairs@fake.example"\nvisibility = "public"\n` +
    `intake_base_url = "https://repairs.example"\n`,
};
useMend({
  prepare: async () => {
    fake = spawn("/usr/bin/python3", [path.join(repo, "scripts/fakes/mastodon.py"), "--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    fakeUrl = await listening(fake, "the fake Mastodon server");
  },
  config: social,
});
after(() => fake?.kill("SIGTERM"));

async function fakeCall(method, url, body) {
  const res = await fetch(fakeUrl + url, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json();
}

async function mention(text) {
  return (await fakeCall("POST", "/_fake/mentions", { acct: "ada@elsewhere.example", text })).status;
}

// The path of the private page in the direct message that answered `status`.
async function linkTo(status) {
  const reply = await until(async () => {
    const posted = await fakeCall("GET", "/_fake/statuses");
    return posted.find((s) => s.in_reply_to_id === status.id && s.text.includes("/social/"));
  }, "the answer with the private link");
  assert.equal(reply.visibility, "direct");
  return reply.text.match(/https:\/\/repairs\.example(\/social\/mend_[0-9a-f]{64})/)[1];
}

test("a resident gives their address privately on a phone, and the officer sees it in the inbox", async () => {
  const status = await mention("@repairs there is mould in the baby's room");
  const link = await linkTo(status);

  const resident = await newPage();
  assert.equal((await resident.goto(link)).status(), 200);
  await look(resident, "social-intake");
  await resident.getByRole("button", { name: "Send your details" }).click();
  await resident.waitForLoadState();
  assert.match(await resident.title(), /^Error: /);
  const summary = await resident.locator(".govuk-error-summary").innerText();
  assert.match(summary, /Enter your house or flat number and street/);
  assert.match(summary, /Enter your postcode/);
  await look(resident, "social-intake-error");

  await resident.getByLabel("House or flat number and street").fill("Flat 2, 14 Agar Grove");
  await resident.getByLabel("Postcode").fill("nw1 9aa");
  await resident.getByLabel("Your name (optional)").fill("Ada Resident");
  await resident.getByLabel("Email address").fill("ada@example.org");
  await resident.getByLabel("Email", { exact: true }).check();
  await resident.getByRole("button", { name: "Send your details" }).click();
  await resident.waitForLoadState();
  assert.match(await resident.locator(".govuk-notification-banner").innerText(), /we have your details for S-/);
  await look(resident, "social-intake-given");
  await resident.context().close();

  const officer = await newPage({ viewport: desktop });
  await signIn(officer, account("officer"));
  await officer.goto("/social");
  const main = await officer.locator("main").innerText();
  assert.match(main, /Polling/);
  assert.match(main, /Flat 2, 14 Agar Grove, NW1 9AA/);
  assert.match(main, /Possible hazard/);
  await look(officer, "social-inbox");
  await officer.context().close();
});

test("without JavaScript the resident corrects their details, and a wrong link says so", async () => {
  const status = await mention("@repairs the front door will not lock");
  const link = await linkTo(status);
  const resident = await newPage({ javaScript: false });
  await resident.goto(link);
  await resident.getByLabel("House or flat number and street").fill("3 Mill Lane");
  await resident.getByLabel("Postcode").fill("LS1 1AA");
  await resident.getByLabel("Phone number").fill("07700 900456");
  await resident.getByLabel("Phone or text message").check();
  await resident.getByRole("button", { name: "Send your details" }).click();
  await resident.waitForLoadState();
  assert.match(await resident.locator("main").innerText(), /we have your details/);
  assert.equal(await resident.getByLabel("Phone number").inputValue(), "07700 900456");

  const wrong = await newPage();
  assert.equal((await wrong.goto("/social/mend_" + "0".repeat(64))).status(), 404);
  assert.match(await wrong.locator("h1").innerText(), /This link does not work/);
  await look(wrong, "social-intake-unknown");
  for (const p of [resident, wrong]) await p.context().close();
});

test("a second officer approves an officer's own words on the approval queue page", async () => {
  const status = await mention("@repairs is the heating coming back?");
  const item = await until(async () => {
    const listed = await api(account("officer"), "GET", "/api/v1/social/mentions?limit=200");
    return listed.items.find((m) => m.status_id === status.id);
  }, "the mention in the inbox");
  const words = "the heating is back on in your block";
  const res = await api(account("officer"), "POST", `/api/v1/social/mentions/${item.id}/replies`, { text: words });
  assert.equal(res.approval.state, "waiting");

  const admin = await newPage({ viewport: desktop });
  await signIn(admin, account("admin"));
  await admin.goto("/social/approvals");
  assert.match(await admin.locator("main").innerText(), new RegExp(words));
  await look(admin, "social-approvals");
  await admin.getByRole("button", { name: /Approve and post/ }).first().click();
  await admin.waitForLoadState();
  await until(async () => {
    const posted = await fakeCall("GET", "/_fake/statuses");
    return posted.find((s) => s.in_reply_to_id === status.id && s.text.includes(words));
  }, "the approved words posted");
  assert.match(await admin.locator("main").innerText(), /Nothing is waiting/);
  await admin.context().close();
});

finalChecks();
