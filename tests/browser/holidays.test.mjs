// The bank holiday calendar runs out at the end of 2028: from a year before, officers and admins are warned on
// every page and /metrics counts the days left; an admin adds the next year's holidays on the Bank holidays page
// (with and without JavaScript), which ends the warning. The server's clock is moved to February 2028 through
// MEND_TEST_CLOCK_FILE (cli/test_clock.hpp).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tmpdir } from "node:os";
import { account, base, desktop, finalChecks, look, newPage, noteHeight, signIn, useMend } from "./harness.mjs";

// Tuesday 1 February 2028, noon UTC: 334 days before the calendar's last day.
const offsetFile = path.join(tmpdir(), `mend-holidays-clock-${process.pid}`);
writeFileSync(offsetFile, String((Date.parse("2028-02-01T12:00:00Z") - Date.now()) / 1000));
useMend({ env: { MEND_TEST_CLOCK_FILE: offsetFile } });
after(() => rmSync(offsetFile, { force: true }));

const warning = /The bank holiday calendar ends on 31 December 2028/;

async function daysLeft() {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(text.match(/^mend_calendar_days_left (-?\d+)$/m)[1]);
}

async function addHolidays(page, year, dates) {
  await page.getByLabel("Dates").fill(dates);
  await page.getByLabel("Year (optional)").fill(year);
  await page.getByRole("button", { name: "Add bank holidays" }).click();
  await page.waitForLoadState();
}

const year2029 = `2029-01-01 New Year's Day
2029-03-30 Good Friday
2029-04-02 Easter Monday
2029-05-07 Early May bank holiday
2029-05-28 Spring bank holiday
2029-08-27 Summer bank holiday
2029-12-25 Christmas Day
2029-12-26 Boxing Day`;

test("officers are warned a year before the calendar runs out, and an admin adds the next year", async () => {
  assert.equal(await daysLeft(), 334);

  const officer = await newPage();
  await signIn(officer, account("officer"));
  assert.match(await officer.locator(".govuk-notification-banner").innerText(), warning);
  await look(officer, "calendar-warning-queue");
  await officer.getByRole("link", { name: "Bank holidays" }).click();
  await officer.waitForLoadState();
  assert.equal(new URL(officer.url()).pathname, "/holidays");
  assert.equal(await officer.getByRole("button", { name: "Add bank holidays" }).count(), 0, "officers read only");

  const tenant = await newPage();
  await signIn(tenant, account("tenant"));
  assert.equal(await tenant.locator(".govuk-notification-banner").count(), 0, "tenants are not told");
  assert.equal((await tenant.goto("/holidays")).status(), 404);

  const admin = await newPage({ viewport: desktop });
  await signIn(admin, account("admin"));
  await admin.getByRole("link", { name: "Bank holidays", exact: true }).first().click();
  await admin.waitForLoadState();
  await look(admin, "holidays");
  assert.match(await admin.locator("main").innerText(), /covers bank holidays up to 31 December 2028/);

  // A date outside the year: the error names the line, and nothing is added.
  await addHolidays(admin, "2029", `${year2029}\n2030-01-01 New Year's Day`);
  assert.match(await admin.title(), /^Error: /);
  assert.match(await admin.locator(".govuk-error-summary").innerText(), /Line 9: 2030-01-01 is not in 2029/);
  assert.equal(await admin.getByLabel("Dates").inputValue(), `${year2029}\n2030-01-01 New Year's Day`);
  await look(admin, "holidays-error");
  assert.equal(await daysLeft(), 334);

  await addHolidays(admin, "2029", year2029);
  assert.equal(new URL(admin.url()).pathname, "/holidays");
  const main = await admin.locator("main").innerText();
  assert.match(main, /covers bank holidays up to 31 December 2029/);
  assert.match(main, /Friday 30 March 2029\s+Good Friday/);
  assert.equal(await admin.locator(".govuk-notification-banner").count(), 0, "the warning has gone");
  await noteHeight(admin, "holidays-2029");
  assert.equal(await daysLeft(), 334 + 365);

  await officer.reload();
  assert.equal(await officer.locator(".govuk-notification-banner").count(), 0);
  for (const p of [officer, tenant, admin]) await p.context().close();
});

test("without JavaScript, an admin adds a closure day", async () => {
  const admin = await newPage({ javaScript: false });
  await signIn(admin, account("admin"));
  await admin.goto("/holidays");
  await addHolidays(admin, "", "2028-12-27 Office closed for Christmas");
  assert.match(await admin.locator("main").innerText(), /Wednesday 27 December 2028\s+Office closed for Christmas/);
  await admin.context().close();
});

finalChecks();
