// Browser tests of the contractor's pages on a phone and a desktop, with and without JavaScript: today's job
// first, the next step on top, a tap-to-call number, how to get in and the way there; starting and completing
// with a photo; declining back to the work orders; and a half-typed note kept across an ended session.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  account, act, actByApi, api, cli, demo, desktop, finalChecks, look, newPage, noteHeight, phone, png, signIn,
  status,
} from "./harness.mjs";
import { useMend } from "./harness.mjs";

const accessNotes = "Key safe by the back door, code 4821. Dog in the garden.";
let siteHome;

useMend({
  prepare() {
    // A home with access notes, held by the demo's first tenant (Tom Byrne, 07700 900123).
    const tenant = demo.accounts.find((a) => a.role === "tenant");
    siteHome = cli("property", "add", "--uprn", "300000000001", "--address", "4 Quay Street, Leeds", "--postcode",
      "LS1 4AB", "--tenant", String(tenant.id), "--access-notes", accessNotes);
  },
});

// A job at the home with access notes, assigned to the demo's firm; then `steps` by the firm (API).
async function assignedJob(description, steps = []) {
  const tenant = account("tenant");
  const officer = account("officer");
  const firm = account("contractor");
  const { reference } = await api(tenant, "POST", "/api/v1/requests",
    { uprn: siteHome.uprn, category: "plumbing", description });
  await actByApi(officer, reference, "triage", { priority: "routine" });
  await actByApi(officer, reference, "assign", { contractor_id: firm.contractor_id });
  for (const [action, params] of steps) {
    await actByApi(firm, reference, action, params);
  }
  return reference;
}

function at(msFromNow, minutes = 60) {
  const start = new Date(Date.now() + msFromNow);
  return { start: start.toISOString(), end: new Date(start.getTime() + minutes * 60000).toISOString() };
}

const day = 24 * 3600 * 1000;

for (const [viewport, size] of [["phone", phone], ["desktop", desktop]]) {
  for (const javaScript of [true, false]) {
    const label = `-${viewport}${javaScript ? "" : "-nojs"}`;

    test(`a contractor opens today's job, calls, starts and completes it with a photo (${label.slice(1)})`, async () => {
      const later = await assignedJob(`Radiator cold in the bedroom${label}`,
        [["accept"], ["schedule", { appointment: at(3 * day) }]]);
      const unbooked = await assignedJob(`Tap loose in the bathroom${label}`, [["accept"]]);
      const today = await assignedJob(`Boiler pressure drops${label}`,
        [["accept"], ["schedule", { appointment: at(0) }]]);

      const page = await newPage({ javaScript, viewport: size });
      await signIn(page, account("contractor"));
      assert.match(page.url(), /\/work-orders$/);
      const headings = await page.locator("main h2").allTextContents();
      assert.deepEqual(headings.slice(0, 3).map((h) => h.trim()),
        ["Today", "Coming up", "Not booked for today or later"]);
      const cards = (await page.locator("main .govuk-summary-card__title").allTextContents()).join("\n");
      assert.ok(cards.indexOf(today) < cards.indexOf(later), "today's job before a later one");
      assert.ok(cards.indexOf(later) < cards.indexOf(unbooked), "a booked job before one not booked");
      assert.match(await page.locator("main h2 + ul").first().textContent(), new RegExp(today));
      if (javaScript) await look(page, `contractor-work-orders-today${label}`);

      await page.getByRole("link", { name: new RegExp(today) }).click();
      await page.waitForLoadState();
      const call = page.locator('main a[href^="tel:"]');
      assert.equal(await call.getAttribute("href"), "tel:+447700900123");
      assert.match(await call.textContent(), /Call/);
      const facts = await page.locator("main .govuk-summary-list").first().textContent();
      assert.match(facts, /Getting in\s*Key safe by the back door, code 4821\. Dog in the garden\./);
      const directions = await page.getByRole("link", { name: /Directions/ }).getAttribute("href");
      assert.equal(directions,
        "https://www.openstreetmap.org/search?query=4%20Quay%20Street%2C%20Leeds%2C%20LS1%204AB");
      // The next step is the first form, above the other actions folded away.
      const forms = await page.locator("main form").evaluateAll((fs) => fs.map((f) => f.id));
      assert.equal(forms[0], "start-form");
      assert.equal(await page.locator("details:not([open]) #hold-form").count(), 1);
      assert.equal(await page.locator("main input[type=date]").count(), 0, "no browser date box");
      if (javaScript) await look(page, `contractor-job-today${label}`);
      await noteHeight(page, `contractor-job-booked${label}`);

      await act(page, "start", null, "Start work");
      assert.equal(await status(page), "Work started");
      assert.equal((await page.locator("main form").first().getAttribute("id")), "complete-form");
      await act(page, "complete", async (f) => {
        await f.getByLabel("What was done").fill("Repressurised and replaced the valve");
        await f.locator("input[type=file]").setInputFiles([{ name: "valve.png", mimeType: "image/png", buffer: png }]);
      }, "Complete job");
      assert.equal(await status(page), "Work completed");
      assert.equal(await page.locator(".mend-photos img").count(), 1);
      if (javaScript) await look(page, `contractor-job-completed${label}`);
      await page.context().close();
    });

    test(`a contractor books with the GOV.UK date input (${label.slice(1)})`, async () => {
      const ref = await assignedJob(`Gutter hanging off${label}`, [["accept"]]);
      const page = await newPage({ javaScript, viewport: size });
      await signIn(page, account("contractor"));
      await page.goto(`/jobs/${ref}`);
      assert.equal(await page.locator("main form").first().getAttribute("id"), "schedule-form");
      // A date that does not exist comes back with the error next to the date, and what was typed.
      await act(page, "schedule", async (f) => {
        await f.getByLabel("Day").fill("31");
        await f.getByLabel("Month").fill("2");
        await f.getByLabel("Year").fill("2030");
        await f.getByLabel("From (UK time)").fill("9am");
        await f.getByLabel("Until (UK time)").fill("12:30");
      }, "Book appointment");
      assert.match(await page.locator("#schedule-date-error").textContent(), /must be a real date/);
      assert.equal(await page.locator("#schedule-date-month").inputValue(), "2");
      assert.equal(await page.locator("#schedule-start").inputValue(), "9am");
      if (javaScript) await look(page, `contractor-book-error${label}`);
      await act(page, "schedule", (f) => f.getByLabel("Day").fill("28"), "Book appointment");
      assert.equal(await status(page), "Appointment booked");
      assert.match(await page.locator("main").textContent(), /28 February 2030, 9am to 12:30pm/);
      await page.context().close();
    });

    test(`declining goes back to the work orders with a message, the reason for the officer only (${label.slice(1)})`, async () => {
      const ref = await assignedJob(`Fence panel down${label}`);
      const page = await newPage({ javaScript, viewport: size });
      await signIn(page, account("contractor"));
      await page.goto(`/jobs/${ref}`);
      const forms = await page.locator("main form").evaluateAll((fs) => fs.map((f) => f.id));
      assert.deepEqual(forms.slice(0, 2), ["accept-form", "decline-form"], "Accept and Decline on top");
      assert.match(await page.locator("#decline-form").textContent(), /Only the housing officer sees this/);
      await act(page, "decline", (f) => f.getByLabel("Why are you declining? (optional)").fill(
        "No fencer free this month"), "Decline job");
      assert.match(page.url(), new RegExp(`/work-orders\\?declined=${ref}$`));
      assert.match(await page.locator(".govuk-notification-banner").textContent(),
        new RegExp(`You declined job ${ref}\\. It has gone back to the housing officer\\.`));
      assert.equal(await page.getByRole("link", { name: new RegExp(ref) }).count(), 0);
      if (javaScript) await look(page, `contractor-declined${label}`);
      await page.context().close();

      const officer = await newPage({ javaScript, viewport: desktop });
      await signIn(officer, account("officer"));
      await officer.goto(`/jobs/${ref}`);
      assert.equal(await status(officer), "Checked");
      assert.match(await officer.locator("main").textContent(), /Internal note:\s*No fencer free this month/);
      await officer.context().close();
      const tenant = await newPage({ javaScript, viewport: size });
      await signIn(tenant, account("tenant"));
      await tenant.goto(`/jobs/${ref}`);
      assert.ok(!(await tenant.locator("main").textContent()).includes("No fencer"), "the tenant does not see it");
      await tenant.context().close();
    });

    test(`an ended session keeps a half-typed note and returns to the form (${label.slice(1)})`, async () => {
      const ref = await assignedJob(`Extractor fan dead${label}`, [["accept"], ["start"]]);
      const page = await newPage({ javaScript, viewport: size });
      await signIn(page, account("contractor"));
      await page.goto(`/jobs/${ref}`);
      const note = "Fan replaced, but the wiring in the loft needs an electrician";
      await page.locator("#complete-form").getByLabel("What was done").fill(note);
      // The session ends (expired, or signed out in another tab) while the note is being typed.
      const url = new URL(page.url());
      await page.context().addCookies([{ name: "mend_session", value: "0".repeat(64), domain: url.hostname, path: "/" }]);
      await page.locator("#complete-form").getByRole("button", { name: "Complete job" }).click();
      await page.waitForLoadState();
      assert.match(page.url(), /\/login\?next=/);
      assert.match(await page.locator("main").textContent(), /You were signed out, so your form was not sent/);
      if (javaScript) await look(page, `signed-out-kept${label}`);
      const who = account("contractor");
      await page.getByLabel("Email address or mobile phone number").fill(who.email);
      await page.getByLabel("Password").fill(who.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForLoadState();
      assert.equal(new URL(page.url()).pathname, `/jobs/${ref}`);
      assert.match(await page.locator("main").textContent(), /You were signed out, so this was not sent/);
      assert.equal(await page.locator("#complete-form").getByLabel("What was done").inputValue(), note);
      assert.equal(await status(page), "Work started", "nothing was done while signed out");
      if (javaScript) await look(page, `restored-form${label}`);
      await act(page, "complete", null, "Complete job");
      assert.equal(await status(page), "Work completed");
      // Filled in once: the page shown again is as it is.
      await page.goto(`/jobs/${ref}`);
      assert.doesNotMatch(await page.locator("main").textContent(), /You were signed out/);
      await page.context().close();
    });
  }
}

finalChecks();
