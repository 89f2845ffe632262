// Drives the leftover walk in a running code-server: opens a draft PEP, presses Alt+] / Alt+[
// and runs "PEP: Go to next leftover" from the palette, reading the cursor and selection from the
// status bar after each. It observes; tests/editors/test_vscode_leftovers.py judges.
// Usage: node leftovers.mjs SPEC.json RESULT.json     SPEC: { url, folder, file, artifacts, keys }
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { launch, pageHelpers } from "./ui.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const [specPath, resultPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
mkdirSync(spec.artifacts, { recursive: true });

const result = { positions: [], palette: null, errors: [] };
let page;
const { until } = pageHelpers(() => page);

async function selection() {
  const item = page.locator("#status\\.editor\\.selection");
  return ((await item.textContent().catch(() => "")) ?? "").replace(/\u00a0/g, " ").trim();
}

/** Presses a key (or runs a step) until the status bar's position changes; the new position. */
async function moveWith(action, timeoutMs) {
  const before = await selection();
  await action();
  let now = await until(async () => ((await selection()) !== before ? await selection() : null), 5000);
  const deadline = Date.now() + timeoutMs;
  while (!now && Date.now() < deadline) {
    await action(); // the server may still be starting: the first presses find no client yet
    now = await until(async () => ((await selection()) !== before ? await selection() : null), 3000);
  }
  return now ?? before;
}

const browser = await launch(chromium);
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  await page.goto(`${spec.url}/?folder=${encodeURIComponent(spec.folder)}`);
  await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 90000 });
  await until(async () => (await page.locator(".explorer-folders-view .monaco-list-row").count()) > 0, 30000);
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input.input");
  await input.waitFor({ state: "visible", timeout: 10000 });
  await input.fill(spec.file);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: spec.file }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press("Enter");
  await page.locator(`.tab[data-resource-name="${spec.file}"]`).waitFor({ timeout: 20000 });
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Home");
  await until(async () => (await selection()).startsWith("Ln 1, Col 1"), 10000);
  for (const [index, key] of spec.keys.entries()) {
    result.positions.push(await moveWith(() => page.keyboard.press(key), index === 0 ? 60000 : 10000));
    await page.screenshot({ path: join(spec.artifacts, `leftover-${index + 1}.png`) });
  }
  // The same from the command palette, by the title a user finds there.
  result.palette = await moveWith(async () => {
    await page.keyboard.press("F1");
    await input.waitFor({ state: "visible", timeout: 10000 });
    await input.fill(">PEP: Go to next leftover");
    const row = page.locator(".quick-input-list .monaco-list-row", { hasText: "Go to next leftover" }).first();
    await row.waitFor({ state: "visible", timeout: 10000 });
    await page.keyboard.press("Enter");
  }, 10000);
  await page.screenshot({ path: join(spec.artifacts, "leftover-palette.png") });
} catch (error) {
  result.errors.push(String(error?.stack ?? error));
} finally {
  writeFileSync(resultPath, JSON.stringify(result, null, 2));
  await browser.close();
}
