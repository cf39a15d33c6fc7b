// Phone intake (an officer finds the caller by name, postcode or address, reports, and says how the tenant
// will hear, in three pages) and the work queue's CSV download with its filters; phone and desktop widths,
// JavaScript on and off, axe on every page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  useMend, finalChecks, newPage, signIn, look, account, api, phone, desktop, noteHeight,
} from "./harness.mjs";

useMend();

const runs = [
  { javaScript: true, viewport: phone, name: "phone-js" },
  { javaScript: false, viewport: phone, name: "phone-nojs" },
  { javaScript: true, viewport: desktop, name: "desktop-js" },
  { javaScript: false, viewport: desktop, name: "desktop-nojs" },
];

// look() evaluates axe in the page, which a context without JavaScript cannot do (it waits for ever); the
// same pages are looked at in the runs with JavaScript.
async function lookWith(javaScript, page, name) {
  if (javaScript) {
    await look(page, name);
  }
}

// The width of a full-page screenshot is the page's scroll width; it needs no JavaScript.
async function noHorizontalScroll(page, what) {
  const wide = (await page.screenshot({ fullPage: true })).readUInt32BE(16);
  assert.ok(wide <= page.viewportSize().width, `${what} scrolls sideways: ${wide}px`);
}

for (const run of runs) {
  test(`phone intake finds a tenant by name and reports in three pages (${run.name})`, { timeout: 120000 }, async () => {
    const officer = account("officer");
    const amira = account("tenant", 1);
    const page = await newPage({ javaScript: run.javaScript, viewport: run.viewport });
    await signIn(page, officer);
    const seen = [];
    page.on("framenavigated", (f) => {
      if (f === page.mainFrame()) {
        seen.push(new URL(f.url()).pathname);
      }
    });

    // Page 1: the search, and its results on the same page.
    await page.getByRole("link", { name: "Phone report" }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Report a repair for a tenant");
    assert.equal(await page.getByLabel("UPRN").count(), 0, "the officer never types a UPRN");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForLoadState();
    assert.match(await page.locator(".govuk-error-summary").textContent(), /Enter a postcode, part of the address or the tenant's name/);
    await lookWith(run.javaScript, page, `intake-search-error-${run.name}`);
    await page.getByLabel("Find the tenant's home").fill("amira hadd");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForLoadState();
    assert.match(await page.locator("#results").textContent(), /1 result for ‘amira hadd’/);
    await lookWith(run.javaScript, page, `intake-results-${run.name}`);
    await noHorizontalScroll(page, "the search results");

    // Page 2: the report, for the tenant and home chosen, and how they will hear.
    await page.getByRole("link", { name: /Amira Haddad/ }).click();
    await page.waitForLoadState();
    const chosen = await page.locator("#home").textContent();
    assert.match(chosen, /Amira Haddad/);
    assert.match(chosen, /07700 900456/);
    assert.match(chosen, /7 Orchard Court, London, E8 2CD/);
    await page.getByRole("button", { name: "Send repair report" }).click();
    await page.waitForLoadState();
    const errors = await page.locator(".govuk-error-summary").textContent();
    assert.match(errors, /Select what needs repairing/);
    assert.match(errors, /Describe the problem/);
    assert.match(await page.locator("#home").textContent(), /Amira Haddad/, "the choice is kept after an error");
    await lookWith(run.javaScript, page, `intake-report-error-${run.name}`);
    await page.getByLabel("Plumbing, taps and toilets").check();
    await page.getByLabel("Describe the problem").fill(`The bath tap drips (${run.name})`);
    await page.getByLabel("Text message to 07700 900456").check();
    await lookWith(run.javaScript, page, `intake-report-${run.name}`);
    await noHorizontalScroll(page, "the report step");
    await noteHeight(page, `intake-report-${run.name}`);
    await page.getByRole("button", { name: "Send repair report" }).click();
    await page.waitForLoadState();

    // Page 3: the job.
    const reference = new URL(page.url()).pathname.split("/").pop();
    assert.match(reference, /^[A-Z0-9-]+$/);
    const pages = new Set(seen.filter((p) => p !== "/login" && p !== "/queue"));
    assert.deepEqual([...pages], ["/intake", "/intake/report", `/jobs/${reference}`]);
    const job = await api(officer, "GET", `/api/v1/requests/${reference}`);
    assert.equal(job.tenant_id, amira.id);
    assert.equal(job.source, "phone");
    assert.equal(job.uprn, "100023336957");
    const events = await api(officer, "GET", `/api/v1/requests/${reference}/events`);
    assert.equal(events.items[0].data.notify_via, "sms");
    await page.context().close();
  });
}

test("phone intake finds homes by postcode, with or without its space", async () => {
  const page = await newPage({ viewport: desktop });
  await signIn(page, account("officer"));
  for (const text of ["E8 1", "e81ab", "mill la"]) {
    await page.goto(`/intake?q=${encodeURIComponent(text)}`);
    assert.match(await page.locator(".intake-results").textContent(), /Tom Byrne/, text);
  }
  await page.goto("/intake?q=nowhere");
  assert.match(await page.locator("main").textContent(), /No homes found for ‘nowhere’/);
  await look(page, "intake-no-results");
  await page.context().close();
});

test("the tenants page shows each tenant's address and leads to the homes list", async () => {
  const page = await newPage({ viewport: desktop });
  await signIn(page, account("officer"));
  await page.getByRole("link", { name: "Tenants" }).click();
  await page.waitForLoadState();
  const row = page.getByRole("row", { name: /Amira Haddad/ });
  assert.match(await row.textContent(), /7 Orchard Court, London, E8 2CD/);
  await look(page, "tenants-with-addresses");
  await page.getByRole("link", { name: "list of homes" }).click();
  await page.waitForLoadState();
  assert.match(await page.locator("table").textContent(), /Flat 3, 12 Mill Lane, London/);
  assert.equal(await page.getByRole("button", { name: "Add home" }).count(), 0, "only admins add homes");
  await look(page, "homes-for-officers");
  await page.context().close();
});

for (const javaScript of [true, false]) {
  test(`the queue's Download CSV carries its filters (JavaScript ${javaScript ? "on" : "off"})`, { timeout: 120000 }, async () => {
    const officer = account("officer");
    const tenant = account("tenant");
    const home = "100023336956";
    for (const category of ["electrical", "heating", "electrical"]) {
      await api(tenant, "POST", "/api/v1/requests", { uprn: home, category, description: `=cmd ${category}` });
    }
    const page = await newPage({ javaScript, viewport: phone });
    await signIn(page, officer);
    await page.goto("/queue");
    await page.getByLabel("Type of repair").selectOption("electrical");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForLoadState();
    const link = page.getByRole("link", { name: "Download CSV" });
    assert.equal(await link.getAttribute("href"), "/queue.csv?category=electrical");
    await lookWith(javaScript, page, "queue-download");
    await noHorizontalScroll(page, "the queue");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    assert.match(download.suggestedFilename(), /^work-queue-\d{4}-\d\d-\d\d\.csv$/);
    const lines = readFileSync(await download.path(), "utf8").split("\r\n").filter(Boolean);
    assert.equal(lines[0], "reference,uprn,category,priority,hazard,status,source,contractor_id,reported_at,completed_at,target_due,recharge");
    assert.ok(lines.length >= 3, `expected the electrical jobs, got ${lines.length - 1}`);
    for (const line of lines.slice(1)) {
      assert.equal(line.split(",")[2], "electrical", line);
    }
    await page.context().close();
  });
}

finalChecks();
