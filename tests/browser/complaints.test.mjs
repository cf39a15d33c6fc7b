// Complaints on the Ombudsman's Code, as people use them: a tenant complains from their repair's page, an
// officer finds it in the queue, acknowledges, extends and answers it on the complaint's page, the tenant
// takes it to stage 2, and the complaint shows in the repair's evidence pack; on a phone and a desktop, with
// and without JavaScript, and axe finds nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { account, desktop, finalChecks, look, newPage, reportByApi, signIn, useMend } from "./harness.mjs";

useMend();

async function submit(page, heading, fill, button) {
  const form = page.locator("form", { has: page.getByRole("heading", { name: heading }) });
  await fill(form);
  await form.getByRole("button", { name: button }).click();
  await page.waitForLoadState();
}

test("a tenant's complaint through stage 1 and into stage 2, on the pages", async () => {
  for (const javaScript of [true, false]) {
    const ref = await reportByApi("heating", `No heating (${javaScript ? "with" : "without"} JavaScript)`);
    const tenant = await newPage({ javaScript });
    await signIn(tenant, account("tenant"));
    await tenant.goto(`/jobs/${ref}`);
    await tenant.getByRole("link", { name: "Make a complaint" }).click();
    await tenant.waitForLoadState();
    assert.equal(new URL(tenant.url()).pathname, `/jobs/${ref}/complaint`);
    if (javaScript) {
      await look(tenant, "complaint-new");
    }
    // Nothing typed: the error names the box, and nothing is sent.
    await tenant.getByRole("button", { name: "Send my complaint" }).click();
    await tenant.waitForLoadState();
    assert.match(await tenant.locator(".govuk-error-summary").innerText(), /summary is required/);
    await tenant.getByLabel("What is your complaint?").fill("Nobody came for two weeks");
    await tenant.getByLabel("What would put it right? (optional)").fill("A visit this week");
    await tenant.getByRole("button", { name: "Send my complaint" }).click();
    await tenant.waitForLoadState();
    const complaintPath = new URL(tenant.url()).pathname;
    assert.match(complaintPath, /^\/complaints\/C-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.match(await tenant.locator("main").innerText(), /Stage 1: to acknowledge/);
    assert.equal(await tenant.getByRole("button", { name: /Acknowledge/ }).count(), 0);

    const officer = await newPage({ viewport: desktop, javaScript });
    await signIn(officer, account("officer"));
    await officer.goto("/queue");
    await officer.getByRole("link", { name: "Complaints" }).click();
    await officer.waitForLoadState();
    await officer.getByRole("link", { name: complaintPath.split("/")[2] }).click();
    await officer.waitForLoadState();
    if (javaScript) {
      await look(officer, "complaint-officer");
    }
    await submit(officer, "Acknowledge the complaint", async (f) => {
      await f.getByLabel(/Your understanding/).fill("You waited two weeks for a visit");
    }, "Acknowledge and tell the tenant");
    assert.match(await officer.locator(".govuk-notification-banner").innerText(), /Acknowledged/);

    // An extension past the Code's limit is refused by name, what was typed stays.
    await submit(officer, "Extend the time to respond", async (f) => {
      await f.getByLabel("Working days more").fill("12");
      await f.getByLabel("Why more time is needed").fill("Waiting for the engineer's report");
    }, "Extend and tell the tenant");
    assert.match(await officer.locator(".govuk-error-summary").innerText(), /at most|1 to 10/);
    assert.equal(await officer.getByLabel("Why more time is needed").inputValue(), "Waiting for the engineer's report");
    await submit(officer, "Extend the time to respond", async (f) => {
      await f.getByLabel("Working days more").fill("5");
    }, "Extend and tell the tenant");
    assert.match(await officer.locator("main").innerText(), /Extended by 5 working days/);

    await submit(officer, "Send the stage 1 response", async (f) => {
      await f.getByLabel("Response").fill("We are sorry. The boiler is booked for Friday.");
    }, "Send the response");
    assert.match(await officer.locator("main").innerText(), /Stage 1: answered/);

    await tenant.goto(complaintPath);
    await submit(tenant, "Take my complaint to stage 2", async (f) => {
      await f.getByLabel("Why are you not satisfied?").fill("The boiler still does not work");
    }, "Ask for stage 2");
    assert.match(await tenant.locator("main").innerText(), /Stage 2: to acknowledge/);
    if (javaScript) {
      await look(tenant, "complaint-tenant");
    }

    await officer.goto(`/jobs/${ref}/evidence`);
    const pack = await officer.locator("main").innerText();
    assert.match(pack, /Complaints/);
    assert.match(pack, /Escalated to stage 2/);
    if (javaScript) {
      await officer.goto("/complaints/figures");
      await look(officer, "complaint-figures");
    }
    await tenant.context().close();
    await officer.context().close();
  }
});

test("a tenant cannot open someone else's complaint or the figures", async () => {
  const other = await newPage();
  await signIn(other, account("tenant", 1));
  assert.equal((await other.goto("/complaints/figures")).status(), 404);
  await other.goto("/complaints");
  assert.match(await other.locator("main").innerText(), /No open complaints/);
  await other.context().close();
});

finalChecks();
