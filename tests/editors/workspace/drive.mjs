// Drives code-server (VS Code with the packaged extension) over a workspace of proposals, as a
// user: hover on a `PEP 2` mention, F12 on it, Ctrl+T for workspace symbols, F2 on a heading and
// Save All. It observes; tests/editors/test_vscode_workspace.py judges.
// Usage: node drive.mjs SPEC.json RESULT.json
// SPEC: { url, folder, vscodeDir, artifacts, mention: [line, column], heading: [line, column], newName }
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { launch, pageHelpers } from "../../../editors/vscode/e2e/ui.mjs";

const [specPath, resultPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const require = createRequire(join(spec.vscodeDir, "package.json"));
const { chromium } = require("playwright-core");
mkdirSync(spec.artifacts, { recursive: true });

const result = { steps: {}, errors: {} };
let page;
const { until, command, goTo } = pageHelpers(() => page);

async function step(name, fn) {
  try {
    result.steps[name] = (await fn()) ?? {};
  } catch (error) {
    result.errors[name] = String(error?.stack ?? error);
  }
  try {
    await page.screenshot({ path: join(spec.artifacts, `${name}.png`) });
  } catch {
    /* the page is gone */
  }
  writeFileSync(resultPath, JSON.stringify(result, null, 1));
}

async function open(file) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input.input");
  await input.waitFor({ state: "visible", timeout: 10000 });
  await input.fill(file);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: file }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press("Enter");
  await page.locator(`.tab.active[data-resource-name="${file}"]`).waitFor({ timeout: 20000 });
}

const browser = await launch(chromium);
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();

  await step("01-open", async () => {
    await page.goto(`${spec.url}/?folder=${encodeURIComponent(spec.folder)}`);
    await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 90000 });
    await until(async () => (await page.locator(".explorer-folders-view .monaco-list-row").count()) > 0, 30000);
    await open("pep-0001.md");
    return {};
  });

  await step("02-hover", async () => {
    // The index is built in the background: hover until the proposal's card shows.
    const texts = await until(async () => {
      await goTo(...spec.mention);
      await command("Show or Focus Hover");
      await page.waitForTimeout(500);
      const found = await page.$$eval(".monaco-hover:not(.hidden) .hover-row", (els) => els.map((el) => el.innerText));
      return found.some((text) => text.includes("Structured logging")) ? found : null;
    }, 60000, 500);
    return { texts: texts ?? [] };
  });

  await step("03-definition", async () => {
    await goTo(...spec.mention);
    const selectionText = async () => page.locator("#status\\.editor\\.selection").innerText().catch(() => "");
    const before = await selectionText();
    await page.keyboard.press("F12");
    await page.locator('.tab.active[data-resource-name="pep-0002.md"]').waitFor({ timeout: 20000 });
    // The status bar follows the new editor a moment later.
    const selection = await until(async () => {
      const text = await selectionText();
      return text.includes("Ln") && text !== before ? text : null;
    }, 10000);
    return { tab: "pep-0002.md", selection };
  });

  await step("04-symbols", async () => {
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+T");
    const input = page.locator(".quick-input-widget input.input");
    await input.waitFor({ state: "visible", timeout: 10000 });
    await input.fill("#logg");
    const labels = await until(async () => {
      const found = await page.$$eval(".quick-input-list .monaco-list-row .label-name", (els) => els.map((el) => el.innerText.trim()));
      return found.length ? found : null;
    }, 20000);
    await page.keyboard.press("Escape");
    return { labels: labels ?? [] };
  });

  await step("05-rename", async () => {
    await open("pep-0002.md");
    await goTo(...spec.heading);
    await page.keyboard.press("F2");
    const input = page.locator(".rename-box input, .rename-widget input, .rename-input");
    await input.first().waitFor({ state: "visible", timeout: 10000 });
    const placeholder = await input.first().inputValue();
    await input.first().fill(spec.newName);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(1500);
    await command("File: Save All");
    await page.waitForTimeout(1000);
    return { placeholder };
  });
} finally {
  await browser.close();
  writeFileSync(resultPath, JSON.stringify(result, null, 1));
}
