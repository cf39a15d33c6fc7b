// Browser tests of the day's-work pages finished last, on a phone and a desktop, with JavaScript on and off: a
// report form (the tenant's, and phone intake's) typed while the session lapses comes back after signing in
// with its text and its photo, and is sent once; an officer changes a home's access notes from the job page
// and the contractor reads them; "Is it fixed?" reveals its reason box for No (always shown without
// JavaScript). The server's clock is moved on (MEND_TEST_CLOCK_FILE) to make sessions lapse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  account, actByApi, api, demo, desktop, finalChecks, look, newPage, phone, png, reportByApi, signIn, status,
  useMend,
} from "./harness.mjs";

const clockFile = path.join(mkdtempSync(path.join(tmpdir(), "mend-daywork-")), "clock-offset");
writeFileSync(clockFile, "0");
let hours = 0;
// Every session started so far lapses: the server's clock moves on 13 hours (it reads the file again once 20 ms
// have passed since it last did).
async function lapse() {
  hours += 13;
  writeFileSync(clockFile, String(hours * 3600));
  await new Promise((resolve) => setTimeout(resolve, 100));
}

useMend({ env: { MEND_TEST_CLOCK_FILE: clockFile } });

const photo = (name) => ({ name, mimeType: "image/png", buffer: png });

async function signInAgain(page, who) {
  assert.match(page.url(), /\/login\?next=/);
  assert.match(await page.locator("main").textContent(), /You were signed out, so your form was not sent/);
  await page.getByLabel("Email address or mobile phone number").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState();
}

async function assertRestored(page, description, photoName) {
  assert.match(await page.locator("main").textContent(), /You were signed out, so this was not sent/);
  assert.equal(await page.getByLabel("Describe the problem").inputValue(), description);
  assert.match(await page.locator(".mend-kept-photos").textContent(), new RegExp(photoName));
}

async function photosOn(page) {
  return page.locator("main .mend-photos img").count();
}

const sizes = [["phone", phone], ["desktop", desktop]];

for (const [viewport, size] of sizes) {
  for (const javaScript of [true, false]) {
    const label = `-${viewport}${javaScript ? "" : "-nojs"}`;

    test(`a tenant's report typed while the session lapses comes back with its photo, sent once (${label.slice(1)})`, async () => {
      const tenant = account("tenant");
      const before = (await api(tenant, "GET", "/api/v1/requests?limit=200")).items.length;
      const page = await newPage({ javaScript, viewport: size });
      await signIn(page, tenant);
      await page.goto("/repairs/new");
      const description = `Water through the bathroom ceiling${label}`;
      await page.getByLabel("Plumbing, taps and toilets").check();
      await page.getByLabel("Describe the problem").fill(description);
      await page.locator("#photos").setInputFiles([photo(`ceiling${label}.png`)]);
      await lapse();
      await page.getByRole("button", { name: "Send repair report" }).click();
      await page.waitForLoadState();
      await signInAgain(page, tenant);
      assert.equal(new URL(page.url()).pathname, "/repairs/new");
      await assertRestored(page, description, `ceiling${label}.png`);
      assert.equal(await page.getByLabel("Plumbing, taps and toilets").isChecked(), true);
      assert.equal((await api(tenant, "GET", "/api/v1/requests?limit=200")).items.length, before,
        "nothing was reported while signed out");
      if (javaScript) await look(page, `daywork-report-restored${label}`);

      await page.getByRole("button", { name: "Send repair report" }).click();
      await page.waitForLoadState();
      assert.match(await page.locator(".govuk-panel").textContent(), /[A-Z0-9]{4}-[A-Z0-9]{4}/);
      assert.equal(await photosOn(page), 1, "the photo kept across the lapse came with the report");
      assert.equal((await api(tenant, "GET", "/api/v1/requests?limit=200")).items.length, before + 1);
      await page.goto("/repairs/new");
      assert.doesNotMatch(await page.locator("main").textContent(), /You were signed out/);
      await page.context().close();
    });

    test(`phone intake typed while the session lapses comes back for the same tenant (${label.slice(1)})`, async () => {
      const officer = account("officer");
      const tenant = account("tenant", 1);
      const page = await newPage({ javaScript, viewport: size });
      await signIn(page, officer);
      await page.goto("/intake");
      await page.getByLabel("Find the tenant's home").fill(tenant.name);
      await page.getByRole("button", { name: "Search" }).click();
      await page.waitForLoadState();
      await page.locator("main a[href^='/intake/report?']").first().click();
      await page.waitForLoadState();
      const description = `Front door will not lock${label}`;
      await page.getByLabel("Windows and doors").check();
      await page.getByLabel("Describe the problem").fill(description);
      await page.locator("#photos").setInputFiles([photo(`door${label}.png`)]);
      await lapse();
      await page.getByRole("button", { name: "Send repair report" }).click();
      await page.waitForLoadState();
      await signInAgain(page, officer);
      assert.equal(new URL(page.url()).pathname, "/intake/report");
      await assertRestored(page, description, `door${label}.png`);
      assert.match(await page.locator("#home").textContent(), new RegExp(tenant.name));
      if (javaScript) await look(page, `daywork-intake-restored${label}`);
      await page.getByRole("button", { name: "Send repair report" }).click();
      await page.waitForLoadState();
      assert.match(page.url(), /\/jobs\/[A-Z0-9-]+\?done=report$/);
      assert.equal(await photosOn(page), 1);
      assert.match(await page.locator("main").textContent(), new RegExp(tenant.name));
      await page.context().close();
    });

    test(`an officer changes a home's access notes from the job page; the contractor reads them (${label.slice(1)})`, async () => {
      const ref = await reportByApi("electrical", `Socket sparks${label}`);
      await actByApi(account("officer"), ref, "triage", { priority: "routine" });
      await actByApi(account("officer"), ref, "assign", { contractor_id: account("contractor").contractor_id });
      const notes = `Key safe by the side gate, code 19${label.length}. Knock loudly.`;
      const page = await newPage({ javaScript, viewport: size });
      await signIn(page, account("officer"));
      await page.goto(`/jobs/${ref}`);
      await page.getByRole("link", { name: "Change access notes" }).click();
      await page.waitForLoadState();
      if (javaScript) await look(page, `daywork-access-notes${label}`);
      await page.getByLabel("How does a contractor get in? (optional)").fill(notes);
      await page.getByRole("button", { name: "Save access notes" }).click();
      await page.waitForLoadState();
      assert.equal(new URL(page.url()).pathname, `/jobs/${ref}`);
      assert.match(await page.locator(".govuk-notification-banner").textContent(), /Access notes saved/);
      const facts = await page.locator("#access-notes").textContent();
      assert.ok(facts.includes(notes), facts);
      assert.match(facts, new RegExp(`Changed by ${account("officer").name} on `));
      if (javaScript) await look(page, `daywork-access-notes-saved${label}`);
      await page.context().close();

      const firm = await newPage({ javaScript, viewport: size });
      await signIn(firm, account("contractor"));
      await firm.goto(`/jobs/${ref}`);
      assert.ok((await firm.locator("main .govuk-summary-list").first().textContent()).includes(notes));
      await firm.context().close();
    });

    test(`"Is it fixed?" asks what is still wrong only for No (${label.slice(1)})`, async () => {
      const ref = await reportByApi("plumbing", `Dripping tap${label}`);
      await actByApi(account("officer"), ref, "triage", { priority: "routine" });
      await actByApi(account("officer"), ref, "assign", { contractor_id: account("contractor").contractor_id });
      await actByApi(account("contractor"), ref, "start");
      await actByApi(account("contractor"), ref, "complete", { note: "Replaced the washer" });
      const page = await newPage({ javaScript, viewport: size });
      await signIn(page, account("tenant"));
      await page.goto(`/jobs/${ref}`);
      const reason = page.getByLabel("What is still wrong? (only if it is not fixed)");
      assert.equal(await reason.isVisible(), !javaScript, "hidden until needed, or always there without JavaScript");
      await page.getByRole("group", { name: "Is it fixed?" }).getByLabel("No", { exact: true }).check();
      assert.equal(await reason.isVisible(), true);
      if (javaScript) {
        await look(page, `daywork-not-fixed-reason${label}`);
        await page.getByRole("group", { name: "Is it fixed?" }).getByLabel("Yes").check();
        assert.equal(await reason.isVisible(), false);
        await page.getByRole("group", { name: "Is it fixed?" }).getByLabel("No", { exact: true }).check();
      }
      await reason.fill("Still drips at night");
      await page.getByRole("button", { name: "Send answer" }).click();
      await page.waitForLoadState();
      assert.match(await page.locator(".govuk-notification-banner").textContent(), /We have reopened your repair/);
      assert.notEqual(await status(page), "Work completed");
      await page.context().close();
    });
  }
}

finalChecks();
