// Shared problems (issue 19), first step: an admin puts homes in blocks and estates on the Homes page, with and
// without JavaScript; the table shows each home's block and estate; a home put in a block on another estate
// is refused next to the field, with what was typed kept and nothing added.
import { test } from "node:test";
import assert from "node:assert/strict";
import { account, cli, desktop, finalChecks, look, newPage, signIn, useMend } from "./harness.mjs";

let estate, block, other;
useMend({
  prepare: () => {
    estate = cli("place", "add", "--kind", "estate", "--name", "Agar Estate", "--address", "Agar Grove, London NW1");
    other = cli("place", "add", "--kind", "estate", "--name", "Maiden Estate", "--address", "Maiden Lane, London NW1");
    block = cli("place", "add", "--kind", "block", "--name", "Agar House", "--address", "1-40 Agar Grove, London",
                "--estate", String(estate.id));
  },
});

function rowOf(page, uprn) {
  return page.locator("tbody tr", { has: page.locator(`td:text-is("${uprn}")`) });
}

async function addHome(page, uprn, blockName, estateName) {
  await page.getByLabel("UPRN").fill(uprn);
  await page.getByLabel("Address", { exact: true }).fill(`Flat ${uprn.slice(-1)}, Agar House`);
  await page.getByLabel("Postcode").fill("NW1 9AB");
  await page.getByLabel("Block (optional)").selectOption({ label: blockName });
  await page.getByLabel("Estate (optional)").selectOption({ label: estateName });
  await page.getByRole("button", { name: "Add home" }).click();
  await page.waitForLoadState();
}

for (const javaScript of [true, false]) {
  test(`an admin puts a home in a block on the Homes page (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    const page = await newPage({ javaScript, viewport: desktop });
    await signIn(page, account("admin"));
    await page.goto("/homes");
    if (javaScript) await look(page, "homes-with-places"); // axe runs only where JavaScript does

    const uprn = javaScript ? "100000000301" : "100000000302";
    await addHome(page, uprn, "Agar House", "No estate, or the block's");
    assert.equal(new URL(page.url()).pathname, "/homes");
    const row = rowOf(page, uprn);
    assert.equal(await row.count(), 1);
    const cells = await row.locator("td").allInnerTexts();
    assert.deepEqual(cells.slice(3, 5), ["Agar House", "Agar Estate"], "a home in a block is on its estate");

    const refused = javaScript ? "100000000311" : "100000000312";
    await addHome(page, refused, "Agar House", "Maiden Estate");
    assert.match(await page.locator(".govuk-error-summary").innerText(), /lies on another estate/);
    assert.match(await page.locator("#estate-error").innerText(), /lies on another estate/);
    assert.equal(await page.getByLabel("UPRN").inputValue(), refused, "what was typed is kept");
    assert.equal(await page.getByLabel("Estate (optional)").inputValue(), String(other.id));
    assert.equal(await rowOf(page, refused).count(), 0, "nothing was added");
    if (javaScript) await look(page, "homes-place-refused");
  });
}

test("officers read each home's block and estate but add nothing", async () => {
  const page = await newPage({ viewport: desktop });
  await signIn(page, account("officer"));
  await page.goto("/homes");
  assert.equal(await page.getByLabel("Block (optional)").count(), 0);
  const cells = await rowOf(page, "100000000301").locator("td").allInnerTexts();
  assert.deepEqual(cells.slice(3, 5), [block.name, "Agar Estate"]);
  await look(page, "homes-officer-places");
});

finalChecks();
