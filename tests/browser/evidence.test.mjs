// The evidence pack of a hazard case: the officer opens it from the job page, it passes axe, prints under the
// landlord's name without the menu or buttons, and its ZIP downloads; a tenant cannot open it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { account, actByApi, desktop, finalChecks, look, newPage, reportByApi, signIn, useMend } from "./harness.mjs";

useMend();

test("an officer prints and downloads a hazard case's evidence pack", async () => {
  const ref = await reportByApi("damp_mould", "Black mould in the baby's room");
  await actByApi(account("officer"), ref, "triage", { priority: "urgent", hazard: "significant" });
  await actByApi(account("officer"), ref, "pause_clock", { reason: "no_access", clock: "investigate" });

  for (const javaScript of [true, false]) {
    const officer = await newPage({ viewport: desktop, javaScript });
    await signIn(officer, account("officer"));
    await officer.goto(`/jobs/${ref}`);
    await officer.getByRole("link", { name: "Evidence pack" }).click();
    await officer.waitForLoadState();
    assert.equal(new URL(officer.url()).pathname, `/jobs/${ref}/evidence`);
    const main = await officer.locator("main").innerText();
    assert.match(main, /History, in order/);
    assert.match(main, /No access/);
    if (javaScript) {
      await look(officer, "evidence");
    }

    // On paper: the record only.
    await officer.emulateMedia({ media: "print" });
    assert.equal(await officer.locator(".govuk-service-navigation").isVisible(), false, "no menu in print");
    assert.equal(await officer.locator(".mend-header").isVisible(), true, "the landlord's name stays");
    assert.equal(await officer.getByRole("link", { name: /Download the evidence pack/ }).isVisible(), false);
    assert.equal(await officer.getByRole("heading", { name: "History, in order" }).isVisible(), true);
    const pdf = await officer.pdf();
    assert.ok(pdf.length > 1000, "the page prints");
    await officer.emulateMedia({ media: "screen" });

    const [download] = await Promise.all([
      officer.waitForEvent("download"),
      officer.getByRole("link", { name: /Download the evidence pack/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `evidence-${ref}.zip`);
    await officer.context().close();
  }

  const tenant = await newPage();
  await signIn(tenant, account("tenant"));
  assert.equal((await tenant.goto(`/jobs/${ref}/evidence`)).status(), 404);
  await tenant.goto(`/jobs/${ref}`);
  assert.equal(await tenant.getByRole("link", { name: "Evidence pack" }).count(), 0);
});

finalChecks();
