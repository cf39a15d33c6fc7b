// Browser tests of the tenant's side on a phone and a desktop, with JavaScript on and off: the confirmation
// after reporting (reference, target date, how they will hear), open repairs on the report page, photos kept
// across a form's errors and made smaller in the browser, the friendly page for a too-large upload, updates
// with photos that staff see, cancelling on a page of its own, "Is it fixed?" then the rating in one flow, and
// times as "1pm to 3pm". The shared set-up is in harness.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  account, actByApi, api, desktop, finalChecks, look, newPage, noteHeight, png, reportByApi, signIn, status,
  useMend,
} from "./harness.mjs";

useMend();

const photo = (name, extra = "") => ({ name, mimeType: "image/png", buffer: Buffer.concat([png, Buffer.from(extra)]) });
// A file that starts like a JPEG and is larger than the 5MB a photo may be: a phone camera's.
const phonePhoto = (name, bytes = 5.5e6) => ({
  name,
  mimeType: "image/jpeg",
  buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(Math.round(bytes) - 4)]),
});

const modes = [
  { javaScript: true, label: "" },
  { javaScript: false, label: "-nojs" },
];

async function staffWording(page) {
  const text = await page.locator("main").textContent();
  for (const staffWords of ["Note for the tenant", "the tenant can see this", "Internal note"]) {
    assert.ok(!text.includes(staffWords), `"${staffWords}" shown to a tenant on ${page.url()}`);
  }
}

async function toCompleted(description) {
  const ref = await reportByApi("plumbing", description);
  await actByApi(account("officer"), ref, "triage", { priority: "routine" });
  await actByApi(account("officer"), ref, "assign", { contractor_id: account("contractor").contractor_id });
  await actByApi(account("contractor"), ref, "start");
  await actByApi(account("contractor"), ref, "complete", { note: "Replaced the washer" });
  return ref;
}

for (const { javaScript, label } of modes) {
  test(`a tenant reports with 3 photos kept across an error and sees the reference and target date${label}`, async () => {
    const earlier = await reportByApi("heating", `Radiator cold in the hall${label}`);
    const tenant = await newPage({ javaScript });
    await signIn(tenant, account("tenant"));
    await tenant.goto("/repairs/new");
    // The tenant's open repairs come first, as links, to head off a second report of the same thing.
    assert.equal(await tenant.locator(`#open-repairs a[href="/jobs/${earlier}"]`).count(), 1);
    if (javaScript) await look(tenant, `tenant-report-open-repairs${label}`);

    await tenant.getByLabel("Plumbing, taps and toilets").check();
    await tenant.locator("#photos").setInputFiles([photo("sink.png", "1"), photo("tap.png", "2"), photo("floor.png", "3")]);
    await tenant.getByRole("button", { name: "Send repair report" }).click();
    await tenant.waitForLoadState();
    assert.match(await tenant.title(), /^Error: /);
    assert.match(await tenant.locator("#description-error").textContent(), /Describe the problem/);
    // The photos chosen before the error are kept, listed as already attached.
    assert.equal(await tenant.locator(".mend-kept-photos li").count(), 3);
    assert.match(await tenant.locator(".mend-kept-photos").textContent(), /sink\.png[\s\S]*tap\.png[\s\S]*floor\.png/);
    if (javaScript) await look(tenant, `tenant-report-error-kept-photos${label}`);

    await tenant.getByLabel("Describe the problem").fill(`The kitchen tap drips all night${label}`);
    await tenant.getByRole("button", { name: "Send repair report" }).click();
    await tenant.waitForLoadState();
    const reference = tenant.url().match(/\/jobs\/([A-Z0-9-]+)/)[1];
    const panel = tenant.locator(".govuk-panel--confirmation");
    assert.equal(await panel.getByRole("heading", { level: 1, name: "Repair reported" }).count(), 1);
    assert.equal((await tenant.locator("#confirmation-reference").textContent()).trim(), reference);
    const details = await tenant.locator("#confirmation-details").textContent();
    assert.match(details, /Target date\s*By [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ 20\d\d/);
    assert.match(details, /How we will tell you\s*\S/);
    assert.match(await tenant.locator("#what-happens-next + p").textContent(), /We will check your report/);
    assert.equal(await tenant.locator(".govuk-notification-banner").count(), 0, "the panel, not a bare Success banner");
    assert.equal(await tenant.locator(".mend-photos img").count(), 3);
    assert.equal(await tenant.locator("form#cancel-form").count(), 0, "cancel is a link to its own page");
    await staffWording(tenant);
    await noteHeight(tenant, `tenant-confirmation${label}`);
    await tenant.setViewportSize(desktop);
    await noteHeight(tenant, `tenant-confirmation${label}`);
    if (javaScript) await look(tenant, `tenant-confirmation${label}`);
    await tenant.context().close();
  });

  test(`a tenant cancels a repair on a page of its own, with an optional reason${label}`, async () => {
    const ref = await reportByApi("other", `Loose handrail${label}`);
    const tenant = await newPage({ javaScript });
    await signIn(tenant, account("tenant"));
    await tenant.goto(`/jobs/${ref}`);
    await tenant.getByRole("link", { name: "cancel it" }).click();
    await tenant.waitForLoadState();
    assert.match(tenant.url(), new RegExp(`/jobs/${ref}/cancel$`));
    assert.equal(await tenant.getByLabel("Why are you cancelling it? (optional)").count(), 1);
    await staffWording(tenant);
    if (javaScript) await look(tenant, `tenant-cancel${label}`);
    await tenant.getByRole("button", { name: "Yes, cancel this repair" }).click();
    await tenant.waitForLoadState();
    assert.equal(await status(tenant), "Cancelled");
    assert.match(await tenant.locator(".govuk-notification-banner").textContent(), /Your repair has been cancelled/);
    await tenant.context().close();
  });

  test(`a tenant adds an update with a photo, which the officer and the contractor see${label}`, async () => {
    const ref = await reportByApi("damp_mould", `Mould in the bedroom${label}`);
    await actByApi(account("officer"), ref, "triage", { priority: "routine" });
    await actByApi(account("officer"), ref, "assign", { contractor_id: account("contractor").contractor_id });
    const tenant = await newPage({ javaScript });
    await signIn(tenant, account("tenant"));
    await tenant.goto(`/jobs/${ref}`);
    await tenant.getByRole("button", { name: "Send update" }).click();
    await tenant.waitForLoadState();
    assert.match(await tenant.locator("#update-note-error").textContent(), /Enter your update, or choose a photo to send/);
    if (javaScript) await look(tenant, `tenant-update-error${label}`);
    const words = `It has got worse: black spots on the ceiling${label}`;
    await tenant.getByLabel("What do you want to tell us?").fill(words);
    await tenant.locator("#update-photos").setInputFiles([photo("ceiling.png", `ceiling${label}`)]);
    await tenant.getByRole("button", { name: "Send update" }).click();
    await tenant.waitForLoadState();
    assert.match(await tenant.locator(".govuk-notification-banner").textContent(), /Your update has been sent/);
    assert.match(await tenant.locator("#history + ol").textContent(), new RegExp(`Update from the tenant[\\s\\S]*${words}`));
    assert.equal(await tenant.locator(".mend-photos img").count(), 1);
    await staffWording(tenant);
    await noteHeight(tenant, `tenant-job-update-sent${label}`);
    if (javaScript) await look(tenant, `tenant-job-update-sent${label}`);

    for (const who of ["officer", "contractor"]) {
      const staff = await newPage({ javaScript, viewport: desktop });
      await signIn(staff, account(who));
      await staff.goto(`/jobs/${ref}`);
      assert.match(await staff.locator("main").textContent(), new RegExp(`Update from the tenant[\\s\\S]*${words}`));
      assert.equal(await staff.locator(".mend-photos img").count(), 1, `${who} sees the tenant's photo`);
      await staff.context().close();
    }
    const notices = await api(account("officer"), "GET", `/api/v1/requests/${ref}/notices`);
    const told = notices.items.filter((n) => n.event === "tenant_update");
    assert.ok(told.length > 0, "the officers get a notice of the update");
    assert.ok(told.every((n) => n.audience === "officer"));
    await tenant.context().close();
  });

  test(`"Is it fixed?" is one question, then the rating, and the page does not ask again${label}`, async () => {
    const ref = await toCompleted(`Dripping tap, fixed${label}`);
    const tenant = await newPage({ javaScript });
    await signIn(tenant, account("tenant"));
    await tenant.goto(`/jobs/${ref}`);
    const question = tenant.getByRole("group", { name: "Is it fixed?" });
    assert.equal(await question.count(), 1);
    assert.equal(await tenant.getByLabel("What is still wrong? (only if it is not fixed)").count(), 1);
    assert.equal(await tenant.locator("button.govuk-button--warning").count(), 0, "no red button");
    await noteHeight(tenant, `tenant-is-it-fixed${label}`);
    if (javaScript) await look(tenant, `tenant-is-it-fixed${label}`);
    await tenant.getByRole("button", { name: "Send answer" }).click();
    await tenant.waitForLoadState();
    assert.match(await tenant.locator("#fixed-answer-error").textContent(), /Select yes if the repair is fixed/);
    if (javaScript) await look(tenant, `tenant-is-it-fixed-error${label}`);

    await tenant.getByRole("group", { name: "Is it fixed?" }).getByLabel("Yes").check();
    await tenant.getByRole("button", { name: "Send answer" }).click();
    await tenant.waitForLoadState();
    assert.equal(await status(tenant), "Fixed");
    assert.match(await tenant.locator(".govuk-notification-banner").textContent(), /Thank you for telling us it is fixed/);
    assert.equal(await tenant.getByRole("group", { name: "Is it fixed?" }).count(), 0, "answered: not asked again");
    assert.equal(await tenant.getByRole("heading", { name: "Rate this repair" }).count(), 1);
    if (javaScript) await look(tenant, `tenant-fixed-rate${label}`);
    await tenant.getByRole("group", { name: "How satisfied are you with the repair?" }).getByLabel("Very satisfied").check();
    await tenant.getByRole("group", { name: "How satisfied are you with the time it took?" }).getByLabel("Fairly satisfied", { exact: true }).check();
    await tenant.getByRole("button", { name: "Send rating" }).click();
    await tenant.waitForLoadState();
    assert.match(await tenant.locator(".govuk-notification-banner").textContent(), /Thank you for rating this repair/);
    await tenant.reload();
    assert.equal(await tenant.getByRole("group", { name: "Is it fixed?" }).count(), 0);
    assert.equal(await tenant.locator("#rate-form").count(), 0);
    if (javaScript) await look(tenant, `tenant-fixed-rated${label}`);

    // No: the reason is needed, then the job goes back to be checked and the question is gone.
    const again = await toCompleted(`Dripping tap, not fixed${label}`);
    await tenant.goto(`/jobs/${again}`);
    await tenant.getByRole("group", { name: "Is it fixed?" }).getByLabel("No", { exact: true }).check();
    await tenant.getByRole("button", { name: "Send answer" }).click();
    await tenant.waitForLoadState();
    assert.match(await tenant.locator("#fixed-reason-error").textContent(), /Tell us what is still wrong/);
    assert.equal(await tenant.getByRole("group", { name: "Is it fixed?" }).getByLabel("No", { exact: true }).isChecked(), true);
    await tenant.getByLabel("What is still wrong? (only if it is not fixed)").fill("It still drips at night");
    await tenant.getByRole("button", { name: "Send answer" }).click();
    await tenant.waitForLoadState();
    assert.match(await tenant.locator(".govuk-notification-banner").textContent(), /We have reopened your repair/);
    assert.equal(await tenant.getByRole("group", { name: "Is it fixed?" }).count(), 0);
    assert.match(await tenant.locator("main").textContent(), /It still drips at night/);
    await tenant.context().close();
  });
}

test("appointments read as 1pm to 3pm, never a mix of 12- and 24-hour times", async () => {
  const ref = await reportByApi("electrical", "Socket sparks");
  await actByApi(account("officer"), ref, "triage", { priority: "urgent" });
  await actByApi(account("officer"), ref, "assign", { contractor_id: account("contractor").contractor_id });
  // 13:00 to 15:00 UTC on a winter day: 1pm to 3pm in the UK.
  await actByApi(account("contractor"), ref, "schedule", {
    appointment: { start: "2030-01-15T13:00:00Z", end: "2030-01-15T15:00:00Z" },
  });
  for (const who of ["tenant", "officer", "contractor"]) {
    const page = await newPage({ viewport: desktop });
    await signIn(page, account(who));
    await page.goto(`/jobs/${ref}`);
    const text = await page.locator("main").textContent();
    assert.match(text, /15 January 2030, 1pm to 3pm/, who);
    assert.doesNotMatch(text, /1:00pm|15:00/, who);
    await page.context().close();
  }
});

test("five phone photos of 5.5MB: made smaller in the browser with JavaScript, refused by name without", async () => {
  const plain = await newPage({ javaScript: false });
  await signIn(plain, account("tenant"));
  await plain.goto("/repairs/new");
  await plain.getByLabel("Plumbing, taps and toilets").check();
  await plain.getByLabel("Describe the problem").fill("Leak under the sink");
  // As files on disk: the browser reads them itself (a 27.5MB buffer sent over the protocol is slow).
  const folder = mkdtempSync(path.join(tmpdir(), "mend-phone-photos-"));
  const files = [1, 2, 3, 4, 5].map((n) => {
    const file = path.join(folder, `IMG_000${n}.jpg`);
    writeFileSync(file, phonePhoto(file).buffer);
    return file;
  });
  await plain.locator("#photos").setInputFiles(files);
  const [answer] = await Promise.all([
    plain.waitForResponse((r) => r.url().endsWith("/repairs/new") && r.request().method() === "POST", { timeout: 120000 }),
    plain.getByRole("button", { name: "Send repair report" }).click(),
  ]);
  assert.equal(answer.status(), 422, "a form error, not a raw 413");
  await plain.waitForLoadState();
  assert.match(await plain.locator("#photos-error").textContent(), /IMG_0001\.jpg must be smaller than 5MB/);
  await plain.context().close();
  rmSync(folder, { recursive: true, force: true });

  // With JavaScript, real camera-sized JPEGs are redrawn under the limit before sending.
  const phone = await newPage({ javaScript: true });
  await signIn(phone, account("tenant"));
  await phone.goto("/repairs/new");
  await phone.getByLabel("Plumbing, taps and toilets").check();
  await phone.getByLabel("Describe the problem").fill("Leak under the sink, with photos from my phone");
  const sizes = await phone.evaluate(async () => {
    // Noise compresses badly: a 2600 x 2000 JPEG of it at full quality is well over 5MB.
    const canvas = document.createElement("canvas");
    canvas.width = 2600;
    canvas.height = 2000;
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < image.data.length; i += 65536) {
      crypto.getRandomValues(image.data.subarray(i, Math.min(i + 65536, image.data.length)));
    }
    for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
    ctx.putImageData(image, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 1));
    const input = document.querySelector("#photos");
    const files = new DataTransfer();
    for (let n = 1; n <= 5; n++) files.items.add(new File([blob], `IMG_100${n}.jpg`, { type: "image/jpeg" }));
    input.files = files.files;
    input.dispatchEvent(new Event("change"));
    return blob.size;
  });
  assert.ok(sizes > 5 * 1024 * 1024, `the test photo is ${sizes} bytes`);
  await phone.waitForFunction(() => document.querySelector("#photos").dataset.shrunk === "5", null, { timeout: 60000 });
  const after = await phone.evaluate(() => [...document.querySelector("#photos").files].map((f) => f.size));
  assert.equal(after.length, 5);
  assert.ok(after.every((s) => s <= 5 * 1024 * 1024), `made smaller: ${after}`);
  await phone.getByRole("button", { name: "Send repair report" }).click();
  await phone.waitForURL(/\/jobs\/[A-Z0-9-]+/);
  // Sent and accepted; the same picture five times is stored once.
  assert.equal(await phone.locator(".mend-photos img").count(), 1);
  await phone.context().close();
});

test("an upload over the limit gets a page saying what to do, not JSON", async () => {
  const tenant = await newPage({ javaScript: false });
  await signIn(tenant, account("tenant"));
  await tenant.goto("/repairs/new");
  await tenant.getByLabel("Plumbing, taps and toilets").check();
  await tenant.getByLabel("Describe the problem").fill("Leak under the sink");
  // A body of 43.2MB: more than the 41 MiB an upload may be.
  const csrf = await tenant.locator("input[name=csrf_token]").first().inputValue();
  const res = await tenant.request.post("/repairs/new", {
    multipart: {
      csrf_token: csrf,
      category: "plumbing",
      description: "Leak",
      photos: phonePhoto("IMG_2001.jpg", 43.2e6),
    },
    maxRedirects: 0,
  });
  assert.equal(res.status(), 413);
  assert.match(res.headers()["content-type"], /^text\/html/);
  const html = await res.text();
  assert.match(html, /<h1 class="govuk-heading-l">Your photos are too large to send<\/h1>/);
  assert.match(html, /href="\/repairs\/new"/);
  // The page itself, as a browser on the site shows it, is accessible.
  const shown = await newPage();
  await shown.goto("/login");
  await shown.setContent(html);
  await look(shown, "tenant-upload-too-large");
  await shown.context().close();
  await tenant.context().close();
});

finalChecks();
