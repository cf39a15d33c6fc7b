// Shared problems (issue 19): the public known-problems page (no sign-in) shows an officer's communal job for a
// block with its public words only, with an Atom feed linked from the page; a tenant of the block is pointed to
// it from the report form and reports a problem in a shared area. JavaScript on and off, phone and desktop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { account, api, cli, desktop, finalChecks, look, newPage, phone, signIn, useMend } from "./harness.mjs";

let block;
const tenant = { email: "lark1@example.org", password: "lark-tenant-password" };
const leaseholder = { email: "lark2@example.org", password: "lark-leaseholder-password" };
useMend({
  prepare: () => {
    const estate = cli("place", "add", "--kind", "estate", "--name", "Lark Estate", "--address", "Lark Road, London");
    block = cli("place", "add", "--kind", "block", "--name", "Lark House", "--address", "Lark Road, London",
                "--estate", String(estate.id));
    const user = cli("user", "add", "--role", "tenant", "--name", "Rosa Quill", "--email", tenant.email,
                     "--password", tenant.password);
    tenant.id = user.id;
    tenant.token = user.token;
    tenant.home = cli("property", "add", "--uprn", "200000000001", "--address", "Flat 1, Lark House", "--postcode",
                      "NW5 2XY", "--tenant", String(user.id), "--block", String(block.id));
    const owner = cli("user", "add", "--role", "tenant", "--name", "Lee Hartley", "--email", leaseholder.email,
                      "--password", leaseholder.password);
    leaseholder.token = owner.token;
    cli("property", "add", "--uprn", "200000000002", "--address", "Flat 2, Lark House", "--postcode", "NW5 2XY",
        "--tenant", String(owner.id), "--tenure", "leaseholder", "--block", String(block.id));
  },
});

let lift;
async function raiseLift() {
  lift ??= await api(account("officer"), "POST", "/api/v1/requests", {
    block: block.id, category: "communal", description: "Lift stuck; Rosa Quill called from flat 1",
    public_summary: "The lift is not working",
  });
  return lift;
}

for (const javaScript of [true, false]) {
  for (const viewport of [phone, desktop]) {
    const size = viewport === phone ? "phone" : "desktop";
    test(`anyone finds the known problems at a postcode (JavaScript ${javaScript ? "on" : "off"}, ${size})`, async () => {
      const job = await raiseLift();
      const page = await newPage({ javaScript, viewport });
      await page.goto("/known-problems");
      await page.getByLabel("Postcode").fill("nw5 2xy");
      await page.getByRole("button", { name: "Find known problems" }).click();
      await page.waitForLoadState();
      const card = page.locator(`#known-${job.reference}`);
      assert.match(await card.innerText(), /The lift is not working/);
      assert.match(await card.innerText(), /Reported/);
      const text = await page.locator("main").innerText();
      assert.doesNotMatch(text, /Rosa Quill|flat 1|Lift stuck/i, "nothing private");
      const feeds = page.locator('link[rel="alternate"][type="application/atom+xml"]');
      const hrefs = await feeds.evaluateAll((links) => links.map((l) => l.getAttribute("href")));
      const feed = `/known-problems/blocks/${block.id}.atom`;
      assert.ok(hrefs.includes(feed), hrefs.join(" ")); // the block's, and its estate's
      const atom = await (await page.request.get(feed)).text();
      assert.match(atom, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
      assert.match(atom, /The lift is not working/);
      if (javaScript) await look(page, `known-problems-${size}`);

      await page.getByLabel("Postcode").fill("not a postcode");
      await page.getByRole("button", { name: "Find known problems" }).click();
      await page.waitForLoadState();
      assert.match(await page.locator("#postcode-error").innerText(), /Enter a real postcode/);
      if (javaScript) await look(page, `known-problems-error-${size}`);
    });
  }

  test(`a tenant of the block reports a problem in a shared area (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    await raiseLift();
    const page = await newPage({ javaScript, viewport: phone });
    await signIn(page, tenant);
    await page.goto("/repairs/new");
    const known = page.locator("#known-problems a");
    assert.equal(await known.getAttribute("href"), "/known-problems?postcode=NW5+2XY", "we know about these");
    if (javaScript) await look(page, "report-shared-area");
    await page.locator("#where-shared").check();
    await page.locator("#category-communal").check();
    await page.getByLabel("Describe the problem").fill("The door entry buzzer does not work");
    await page.getByRole("button", { name: "Send repair report" }).click();
    await page.waitForLoadState();
    const ref = new URL(page.url()).pathname.split("/").pop();
    assert.match(ref, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/, page.url());
    const job = await api(tenant, "GET", `/api/v1/requests/${ref}`);
    assert.deepEqual(job.place, { id: block.id, kind: "block", name: "Lark House" });
    if (javaScript) await look(page, "report-shared-area-sent");

    await page.goto(`/jobs/${lift.reference}`);
    assert.match(await page.locator("main").innerText(), /The lift is not working/, "the neighbour's read-only view");
    assert.doesNotMatch(await page.locator("main").innerText(), /Rosa Quill|Lift stuck/);
    if (javaScript) await look(page, "communal-job-neighbour");
    // "Me too" on the neighbour's view of the job, then "Stop following" (so the next run starts the same).
    await page.getByRole("button", { name: "Me too" }).click();
    await page.waitForLoadState();
    assert.match(await page.locator("main").innerText(), /You are following this repair/);
    const followers = await api(tenant, "GET", `/api/v1/requests/${lift.reference}/followers`);
    assert.equal(followers.items.length, 1);
    if (javaScript) await look(page, "communal-job-following");
    await page.getByRole("button", { name: "Stop following" }).click();
    await page.waitForLoadState();
    assert.match(await page.locator("main").innerText(), /You have stopped following this repair/);
  });

  test(`a leaseholder is told which repairs are theirs, and reports a shared one (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    const page = await newPage({ javaScript, viewport: phone });
    await signIn(page, leaseholder);
    const before = (await api(leaseholder, "GET", "/api/v1/requests")).items.length;
    await page.goto("/repairs/new");
    const own = page.locator("#own-repairs");
    assert.match(await own.innerText(), /As the leaseholder, you arrange these repairs inside your home yourself/);
    assert.match(await own.innerText(), /Plumbing, taps and toilets: taps, sinks/);
    if (javaScript) await look(page, "report-leaseholder");

    // The kitchen tap, in their home: refused beside the field, with the reason; nothing reported.
    await page.locator("#where-home").check();
    await page.locator("#category-plumbing").check();
    await page.getByLabel("Describe the problem").fill("The kitchen tap drips");
    await page.getByRole("button", { name: "Send repair report" }).click();
    await page.waitForLoadState();
    const summary = page.locator(".govuk-error-summary");
    assert.match(await summary.innerText(), /As the leaseholder of this home, repairs to taps, sinks/);
    assert.equal(await summary.locator("a").first().getAttribute("href"), "#category-plumbing");
    assert.match(await page.locator("#category-error").innerText(), /are yours to arrange/);
    assert.equal((await api(leaseholder, "GET", "/api/v1/requests")).items.length, before, "nothing was reported");
    if (javaScript) await look(page, "report-leaseholder-own-repair");

    // A leak in the shared stairwell is the landlord's: a communal job for the block.
    await page.locator("#where-shared").check();
    await page.getByLabel("Describe the problem").fill("Water comes through the stairwell ceiling");
    await page.getByRole("button", { name: "Send repair report" }).click();
    await page.waitForLoadState();
    const ref = new URL(page.url()).pathname.split("/").pop();
    assert.match(ref, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/, page.url());
    const job = await api(account("officer"), "GET", `/api/v1/requests/${ref}`);
    assert.deepEqual([job.place.id, job.recharge], [block.id, true]);
  });
}

finalChecks();
