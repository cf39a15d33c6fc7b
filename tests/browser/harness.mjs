// What every browser test file shares: a mend server on a demo database, Debian's chromium driven by
// playwright-core (never a downloaded browser), axe-core on every page, sign-in, the JSON API for set-up.
// A test file calls useMend() once at the top and finalChecks() once at the end. Run by ctest
// (tests/CMakeLists.txt: node --test over tests/browser/, each *.test.mjs in its own process, with its own server
// and browser) with MEND_BIN set; screenshots go to MEND_SCREENSHOTS (the build directory's screenshots/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const mendBin = process.env.MEND_BIN;
export const shots = process.env.MEND_SCREENSHOTS || path.join(tmpdir(), "mend-screenshots");
export const phone = { width: 375, height: 812 };
export const desktop = { width: 1280, height: 900 };
// A 1x1 PNG and the start of a JPEG: enough for mend's magic-byte check and for the browser to draw.
export const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

// Set by useMend()'s before hook: read them inside tests (ES module bindings are live).
export let dataDir, server, base, browser, demo;
const axeFailures = [];
const cspErrors = [];

export function account(role, index = 0) {
  return demo.accounts.filter((a) => a.role === role)[index];
}

// The mend CLI on this file's data directory, answering JSON.
export function cli(...args) {
  return JSON.parse(execFileSync(mendBin, [...args, "--data", dataDir], { encoding: "utf8" }));
}

// A demo database, then prepare() (CLI set-up of the file's own), then `mend serve` with the [clocks] scan every
// second (a job made overdue is marked within a test's patience), the file's extra config and environment.
async function startServer(prepare, config, env) {
  dataDir = mkdtempSync(path.join(tmpdir(), "mend-browser-"));
  demo = JSON.parse(execFileSync(mendBin, ["demo", "--data", dataDir], { encoding: "utf8" }));
  await prepare?.();
  const file = path.join(dataDir, "mend.toml");
  writeFileSync(file, `[clocks]\nscan_interval_seconds = 1\n${config ?? ""}`);
  server = spawn(mendBin, ["serve", "--config", file, "--data", dataDir, "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  base = await listening(server, "mend");
}

// The address a server (mend, or a fake) prints once it accepts connections: "listening on http://HOST:PORT".
export function listening(child, what) {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 30 s`)), 30000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[0-9.]+:[0-9]+)\r?\n/); // a whole line: output may arrive split
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}

// Registers the file's before and after hooks: a server (see startServer) and a browser, both stopped after.
export function useMend({ prepare, config, env } = {}) {
before(async () => {
  assert.ok(mendBin, "MEND_BIN must be the path of the mend binary");
  mkdirSync(shots, { recursive: true });
  await startServer(prepare, config, env);
  const args = [
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
  ];
  if (process.getuid && process.getuid() === 0) {
    args.push("--no-sandbox"); // chromium refuses to run as root with its sandbox
  }
  // playwright-core gives each launch a fresh --user-data-dir of its own.
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args });
});

after(async () => {
  await browser?.close();
  if (server) {
    const exited = new Promise((resolve) => server.on("exit", resolve));
    server.kill("SIGTERM");
    assert.equal(await exited, 0, "mend should exit 0 on SIGTERM");
  }
  if (dataDir) {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
}

// The last test of a file: every page checked by look() or checkAxe() had no axe violation, and nothing the
// pages did broke the CSP or opened a dialog.
export function finalChecks() {
  test("axe-core finds no WCAG 2.2 AA violations, and nothing broke the CSP", () => {
    assert.deepEqual(axeFailures, []);
    assert.deepEqual(cspErrors, []);
  });
}

export async function newPage({ javaScript = true, viewport = phone, baseURL = base } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport, baseURL });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) {
      cspErrors.push(`${page.url()}: ${msg.text()}`);
    }
  });
  page.on("dialog", async (dialog) => {
    cspErrors.push(`a dialog opened on ${page.url()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return page;
}

// axe-core with the WCAG 2.2 A and AA rules. Evaluated over the DevTools protocol, which the page's CSP does
// not govern, so the CSP stays in force for everything the page itself does.
export async function checkAxe(page, name) {
  const javaScript = await page.evaluate("1").then(() => true, () => false);
  if (!javaScript) {
    return; // a page in a context without JavaScript cannot run axe; the same page is checked with it
  }
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
  );
  for (const v of result.violations) {
    axeFailures.push(`${name} (${page.url()}): ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
  }
}

// Screenshots at phone and desktop widths, then axe.
export async function look(page, name) {
  const size = page.viewportSize();
  await page.setViewportSize(phone);
  await page.screenshot({ path: path.join(shots, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(desktop);
  await page.screenshot({ path: path.join(shots, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(size);
  await checkAxe(page, name);
}

export async function signIn(page, who, password = who.password) {
  await page.goto("/login");
  await page.getByLabel("Email address or mobile phone number").fill(who.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState();
}

export async function status(page) {
  return (await page.locator("main .govuk-tag").first().textContent()).trim();
}

export async function act(page, form, fill, button) {
  const f = page.locator(`#${form}-form`);
  // On the staff's job page the actions aside from the next step are folded under "Other actions".
  const folded = page.locator(`details:not([open]):has(#${form}-form) > summary`);
  if (await folded.count()) {
    await folded.click();
  }
  if (fill) {
    await fill(f);
  }
  await f.getByRole("button", { name: button }).click();
  await page.waitForLoadState();
}

// The JSON API, to set a job up quickly where the pages under test come later in its life.
export async function api(who, method, url, body, at = base) {
  const headers = { Authorization: `Bearer ${who.token}` };
  if (body) {
    headers["Content-Type"] = "application/json";
  }
  const res = await fetch(at + url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function reportByApi(category, description) {
  const tenant = account("tenant");
  const home = demo.properties.find((p) => p.tenant_id === tenant.id);
  return (await api(tenant, "POST", "/api/v1/requests", { uprn: home.uprn, category, description })).reference;
}

export function actByApi(who, ref, action, params = {}) {
  return api(who, "POST", `/api/v1/requests/${ref}/actions`, { action, ...params });
}

// A port nothing listens on: connecting to it is refused, as to a mail server that is down.
export async function closedPort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function until(check, what, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// The whole page's height in CSS pixels: the height of a full-page screenshot, which needs no JavaScript.
export async function pageHeight(page) {
  return (await page.screenshot({ fullPage: true })).readUInt32BE(20);
}

// Page heights go to heights.txt next to the screenshots, for the note on the change.
export async function noteHeight(page, name) {
  const size = page.viewportSize();
  const height = await pageHeight(page);
  appendFileSync(path.join(shots, "heights.txt"), `${name} ${size.width}x${size.height}: ${height}px\n`);
  return height;
}

