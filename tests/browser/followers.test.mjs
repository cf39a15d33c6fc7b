// Followers (issue 19): a signed-in tenant who may see a repair they did not report says "Me too" on its page and
// later stops following, with and without JavaScript; officers see how many follow it on the job page, which
// keeps under 1,800 px at desktop width.
import { test } from "node:test";
import assert from "node:assert/strict";
import { account, api, demo, desktop, finalChecks, look, newPage, noteHeight, signIn, useMend } from "./harness.mjs";

useMend();

// An officer raises a repair for the tenant's home, for no one in particular: the tenant did not report it.
async function raiseForHome(description) {
  const tenant = account("tenant");
  const home = demo.properties.find((p) => p.tenant_id === tenant.id);
  const job = await api(account("officer"), "POST", "/api/v1/requests",
                        { uprn: home.uprn, category: "plumbing", description });
  return job.reference;
}

async function banner(page) {
  return (await page.locator(".govuk-notification-banner").innerText()).trim();
}

for (const javaScript of [true, false]) {
  test(`a tenant says "Me too" and stops following (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    const ref = await raiseForHome(javaScript ? "Lift broken on floor 3" : "Lift broken on floor 5");
    const tenant = account("tenant");
    const page = await newPage({ javaScript });
    await signIn(page, tenant);
    await page.goto(`/jobs/${ref}`);
    assert.equal(await page.getByRole("button", { name: "Stop following" }).count(), 0);
    if (javaScript) await look(page, "job-me-too");

    await page.getByRole("button", { name: "Me too" }).click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, `/jobs/${ref}`);
    assert.match(await banner(page), /You are following this repair/);
    assert.equal(await page.getByRole("button", { name: "Me too" }).count(), 0);
    const mine = await api(tenant, "GET", `/api/v1/requests/${ref}/followers`);
    assert.deepEqual(mine.items.map((f) => [f.kind, f.user_id]), [["tenant", tenant.id]]);
    if (javaScript) await look(page, "job-following");

    const officer = await newPage({ javaScript, viewport: desktop });
    await signIn(officer, account("officer"));
    await officer.goto(`/jobs/${ref}`);
    assert.match(await officer.locator("#followers").innerText(), /^1 follows this repair/);
    const height = await noteHeight(officer, `officer-job-followed${javaScript ? "" : "-nojs"}`);
    assert.ok(height < 1800, `the officer's job page is ${height}px tall`);
    if (javaScript) await look(officer, "officer-job-followers");

    await page.getByRole("button", { name: "Stop following" }).click();
    await page.waitForLoadState();
    assert.match(await banner(page), /You have stopped following this repair/);
    assert.equal(await page.getByRole("button", { name: "Me too" }).count(), 1);
    assert.deepEqual((await api(tenant, "GET", `/api/v1/requests/${ref}/followers`)).items, []);
    if (javaScript) await look(page, "job-unfollowed");
  });
}

test("the tenant who reported a repair is offered no \"Me too\"", async () => {
  const tenant = account("tenant");
  const home = demo.properties.find((p) => p.tenant_id === tenant.id);
  const job = await api(tenant, "POST", "/api/v1/requests", { uprn: home.uprn, category: "plumbing",
                                                              description: "Bath tap drips" });
  const page = await newPage();
  await signIn(page, tenant);
  await page.goto(`/jobs/${job.reference}`);
  assert.equal(await page.getByRole("button", { name: "Me too" }).count(), 0);
  assert.equal(await page.locator("#follow").count(), 0);
});

finalChecks();
